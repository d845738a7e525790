/**
 * The `electron` module as the built main process sees it in the built-app tests: the only part of
 * the shipped app that is replaced. It runs inside the child Node process that imports
 * `out/main/index.js` (a resolution hook points `electron` here), records what the app does to
 * Electron, and takes commands from the test over Node's IPC channel.
 *
 * When the app's window loads its page, the built preload runs as Electron runs a sandboxed one
 * (see `run-preload.ts`), and the bridge it exposes is what the test hands to the renderer in
 * Chromium. Calls come back as if from that window's top frame.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeApp, FakeBrowserWindow, FakeMenu, type FakeWebContents } from '../fake-electron.js';
import { carryWithNodeFetch, FakeNet, FakeSession } from '../fake-electron-net.js';
import type { AppRecord, ChildMessage, MenuItemRecord, ParentCommand } from './messages.js';
import { STAND_IN_ENV } from './messages.js';
import { observeSecrets } from './observe-secrets.js';
import { exposeAcrossProcesses } from './remote-bridge.js';
import { runPreload } from './run-preload.js';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

function send(message: ChildMessage): void {
  process.send?.(message);
}
const record = (entry: AppRecord): void => send(entry);

/** Every fetch the main process makes, seen on its way: the tests check nothing secret leaks. */
observeSecrets(record);

class StandInApp extends FakeApp {
  override getAppPath(): string {
    return process.env[STAND_IN_ENV.appPath] ?? process.cwd();
  }
  override getPath(): string {
    return process.env[STAND_IN_ENV.userData] ?? process.cwd();
  }
  /** Like Electron's: the version in the app's package.json. */
  override getVersion(): string {
    const manifest = JSON.parse(readFileSync(join(this.getAppPath(), 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  }
  override quit(): void {
    super.quit();
    record({ kind: 'quit' });
    this.exit(0);
  }
  override setAsDefaultProtocolClient(...args: unknown[]): boolean {
    record({ kind: 'scheme-client', args });
    return super.setAsDefaultProtocolClient(...args);
  }
  /** Like Electron's: ends the process with `code`, once the records before it have gone out. */
  exit(code = 0): void {
    process.send?.({ kind: 'exit', code } satisfies ChildMessage, () => process.exit(code));
  }
}

const ipcHandlers = new Map<string, Handler>();
const windows: StandInWindow[] = [];

class StandInWindow extends FakeBrowserWindow {
  constructor(options: ConstructorParameters<typeof FakeBrowserWindow>[0]) {
    super(options);
    windows.push(this);
    const at = performance.now();
    record({ kind: 'window', id: this.webContents.id, options: structuredClone(options), at });
    this.webContents.on('sent', (channel: string, payload: unknown) =>
      record({ kind: 'sent', channel, payload }),
    );
  }

  /** Loading the page is when Electron runs the preload, in the renderer, before the page's scripts. */
  override async loadURL(url: string): Promise<void> {
    await super.loadURL(url);
    this.webContents.mainFrame.url = url;
    record({ kind: 'loaded', id: this.webContents.id, url });
    try {
      runPreload(this.options.webPreferences?.preload, rendererElectron(this.webContents));
    } catch (error) {
      record({ kind: 'preload-failed', message: (error as Error).message });
    }
    setImmediate(() => this.emit('ready-to-show'));
  }

  override show(): void {
    super.show();
    record({ kind: 'shown', id: this.webContents.id });
  }
}

/** What `require('electron')` gives the preload: the renderer's half, wired to main's handlers. */
function rendererElectron(contents: FakeWebContents) {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  contents.on('sent', (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: null }, structuredClone(payload));
  });
  return {
    contextBridge: {
      exposeInMainWorld(name: string, api: Record<string, unknown>) {
        const members = Object.fromEntries(Object.entries(api).map(([key, value]) => [key, typeof value]));
        exposeAcrossProcesses(name, api, send);
        record({ kind: 'exposed', name, members });
      },
    },
    ipcRenderer: {
      async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
        const handler = ipcHandlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
        const event = { sender: contents, senderFrame: contents.mainFrame, processId: 1, frameId: 1 };
        try {
          return structuredClone(await handler(event, ...structuredClone(args)));
        } catch (error) {
          throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
        }
      },
      on(channel: string, listener: (event: unknown, payload: unknown) => void) {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      },
      removeListener(channel: string, listener: (event: unknown, payload: unknown) => void) {
        listeners.get(channel)?.delete(listener);
      },
    },
  };
}

class StandInMenu extends FakeMenu {
  override setApplicationMenu(menu: Parameters<FakeMenu['setApplicationMenu']>[0]): void {
    super.setApplicationMenu(menu);
    record({ kind: 'menu', template: describeMenu(menu) });
  }
}

function describeMenu(items: ReadonlyArray<MenuItemRecord & { click?: unknown }>): MenuItemRecord[] {
  return items.map(({ id, label, role, enabled, submenu }) => ({
    ...(id === undefined ? {} : { id }),
    ...(label === undefined ? {} : { label }),
    ...(role === undefined ? {} : { role }),
    ...(enabled === undefined ? {} : { enabled }),
    ...(submenu ? { submenu: describeMenu(submenu) } : {}),
  }));
}

const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();

export const app = new StandInApp(process.cwd());
export const BrowserWindow = StandInWindow;
export const Menu = new StandInMenu();
export const ipcMain = {
  handle(channel: string, handler: Handler) {
    ipcHandlers.set(channel, handler);
    record({ kind: 'handled', channel });
  },
};
export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown) {
    record({ kind: 'privileged', schemes: structuredClone(schemes) });
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
    protocolHandlers.set(scheme, handler);
    record({ kind: 'protocol', scheme });
  },
};
export const shell = {
  openExternal(url: string) {
    record({ kind: 'opened', url });
    return Promise.resolve();
  },
};
export const dialog = {
  showErrorBox(title: string, content: string) {
    record({ kind: 'dialog', title, content });
  },
};
/** Chromium's network stack, played by Node's fetch: the global one, which observeSecrets watches. */
export const net = new FakeNet();
net.carry = (request) => {
  const url = new URL(request.url);
  record({
    kind: 'net-request',
    method: request.options.method ?? 'GET',
    url: `${url.origin}${url.pathname}`,
  });
  return carryWithNodeFetch(request);
};
export const session = { defaultSession: new FakeSession() };
/** Like Electron's: what was written last is what is read back. */
let clipboardText = '';
export const clipboard = {
  writeText(text: string) {
    clipboardText = text;
    record({ kind: 'clipboard', text });
  },
  readText(): string {
    return clipboardText;
  },
};

process.on('message', (command: ParentCommand) => void obey(command));

async function obey(command: ParentCommand): Promise<void> {
  switch (command.kind) {
    case 'ready':
      return app.becomeReady();
    case 'emit':
      if (command.event === 'second-instance') app.emit('second-instance', {}, command.argv, '/');
      else if (command.event === 'open-url') app.emit('open-url', { preventDefault() {} }, command.url);
      else app.emit('activate');
      return;
    case 'fetch':
      return reply(command.requestId, async () => {
        const handler = protocolHandlers.get(new URL(command.url).protocol.replace(/:$/, ''));
        if (!handler) throw new Error(`no protocol handler for ${command.url}`);
        const response = await handler(new Request(command.url, { method: command.method }));
        return {
          status: response.status,
          headers: [...response.headers.entries()],
          body: new Uint8Array(await response.arrayBuffer()),
        };
      });
    case 'menu-click':
      return reply(command.requestId, () => Menu.item(command.id).click?.());
    default:
      return; // bridge calls are answered by remote-bridge.ts
  }
}

async function reply(requestId: number, work: () => unknown): Promise<void> {
  try {
    send({ kind: 'reply', requestId, ok: true, value: await work() });
  } catch (error) {
    send({ kind: 'reply', requestId, ok: false, error: String(error) });
  }
}

export { windows as openedWindows };
