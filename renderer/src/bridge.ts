import { BRIDGE_NAME, type DesktopAuthBridge } from '../../electron/shared/ipc-contract.js';

declare global {
  interface Window {
    readonly [BRIDGE_NAME]?: DesktopAuthBridge;
  }
}

/** The preload's bridge, the renderer's only way to the main process. */
export function getBridge(): DesktopAuthBridge | undefined {
  return window[BRIDGE_NAME];
}
