import type { BRIDGE_NAME, DesktopAuthBridge } from '../../electron/shared/ipc-contract.js';

declare global {
  interface Window {
    /** Exposed by the preload (contextBridge); absent when the preload did not run. */
    readonly [BRIDGE_NAME]?: DesktopAuthBridge;
  }
}
