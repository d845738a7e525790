import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Clipboard,
  Dialog,
  IpcMain,
  Menu,
  Net,
  Protocol,
  Session,
  Shell,
} from 'electron';

/**
 * The slice of Electron the main process uses, named once. `run-app.ts` depends on this rather
 * than on the `electron` module, so tests can hand it a small fake while `npm run typecheck`
 * still checks every call against Electron's real types.
 */
export interface ElectronSurface {
  readonly app: Pick<
    App,
    | 'on'
    | 'once'
    | 'quit'
    | 'whenReady'
    | 'requestSingleInstanceLock'
    | 'setAsDefaultProtocolClient'
    | 'isDefaultProtocolClient'
    | 'setDesktopName'
    | 'getAppPath'
    | 'getPath'
    | 'getVersion'
    | 'isPackaged'
    | 'isReady'
    | 'focus'
  >;
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  readonly ipcMain: Pick<IpcMain, 'handle'>;
  readonly protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  readonly shell: Pick<Shell, 'openExternal'>;
  readonly dialog: Pick<Dialog, 'showErrorBox'>;
  readonly Menu: Pick<typeof Menu, 'buildFromTemplate' | 'setApplicationMenu'>;
  /** `readText` only to take back a copied sign-in link that is still there once its attempt ends. */
  readonly clipboard: Pick<Clipboard, 'writeText' | 'readText'>;
  /** Chromium's network stack: all HTTP from main, unless the `httpStack` setting says `node`. */
  readonly net: Pick<Net, 'request'>;
  /** Only to name the system proxy when a request through it fails. */
  readonly session: { readonly defaultSession: Pick<Session, 'resolveProxy'> };
}
