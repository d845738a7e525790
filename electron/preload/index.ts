import { contextBridge, ipcRenderer } from 'electron';
import {
  BRIDGE_NAME,
  type DesktopAuthBridge,
  type EventChannel,
  type EventChannels,
  type InvokeChannel,
  type InvokeChannels,
} from '../shared/ipc-contract.js';

/** Typed `invoke`: the channel decides the arguments and the result. */
function invoke<C extends InvokeChannel>(
  channel: C,
  ...args: InvokeChannels[C]['args']
): Promise<InvokeChannels[C]['result']> {
  return ipcRenderer.invoke(channel, ...args) as Promise<InvokeChannels[C]['result']>;
}

/**
 * One method per channel and nothing else: the renderer gets no `ipcRenderer`, no generic send,
 * and no way to reach a token (Electron security checklist §3, context isolation).
 */
const bridge: DesktopAuthBridge = {
  getInfo: () => invoke('app:get-info'),
  getState: () => invoke('auth:get-state'),
  signIn: () => invoke('auth:sign-in'),
  signInAgain: () => invoke('auth:sign-in-again'),
  cancel: () => invoke('auth:cancel'),
  reopenBrowser: () => invoke('auth:reopen-browser'),
  copySignInLink: () => invoke('auth:copy-sign-in-link'),
  signOut: () => invoke('auth:sign-out'),
  request: (request) => invoke('api:request', request),
  stepUp: (askId) => invoke('api:step-up', askId),
  checkProvider: () => invoke('provider:check'),
  copyDetails: () => invoke('app:copy-details'),
  onStateChanged: (listener) => subscribe('auth:state-changed', listener),
  onProviderCheck: (listener) => subscribe('app:provider-check', listener),
};

/** Forward one main-to-renderer event to a listener; returns the function that unsubscribes. */
function subscribe<C extends EventChannel>(
  channel: C,
  listener: (payload: EventChannels[C]) => void,
): () => void {
  const forward = (_event: Electron.IpcRendererEvent, payload: EventChannels[C]): void => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge);
