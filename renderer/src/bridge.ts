import { BRIDGE_NAME, type DesktopAuthBridge } from '../../electron/shared/ipc-contract.js';

/** Shown when the preload did not expose the bridge, naming what is missing so it can be fixed. */
export const MISSING_BRIDGE_MESSAGE =
  `The connection to the app is missing (window.${BRIDGE_NAME} is not defined): ` +
  'the preload script did not run. Reinstall or restart the app.';

/**
 * The preload's bridge: the renderer's only way to the main process. Undefined when it is not
 * there, e.g. when the page is opened outside the app; the caller shows {@link MISSING_BRIDGE_MESSAGE}.
 */
export function findBridge(): DesktopAuthBridge | undefined {
  const bridge = window[BRIDGE_NAME];
  return typeof bridge === 'object' && typeof bridge.getState === 'function' ? bridge : undefined;
}
