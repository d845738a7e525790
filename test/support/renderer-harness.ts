import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { RENDERER_CSP } from '../../electron/main/renderer-protocol.js';
import type { SessionView } from '../../electron/shared/ipc-contract.js';
import { launchChromium } from './demo-login-browser.js';

/** The main-process side of the bridge: what each preload method would reach over IPC. */
export interface HarnessBridge {
  getState(): Promise<unknown>;
  signIn(): Promise<unknown>;
  cancel(): Promise<unknown>;
  signOut(): Promise<unknown>;
  request(request: unknown): Promise<unknown>;
}

export interface RendererHarness {
  readonly page: Page;
  /** Deliver an `auth:state-changed` event, as main's `webContents.send` would. */
  pushState(view: SessionView): Promise<void>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/**
 * Run the built renderer in Chromium with `window.desktopAuth` installed the way the preload
 * installs it: one method per channel, arguments crossing as serialised data, events pushed in.
 * The files are served with the same CSP the app's `app://` protocol sends.
 */
export async function openRenderer(options: {
  rendererDir: string;
  bridge: HarnessBridge;
  browser?: Browser;
}): Promise<RendererHarness> {
  const server = await serve(options.rendererDir);
  const browser = options.browser ?? (await launchChromium());
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.exposeBinding('__bridgeCall', (_source, method: keyof HarnessBridge, args: unknown[]) =>
    method === 'request' ? options.bridge.request(args[0]) : options.bridge[method](),
  );
  await page.addInitScript(() => {
    type Call = (method: string, args: unknown[]) => Promise<unknown>;
    const call = (window as unknown as { __bridgeCall: Call }).__bridgeCall;
    const listeners = new Set<(view: unknown) => void>();
    Object.assign(window, {
      __bridgePush: (view: unknown) => listeners.forEach((listener) => listener(view)),
      desktopAuth: Object.freeze({
        getState: () => call('getState', []),
        signIn: () => call('signIn', []),
        cancel: () => call('cancel', []),
        signOut: () => call('signOut', []),
        request: (request: unknown) => call('request', [request]),
        onStateChanged: (listener: (view: unknown) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      }),
    });
  });
  await page.goto(`${server.url}/index.html`);
  return {
    page,
    pushState: (view) =>
      page.evaluate(
        (value) => (window as unknown as { __bridgePush(v: unknown): void }).__bridgePush(value),
        view,
      ),
    close: async () => {
      await context.close();
      if (!options.browser) await browser.close();
      await new Promise((resolve) => server.server.close(resolve));
    },
  };
}

async function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = normalize(join(root, new URL(request.url ?? '/', 'http://x').pathname));
    if (!path.startsWith(root)) return void response.writeHead(404).end();
    readFile(path).then(
      (body) => {
        response.writeHead(200, {
          'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
          'content-security-policy': RENDERER_CSP,
        });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
