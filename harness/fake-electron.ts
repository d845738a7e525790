import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { ElectronSurface } from '../electron/main/electron-surface.js';
import { APP_ORIGIN } from '../electron/shared/app-identity.js';
import { FakeNet, FakeSession } from './fake-electron-net.js';

type Listener = (...args: unknown[]) => unknown;

/** Just enough of a WebContents for the main process wiring. */
export class FakeWebContents extends EventEmitter {
  static #nextId = 1;
  readonly id = FakeWebContents.#nextId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  readonly mainFrame = { url: `${APP_ORIGIN}/index.html` };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  permissionRequestHandler:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  permissionCheckHandler: (() => boolean) | undefined;
  readonly session = {
    setPermissionRequestHandler: (handler: FakeWebContents['permissionRequestHandler']) => {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler: (handler: () => boolean) => {
      this.permissionCheckHandler = handler;
    },
  };
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  /** Records the message and emits it as `sent`, so a test can forward it to a real page. */
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
    this.emit('sent', channel, payload);
  }
  isDestroyed(): boolean {
    return false;
  }
}

/** A window that records what was done to it. */
export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  minimized = false;
  visible = false;
  focusCount = 0;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  /** Set by a test to model a window the user closed. */
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focusCount += 1;
  }
}

/** The app object: events, the single-instance lock, readiness and protocol registration. */
export class FakeApp extends EventEmitter {
  hasLock = true;
  quitCalls = 0;
  readonly protocolClients: unknown[][] = [];
  readonly isPackaged = false;
  #ready!: () => void;
  readonly #whenReady = new Promise<void>((resolve) => (this.#ready = resolve));

  constructor(private readonly userData: string) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  whenReady(): Promise<void> {
    return this.#whenReady;
  }
  #isReady = false;
  isReady(): boolean {
    return this.#isReady;
  }
  /** Fire `ready` as Electron would, after `will-finish-launching`. */
  becomeReady(): void {
    this.emit('will-finish-launching');
    this.#isReady = true;
    this.#ready();
  }
  /** Whether the OS would route the scheme to us; a test flips it to model an unregistered scheme. */
  schemeRegistered = true;
  setAsDefaultProtocolClient(...args: unknown[]): boolean {
    this.protocolClients.push(args);
    return true;
  }
  isDefaultProtocolClient(): boolean {
    return this.schemeRegistered;
  }
  desktopName: string | undefined;
  setDesktopName(name: string): void {
    this.desktopName = name;
  }
  getAppPath(): string {
    return '/app';
  }
  getPath(): string {
    return this.userData;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  readonly focusCalls: unknown[] = [];
  focus(options?: unknown): void {
    this.focusCalls.push(options);
  }
}

/** A menu item as the template gives it; `click` takes no arguments here. */
interface FakeMenuItem {
  readonly id?: string;
  readonly label?: string;
  readonly role?: string;
  readonly enabled?: boolean;
  readonly click?: () => void;
  readonly submenu?: readonly FakeMenuItem[];
}

/** Records the application menu the app sets, and finds items in it by id. */
export class FakeMenu {
  current: readonly FakeMenuItem[] = [];
  setCount = 0;
  buildFromTemplate(template: readonly FakeMenuItem[]): readonly FakeMenuItem[] {
    return template;
  }
  setApplicationMenu(menu: readonly FakeMenuItem[]): void {
    this.current = menu;
    this.setCount += 1;
  }
  item(id: string): FakeMenuItem {
    const find = (items: readonly FakeMenuItem[]): FakeMenuItem | undefined => {
      for (const item of items) {
        const found = item.id === id ? item : find(item.submenu ?? []);
        if (found) return found;
      }
      return undefined;
    };
    const found = find(this.current);
    if (!found) throw new Error(`no menu item ${id}`);
    return found;
  }
}

/** A hand-written stand-in for the Electron APIs `runApp` uses. */
export function createFakeElectron(userData: string) {
  const handlers = new Map<string, Listener>();
  const fake = {
    app: new FakeApp(userData),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: Listener) => void handlers.set(channel, handler),
    },
    protocol: {
      privileged: [] as unknown[],
      handlers: new Map<string, (request: Request) => Promise<Response>>(),
      registerSchemesAsPrivileged(schemes: unknown[]) {
        this.privileged.push(...schemes);
      },
      handle(scheme: string, handler: (request: Request) => Promise<Response>) {
        this.handlers.set(scheme, handler);
      },
    },
    shell: {
      opened: [] as string[],
      openExternal(url: string) {
        this.opened.push(url);
        return Promise.resolve();
      },
    },
    dialog: { showErrorBox: () => undefined },
    Menu: new FakeMenu(),
    /** Chromium's network stack, played by Node's fetch unless a test scripts it. */
    net: new FakeNet(),
    session: { defaultSession: new FakeSession() },
    clipboard: {
      text: '',
      writeText(text: string) {
        this.text = text;
        return Promise.resolve();
      },
      readText() {
        return this.text;
      },
    },
    /** Call an IPC handler as a renderer frame would. */
    invoke(
      channel: string,
      sender: FakeWebContents,
      frame: { url: string } | null,
      ...args: unknown[]
    ): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      // Like ipcMain.handle: a handler that throws becomes a rejected invoke.
      return Promise.resolve().then(() => handler({ sender, senderFrame: frame }, ...args));
    },
    handledChannels: () => [...handlers.keys()].sort(),
  };
  return { fake, surface: fake as unknown as ElectronSurface };
}
