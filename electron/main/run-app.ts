import { resolve } from 'node:path';
import type { BrowserWindow } from 'electron';
import { createFileMetadataCache } from '../adapters/file-metadata-cache.js';
import { createSystemBrowser } from '../adapters/system-browser.js';
import type { AppConfig } from '../auth/config.js';
import { findRedirectInArgv, privateUseScheme } from '../auth/find-redirect-in-argv.js';
import type { Logger, SecretStore } from '../auth/ports.js';
import { ProviderClient } from '../auth/provider-client.js';
import { Session } from '../auth/session.js';
import type { ElectronSurface } from './electron-surface.js';
import { createIpcHandlers } from './ipc-handlers.js';
import { createMainWindow, revealWindow } from './main-window.js';
import { serveRendererFile } from './renderer-protocol.js';
import { registerIpcHandlers, sendEvent } from './typed-ipc.js';

export interface RunAppOptions {
  readonly config: AppConfig;
  /** `process.argv` at start: on Windows and Linux a cold start by the OS carries the redirect here. */
  readonly argv: readonly string[];
  readonly platform: NodeJS.Platform;
  /** `process.defaultApp`: true when run as `electron <entry>` in development. */
  readonly isDefaultApp: boolean;
  readonly execPath: string;
  readonly preloadPath: string;
  readonly rendererDir: string;
  readonly createSecretStore: (service: string) => SecretStore;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
}

/** What a test (or a debugger) can reach after start-up. */
export interface RunningApp {
  readonly session: Session;
  window(): BrowserWindow | undefined;
}

/**
 * The composition root: wires Electron's events to the plain-TypeScript core and nothing more.
 *
 * Redirects arrive three ways (DESIGN §1.3): macOS `open-url` (registered before `ready`), a
 * `second-instance` event on Windows and Linux, and the argv of a cold start.
 */
export function runApp(electron: ElectronSurface, options: RunAppOptions): RunningApp | undefined {
  const { app } = electron;
  const { config, logger } = options;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  const scheme = privateUseScheme(config.redirectUri);
  electron.protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true } },
  ]);

  const provider = new ProviderClient(config, {
    metadataCache: createFileMetadataCache(`${app.getPath('userData')}/provider-metadata.json`),
  });
  const session = new Session({
    config,
    provider,
    secrets: options.createSecretStore(config.keychainService),
    browser: createSystemBrowser(
      (url) => electron.shell.openExternal(url),
      async () => (await provider.get()).serverMetadata().authorization_endpoint,
    ),
    logger,
  });

  let window: BrowserWindow | undefined;
  let ready = false;
  const early: string[] = [];
  const deliver = (url: string): void => {
    if (!ready) {
      early.push(url);
      return;
    }
    revealWindow(window);
    void session.handleRedirect(url);
  };

  app.on('will-finish-launching', () => {
    app.on('open-url', (event, url) => {
      event.preventDefault();
      deliver(url);
    });
  });
  app.on('second-instance', (_event, argv) => {
    const url = scheme ? findRedirectInArgv(argv, scheme) : undefined;
    if (url) deliver(url);
    else revealWindow(window);
  });
  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit();
  });

  if (scheme) registerScheme(electron, scheme, options);
  const coldStartUrl = scheme ? findRedirectInArgv(options.argv.slice(1), scheme) : undefined;

  void app.whenReady().then(async () => {
    electron.protocol.handle('app', (request) => serveRendererFile(options.rendererDir, request));
    window = createMainWindow(electron.BrowserWindow, options.preloadPath);
    const contents = window.webContents;
    registerIpcHandlers(
      electron.ipcMain,
      createIpcHandlers({
        session,
        apiBaseUrl: config.apiBaseUrl,
        httpTimeoutSeconds: config.httpTimeoutSeconds,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
      () => (window?.isDestroyed() === false ? contents : undefined),
    );
    session.subscribe((view) => sendEvent(contents, 'auth:state-changed', view));
    await session.restore();
    ready = true;
    for (const url of [...(coldStartUrl ? [coldStartUrl] : []), ...early.splice(0)]) deliver(url);
  });

  return { session, window: () => window };
}

/**
 * Ask the OS to send `<scheme>:` URLs to this app. Packaged builds are registered by their
 * installer (electron-builder `protocols`); in development the running Electron binary must be
 * told which entry script to start (RFC 8252 §7.1).
 */
function registerScheme(electron: ElectronSurface, scheme: string, options: RunAppOptions): void {
  const entry = options.argv[1];
  const registered =
    options.isDefaultApp && entry
      ? electron.app.setAsDefaultProtocolClient(scheme, options.execPath, [resolve(entry)])
      : electron.app.setAsDefaultProtocolClient(scheme);
  if (!registered) options.logger.warn('could not register the redirect scheme with the OS', { scheme });
}
