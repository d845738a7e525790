import { resolve } from 'node:path';
import { devDesktopEntryName } from '../auth/redirect/redirect-scheme.js';
import type { ElectronSurface } from './electron-surface.js';

export interface SchemeRegistration {
  /** Ask the OS to send `<scheme>:` URLs to this app; false when it refused. */
  register(): boolean;
  /** Whether the OS currently routes `<scheme>:` URLs to this app. */
  isRegistered(): boolean;
}

/**
 * Registration of the private-use scheme (RFC 8252 §7.1) with the OS, for packaged builds and
 * development checkouts alike.
 *
 * - Packaged builds are registered by their installer; these calls confirm it.
 * - In development (`electron <entry>`) the OS must start this Electron binary with the entry
 *   script, on Windows and macOS (macOS honours it only for schemes in the bundle's Info.plist,
 *   so development there usually falls back to loopback in `auto` mode).
 * - On Linux Electron checks and sets the handler for the desktop entry named by
 *   `app.setDesktopName`; in development that is the entry `npm run register-scheme` writes.
 */
export function schemeRegistration(
  app: ElectronSurface['app'],
  scheme: string,
  options: {
    readonly isDefaultApp: boolean;
    readonly argv: readonly string[];
    readonly execPath: string;
    readonly platform: NodeJS.Platform;
  },
): SchemeRegistration {
  const entry = options.isDefaultApp ? options.argv[1] : undefined;
  if (entry && options.platform === 'linux') app.setDesktopName(devDesktopEntryName(scheme));
  const launch = entry ? { path: options.execPath, args: [resolve(entry)] } : undefined;
  return {
    register: () =>
      launch
        ? app.setAsDefaultProtocolClient(scheme, launch.path, launch.args)
        : app.setAsDefaultProtocolClient(scheme),
    isRegistered: () =>
      launch
        ? app.isDefaultProtocolClient(scheme, launch.path, launch.args)
        : app.isDefaultProtocolClient(scheme),
  };
}
