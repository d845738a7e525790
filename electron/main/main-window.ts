import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_NAME, APP_ORIGIN } from '../shared/app-identity.js';

/**
 * The renderer's sandbox (Electron security checklist): no Node, isolated context, sandboxed
 * preload, web security on, no webview tags, and nothing but our own app:// pages.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 720,
    height: 640,
    minWidth: 420,
    minHeight: 480,
    show: false,
    title: APP_NAME,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/**
 * Open the main window on our own content and lock it in: no navigation away, no new windows, no
 * permission grants. Sign-in happens in the system browser, never here (RFC 8252 §8.12).
 */
export function createMainWindow(
  BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => BrowserWindow,
  preloadPath: string,
): BrowserWindow {
  const window = new BrowserWindowClass(mainWindowOptions(preloadPath));
  const contents = window.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** Bring the window to the front after the browser hands a redirect back. */
export function revealWindow(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
