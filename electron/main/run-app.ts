import type { BrowserWindow } from 'electron';
import type { AppConfig } from '../auth/config/config.js';
import { privateUseScheme } from '../auth/redirect/redirect-scheme.js';
import type { HttpFetch, Logger, SecretStore } from '../auth/ports.js';
import type { Session } from '../auth/session.js';
import type { AppInfoView } from '../shared/ipc-contract.js';
import { createAppFetch } from './app-http-fetch.js';
import { composeSession } from './compose-session.js';
import type { ElectronSurface } from './electron-surface.js';
import { runProviderDoctor } from '../doctor/run-provider-doctor.js';
import { installAppMenu } from './install-app-menu.js';
import { createIpcHandlers } from './ipc-handlers.js';
import { describeForSupport } from './support-details.js';
import { createMainWindow, revealWindow } from './main-window.js';
import { RedirectIntake } from './redirect-intake.js';
import { schemeRegistration } from './scheme-registration.js';
import { serveRendererFile } from './renderer-protocol.js';
import { registerIpcHandlers, sendEvent } from './typed-ipc.js';
import { APP_NAME, APP_PROTOCOL } from '../shared/app-identity.js';

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
  /**
   * The seam for all HTTP from main: the provider, the API and the provider check (tests record or
   * fault it). Without it, the `httpStack` setting chooses (see {@link createAppFetch}).
   */
  readonly providerFetch?: HttpFetch;
  /** The environment the app may read (none when packaged): `httpStack: node`'s proxy variables. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What a test (or a debugger) can reach after start-up. */
export interface RunningApp {
  readonly session: Session;
  window(): BrowserWindow | undefined;
}

/**
 * The composition root: wires Electron's events to the plain-TypeScript core and nothing more.
 * Redirects arrive through {@link RedirectIntake} (DESIGN §1.3); everything else is the session's.
 */
export function runApp(electron: ElectronSurface, options: RunAppOptions): RunningApp | undefined {
  const { app } = electron;
  const { config, logger } = options;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  electron.protocol.registerSchemesAsPrivileged([
    { scheme: APP_PROTOCOL, privileges: { standard: true, secure: true } },
  ]);

  const scheme = config.redirectUri === undefined ? undefined : privateUseScheme(config.redirectUri);
  const registration = scheme ? schemeRegistration(app, scheme, options) : undefined;
  const isSchemeRegistered = (): boolean => registration?.isRegistered() ?? false;
  const fetch = options.providerFetch ?? createAppFetch(config.httpStack, electron, options.env ?? {});
  const { session } = composeSession({
    config,
    appName: APP_NAME,
    userDataDir: app.getPath('userData'),
    secrets: options.createSecretStore(config.keychainService),
    openExternal: (url) => electron.shell.openExternal(url),
    isSchemeRegistered,
    logger,
    fetch,
  });
  const info = (): AppInfoView => ({
    version: app.getVersion(),
    issuer: config.issuer,
    redirectMode: config.redirect,
    ...(scheme ? { scheme } : {}),
    schemeRegistered: isSchemeRegistered(),
    apiRequest: { method: config.apiRequest.method, path: config.apiRequest.path },
    apiActions: config.apiActions.map(({ label, method, path }) => ({ label, method, path })),
  });

  let window: BrowserWindow | undefined;
  let ready = false;
  const currentContents = () => (window && !window.isDestroyed() ? window.webContents : undefined);
  /** The window, recreated when it was closed (macOS keeps the app running without one). */
  const showWindow = (): void => {
    if (ready && !currentContents()) window = createMainWindow(electron.BrowserWindow, options.preloadPath);
    else revealWindow(window);
  };
  const intake = new RedirectIntake(
    scheme,
    (url) => {
      showWindow();
      // Our own redirect: macOS may bring the app forward over the browser (not for anything else).
      if (options.platform === 'darwin') app.focus({ steal: true });
      void session.handleRedirect(url);
    },
    (reason, source) => logger.debug('ignored an OS launch', { reason, source }),
  );
  app.on('will-finish-launching', () => {
    app.on('open-url', (event, url) => {
      event.preventDefault();
      intake.fromOpenUrl(url);
    });
  });
  app.on('second-instance', (_event, argv) => {
    if (!intake.fromArgv(argv, 'second-instance')) showWindow();
  });
  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit();
  });

  if (scheme && registration && !registration.register()) {
    logger.warn('could not register the redirect scheme with the OS', { scheme });
  }
  intake.fromArgv(options.argv, 'cold-start');

  void app.whenReady().then(async () => {
    electron.protocol.handle(APP_PROTOCOL, (request) => serveRendererFile(options.rendererDir, request));
    const handlers = createIpcHandlers({
      session,
      info,
      checkProvider: () => runProviderDoctor(config, { fetch }),
      copyDetails: async () => {
        const context = { appName: APP_NAME, platform: options.platform, now: Date.now() };
        const text = describeForSupport(session.view(), info(), context);
        await electron.clipboard.writeText(text);
        return text;
      },
      copyText: async (text) => electron.clipboard.writeText(text),
      readText: () => electron.clipboard.readText(),
    });
    registerIpcHandlers(electron.ipcMain, handlers, currentContents);
    // The menu reaches the very handlers the window's buttons invoke.
    installAppMenu(electron.Menu, session, options.platform, {
      signIn: () => void handlers['auth:sign-in'](),
      signOut: () => void handlers['auth:sign-out'](),
      copyDetails: () => void handlers['app:copy-details'](),
      checkProvider: () => {
        showWindow();
        void handlers['provider:check']().then((result) => {
          const contents = currentContents();
          if (result.ok && contents) sendEvent(contents, 'app:provider-check', result.value);
        });
      },
    });
    session.subscribe((view) => {
      const contents = currentContents();
      if (contents) sendEvent(contents, 'auth:state-changed', view);
    });
    ready = true;
    showWindow();
    await session.restore();
    intake.ready();
  });

  return { session, window: () => window };
}
