import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventChannel, EventChannels, InvokeChannel } from '../shared/ipc-contract.js';
import type { IpcHandlers } from './ipc-handlers.js';
import { APP_ORIGIN } from '../shared/app-identity.js';

/** Whether a frame URL is our renderer. Compared by parts: Node gives non-special schemes an opaque origin. */
export function isAppUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}` === APP_ORIGIN;
}

/**
 * Whether an IPC message comes from the app window's top frame showing our own content. Checked
 * on every call: an iframe, a navigated-away page or another window gets nothing
 * (Electron security checklist §17, "Validate the sender of all IPC messages").
 */
export function isTrustedSender(event: IpcMainInvokeEvent, trusted: () => WebContents | undefined): boolean {
  const contents = trusted();
  const frame = event.senderFrame;
  return (
    contents !== undefined &&
    event.sender.id === contents.id &&
    frame !== null &&
    frame === event.sender.mainFrame &&
    isAppUrl(frame.url)
  );
}

/**
 * Register every invoke handler through one checked path. The channel names and result types come
 * from the shared contract, so main, preload and renderer cannot drift apart.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: IpcHandlers,
  trusted: () => WebContents | undefined,
): void {
  for (const channel of Object.keys(handlers) as InvokeChannel[]) {
    const handler = handlers[channel] as (...args: unknown[]) => Promise<unknown>;
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      // Not a Result: an untrusted frame is not a caller to explain things to. Its invoke rejects.
      if (!isTrustedSender(event, trusted)) throw new Error('IPC refused: the sender is not the app window');
      return handler(...args);
    });
  }
}

/** Push an event to the renderer, typed by the shared contract. */
export function sendEvent<C extends EventChannel>(
  contents: WebContents,
  channel: C,
  payload: EventChannels[C],
): void {
  if (!contents.isDestroyed()) contents.send(channel, payload);
}
