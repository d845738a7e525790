import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { RENDERER_CSP } from '../../electron/main/renderer-protocol.js';
import { BRIDGE_NAME, type SessionView } from '../../electron/shared/ipc-contract.js';
import { launchChromium } from './demo-login-browser.js';

/**
 * The main-process side of the bridge: what each preload method reaches over IPC. Results are
 * `unknown` because, as over IPC, the renderer gets whatever main answers (real handlers or a fake).
 */
export interface HarnessBridge {
  /** Optional: without it the page's `getInfo()` rejects, as if main had no handler. */
  getInfo?(): Promise<unknown>;
  getState(): Promise<unknown>;
  signIn(): Promise<unknown>;
  cancel(): Promise<unknown>;
  /** Optional, like getInfo. */
  reopenBrowser?(): Promise<unknown>;
  /** Optional, like getInfo. */
  copySignInLink?(): Promise<unknown>;
  signOut(): Promise<unknown>;
  request(request: unknown): Promise<unknown>;
  /** Optional, like getInfo. */
  stepUp?(askId: unknown): Promise<unknown>;
  /** Optional, like getInfo. */
  checkProvider?(): Promise<unknown>;
  /** Optional, like getInfo. */
  copyDetails?(): Promise<unknown>;
  /** Optional, like getInfo. */
  signInAgain?(): Promise<unknown>;
}

/** A renderer running in Chromium, and the handles a test needs. */
export interface RendererHarness {
  readonly page: Page;
  /** Deliver an `auth:state-changed` event, as main's `webContents.send` would. */
  pushState(view: SessionView): Promise<void>;
  /** Deliver an `app:provider-check` event (a check run from the Help menu). */
  pushProviderCheck(report: unknown): Promise<void>;
  /** Console errors, uncaught page errors and CSP violations seen since the page opened. */
  readonly problems: readonly string[];
  close(): Promise<void>;
}

const METHODS = [
  'getInfo',
  'getState',
  'signIn',
  'cancel',
  'reopenBrowser',
  'copySignInLink',
  'signOut',
  'request',
  'stepUp',
  'checkProvider',
  'copyDetails',
  'signInAgain',
] as const;
const CALL = '__desktopAuthHarnessCall';
const PUSH = 'desktop-auth-harness:push';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/**
 * Run the built renderer in Chromium with `window.desktopAuth` installed the way the preload
 * installs it: a frozen object with one method per channel, arguments and results crossing as
 * serialised data, state changes pushed in. Files are served with the app protocol's CSP header.
 */
export async function openRenderer(options: {
  rendererDir: string;
  bridge: HarnessBridge;
  browser?: Browser;
}): Promise<RendererHarness> {
  const server = await serveDirectory(options.rendererDir);
  const browser = options.browser ?? (await launchChromium());
  const context = await browser.newContext({ viewport: { width: 720, height: 640 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (line) => void (line.type() === 'error' && problems.push(`console: ${line.text()}`)));
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.exposeBinding(CALL, (_source, method: unknown, args: unknown) => {
    const name = METHODS.find((known) => known === method);
    const first: unknown = Array.isArray(args) ? args[0] : undefined;
    if (name === 'request') return options.bridge.request(first);
    if (name === 'stepUp' && options.bridge.stepUp) return options.bridge.stepUp(first);
    if (!name || !(name in options.bridge)) throw new Error(`No handler for ${String(method)}`);
    return name === 'stepUp' ? undefined : options.bridge[name]?.();
  });
  // As source text: a transpiler's helpers (e.g. esbuild's `__name`) do not exist in the page.
  const names = JSON.stringify({ call: CALL, push: PUSH, bridge: BRIDGE_NAME });
  await page.addInitScript({
    content: `{ const __name = (f) => f; (${installBridge.toString()})(${names}); }`,
  });
  await page.goto(`${server.url}/index.html`);
  return {
    page,
    problems,
    pushState: (view) => push(page, 'auth:state-changed', view),
    pushProviderCheck: (report) => push(page, 'app:provider-check', report),
    close: async () => {
      await context.close();
      if (!options.browser) await browser.close();
      await server.close();
    },
  };
}

/** Call the page's hidden push hook, as main's `webContents.send` reaches the preload's listeners. */
function push(page: Page, channel: string, value: unknown): Promise<void> {
  return page.evaluate(
    ({ key, channel, value }) =>
      (window as unknown as Record<symbol, (c: string, v: unknown) => void>)[Symbol.for(key)]?.(
        channel,
        value,
      ),
    { key: PUSH, channel, value },
  );
}

/**
 * Runs in the page before its scripts, like a preload. It takes the raw binding off `window`,
 * exposes only the bridge, hides the push hook behind a symbol, and reports CSP violations.
 */
function installBridge(names: { call: string; push: string; bridge: string }): void {
  const globals = window as unknown as Record<string, unknown>;
  const call = globals[names.call] as (method: string, args: unknown[]) => Promise<unknown>;
  Reflect.deleteProperty(globals, names.call);
  const listeners = {
    'auth:state-changed': new Set<(value: unknown) => void>(),
    'app:provider-check': new Set<(value: unknown) => void>(),
  };
  const listen = (channel: keyof typeof listeners, listener: (value: unknown) => void) => {
    listeners[channel].add(listener);
    return () => void listeners[channel].delete(listener);
  };
  const bridge = {
    getInfo: () => call('getInfo', []),
    getState: () => call('getState', []),
    signIn: () => call('signIn', []),
    cancel: () => call('cancel', []),
    reopenBrowser: () => call('reopenBrowser', []),
    copySignInLink: () => call('copySignInLink', []),
    signOut: () => call('signOut', []),
    request: (request: unknown) => call('request', [request]),
    stepUp: (askId: unknown) => call('stepUp', [askId]),
    checkProvider: () => call('checkProvider', []),
    copyDetails: () => call('copyDetails', []),
    signInAgain: () => call('signInAgain', []),
    onStateChanged: (listener: (view: unknown) => void) => listen('auth:state-changed', listener),
    onProviderCheck: (listener: (report: unknown) => void) => listen('app:provider-check', listener),
  };
  Object.defineProperty(window, names.bridge, { value: Object.freeze(bridge), enumerable: true });
  Object.defineProperty(window, Symbol.for(names.push), {
    value: (channel: keyof typeof listeners, value: unknown) =>
      listeners[channel].forEach((listener) => listener(structuredClone(value))),
  });
  document.addEventListener('securitypolicyviolation', (event) => {
    console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`);
  });
}

/** A static file server for `root` on 127.0.0.1 with the renderer's CSP on every response. */
async function serveDirectory(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const base = resolve(root);
  const server = createServer((request, response) => {
    const headers = { 'content-security-policy': RENDERER_CSP, 'x-content-type-options': 'nosniff' };
    const file = fileFor(base, request.url ?? '/');
    if (file === undefined) return void response.writeHead(404, headers).end();
    readFile(file).then(
      (body) => {
        const type = TYPES[extname(file)];
        const contentType = type ? `${type}; charset=utf-8` : 'application/octet-stream';
        response.writeHead(200, { ...headers, 'content-type': contentType }).end(body);
      },
      () => response.writeHead(404, headers).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** The file under `base` that a request path names, or undefined if it is malformed or escapes. */
function fileFor(base: string, requestUrl: string): string | undefined {
  try {
    const pathname = decodeURIComponent(new URL(requestUrl, 'http://localhost').pathname);
    const file = resolve(join(base, pathname === '/' ? 'index.html' : pathname));
    return file.startsWith(base + sep) ? file : undefined;
  } catch {
    return undefined;
  }
}
