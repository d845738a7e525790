import { contextBridge, ipcRenderer } from 'electron';
import {
  BRIDGE_NAME,
  type DesktopAuthBridge,
  type InvokeChannel,
  type InvokeChannels,
  type SessionView,
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
  cancel: () => invoke('auth:cancel'),
  reopenBrowser: () => invoke('auth:reopen-browser'),
  signOut: () => invoke('auth:sign-out'),
  request: (request) => invoke('api:request', request),
  checkProvider: () => invoke('provider:check'),
  onStateChanged(listener) {
    const forward = (_event: Electron.IpcRendererEvent, view: SessionView): void => listener(view);
    ipcRenderer.on('auth:state-changed', forward);
    return () => {
      ipcRenderer.removeListener('auth:state-changed', forward);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge);
