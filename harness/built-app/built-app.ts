import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as buildApp } from 'electron-vite';
import { build as bundle } from 'vite';
import type { AppRecord, ChildMessage, ParentCommand, ProtocolResponse } from './messages.js';
import { STAND_IN_ENV } from './messages.js';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');
/** The bundle Electron loads as the main process, as `npm run build` writes it. */
export const BUILT_MAIN = join(projectRoot, 'out', 'main', 'index.js');

let standIn: Promise<string> | undefined;

/**
 * The app as built (`electron-vite build`, once, when `npm test` has not just done it) and the
 * stand-in for the `electron` module with its resolution hook, bundled once per test process.
 * Returns the folder holding `register-electron.mjs`.
 */
export function prepareBuiltApp(): Promise<string> {
  standIn ??= (async () => {
    if (!existsSync(BUILT_MAIN)) await buildApp({ logLevel: 'warn' });
    const outDir = await mkdtemp(join(tmpdir(), 'electron-stand-in-'));
    await bundle({
      configFile: false,
      logLevel: 'warn',
      root: here,
      build: {
        ssr: true,
        outDir,
        emptyOutDir: false,
        minify: false,
        target: 'node20',
        rolldownOptions: {
          input: {
            'electron-stand-in': join(here, 'electron-stand-in.ts'),
            'register-electron': join(here, 'register-electron.ts'),
            'resolve-electron': join(here, 'resolve-electron.ts'),
          },
          output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
        },
      },
    });
    return outDir;
  })();
  return standIn;
}

/**
 * Write the configuration the app ships (`config/app.config.json`), pointed at a running demo and a
 * keychain service of the caller's, with `overrides` on top: the built app then reads it through
 * `APP_CONFIG`, as in development. Returns the file's path.
 */
export async function writeShippedConfig(
  path: string,
  target: { readonly issuer: string; readonly apiUrl: string },
  overrides: Readonly<Record<string, unknown>> & { readonly keychainService: string },
): Promise<string> {
  const shipped = JSON.parse(
    await readFile(join(projectRoot, 'config', 'app.config.json'), 'utf8'),
  ) as Record<string, unknown>;
  await writeFile(
    path,
    JSON.stringify({ ...shipped, issuer: target.issuer, apiBaseUrl: target.apiUrl, ...overrides }),
  );
  return path;
}

export interface LaunchOptions {
  /** The configuration file, as `APP_CONFIG` names it in development. */
  readonly configPath: string;
  /** The app's data folder (`app.getPath('userData')`). */
  readonly userData: string;
  /** Arguments after the entry script: on a cold start by the OS, the redirect URL. */
  readonly argv?: readonly string[];
  /** The script Node runs; the built main by default (the bench boots other entries the same way). */
  readonly entry?: string;
}

/**
 * Start `out/main/index.js` in a child Node process, exactly as built, with only `electron`
 * resolved to the stand-in; the handle records what the app does and drives it like the OS would.
 */
export async function launchBuiltApp(options: LaunchOptions): Promise<BuiltApp> {
  const hooks = await prepareBuiltApp();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS' && !name.startsWith('VITEST')),
  );
  const child = fork(options.entry ?? BUILT_MAIN, [...(options.argv ?? [])], {
    execArgv: ['--import', pathToFileURL(join(hooks, 'register-electron.mjs')).href],
    env: {
      ...env,
      APP_CONFIG: options.configPath,
      DEBUG_AUTH: '1',
      [STAND_IN_ENV.appPath]: projectRoot,
      [STAND_IN_ENV.userData]: options.userData,
    },
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return new BuiltApp(child);
}

/** A running built app: its records, its output, and the OS-side and renderer-side controls. */
export class BuiltApp {
  readonly records: AppRecord[] = [];
  readonly exited: Promise<number | null>;
  #output = '';
  #nextRequest = 1;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  readonly #callbacks = new Set<(callbackId: number, args: readonly unknown[]) => void>();
  readonly #changes = new Set<() => void>();

  constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
    child.on('message', (message: ChildMessage) => this.#receive(message));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    void this.exited.then(() => {
      for (const pending of this.#pending.values()) pending.reject(new Error('the app exited'));
      this.#changed();
    });
  }

  /** Everything the process printed (its log lines go to stderr). */
  get output(): string {
    return this.#output;
  }

  /** Records of one kind, in order. */
  all<K extends AppRecord['kind']>(kind: K): Array<Extract<AppRecord, { kind: K }>> {
    return this.records.filter((entry): entry is Extract<AppRecord, { kind: K }> => entry.kind === kind);
  }

  /** Wait until `find` returns something, re-checked on every record; fails after `timeoutMs`. */
  waitFor<T>(find: (app: BuiltApp) => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find(this);
        if (found === undefined) return;
        this.#changes.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.#changes.delete(check);
        reject(new Error(`timed out waiting for ${what}; the app printed:\n${this.#output}`));
      }, timeoutMs);
      this.#changes.add(check);
      check();
    });
  }

  /** Electron's `ready`. */
  ready(): void {
    this.#command({ kind: 'ready' });
  }

  /** The OS starting a second instance with `argv` (Windows, Linux). */
  secondInstance(argv: readonly string[]): void {
    this.#command({ kind: 'emit', event: 'second-instance', argv });
  }

  /** The OS handing over a URL (macOS). */
  openUrl(url: string): void {
    this.#command({ kind: 'emit', event: 'open-url', url });
  }

  /** Call a member of the object the preload exposed, as the page would. */
  callBridge(member: string, args: unknown[]): Promise<unknown> {
    return this.#request((requestId) => ({ kind: 'call', requestId, member, args }));
  }

  /** Call a function the bridge handed back (an unsubscribe). */
  callFunction(functionId: number): Promise<unknown> {
    return this.#request((requestId) => ({ kind: 'call-function', requestId, functionId }));
  }

  /** Ask the protocol handler main registered for `url`'s scheme. */
  fetchProtocol(url: string, method = 'GET'): Promise<ProtocolResponse> {
    return this.#request((requestId) => ({
      kind: 'fetch',
      requestId,
      url,
      method,
    })) as Promise<ProtocolResponse>;
  }

  /** Receive the bridge's calls back into the page (event listeners). */
  onCallback(listener: (callbackId: number, args: readonly unknown[]) => void): void {
    this.#callbacks.add(listener);
  }

  /** End the process, as quitting the app would, and wait for it. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }

  #receive(message: ChildMessage): void {
    if (message.kind === 'reply') {
      const pending = this.#pending.get(message.requestId);
      this.#pending.delete(message.requestId);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(new Error(message.error));
    } else if (message.kind === 'callback') {
      for (const listener of this.#callbacks) listener(message.callbackId, message.args);
    } else {
      this.records.push(message);
    }
    this.#changed();
  }

  #changed(): void {
    for (const check of [...this.#changes]) check();
  }

  #request(command: (requestId: number) => ParentCommand): Promise<unknown> {
    const requestId = this.#nextRequest++;
    return new Promise((resolve, reject) => {
      this.#pending.set(requestId, { resolve, reject });
      this.#command(command(requestId));
    });
  }

  #command(command: ParentCommand): void {
    this.child.send(command);
  }
}
