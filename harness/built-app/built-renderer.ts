import type { Browser, Page } from 'playwright-core';
import type { BuiltApp } from './built-app.js';

/** The page's origin in Chromium; every request to it is answered by the app's `app://` handler. */
const PAGE_ORIGIN = 'http://renderer.app.test';
const BINDING = '__builtAppBridge';
const CALLBACK_KEY = 'built-app:callback';

/** The built renderer in Chromium, fed by the built app's protocol handler and preload bridge. */
export interface BuiltRenderer {
  readonly page: Page;
  /** Console errors, uncaught page errors and CSP violations seen since the page opened. */
  readonly problems: readonly string[];
  close(): Promise<void>;
}

/**
 * Open the window's page in Chromium as Electron would show it: each file comes from the protocol
 * handler main registered (with the headers it sets), and `window[name]` is the object the built
 * preload exposed, with exactly its members. Calls cross to the app's process and arrive there as
 * from the window's top frame; listeners the page passes are called back the same way.
 */
export async function openBuiltRenderer(app: BuiltApp, browser: Browser): Promise<BuiltRenderer> {
  const window = await app.waitFor((a) => a.all('loaded').at(-1), 'the window to load its page');
  const exposed = await app.waitFor(
    (a) => a.all('exposed').at(-1) ?? a.all('preload-failed').at(-1),
    'the preload to expose its bridge',
  );
  if (exposed.kind === 'preload-failed') throw new Error(`the preload failed: ${exposed.message}`);
  const appUrl = new URL(window.url);

  const context = await browser.newContext({ viewport: { width: 720, height: 640 } });
  await context.route(`${PAGE_ORIGIN}/**`, async (route) => {
    const requested = new URL(route.request().url());
    const answer = await app.fetchProtocol(
      `${appUrl.protocol}//${appUrl.host}${requested.pathname}${requested.search}`,
      route.request().method(),
    );
    await route.fulfill({
      status: answer.status,
      headers: Object.fromEntries(answer.headers),
      body: Buffer.from(answer.body),
    });
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (line) => void (line.type() === 'error' && problems.push(`console: ${line.text()}`)));
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.exposeBinding(BINDING, (_source, operation: unknown, target: unknown, args: unknown) =>
    operation === 'call'
      ? app.callBridge(String(target), Array.isArray(args) ? args : [])
      : app.callFunction(Number(target)),
  );
  app.onCallback((callbackId, args) => {
    void page
      .evaluate(
        ({ key, callbackId, args }) =>
          (window as unknown as Record<symbol, (id: number, a: readonly unknown[]) => void>)[
            Symbol.for(key)
          ]?.(callbackId, args),
        { key: CALLBACK_KEY, callbackId, args },
      )
      .catch(() => undefined);
  });
  const names = JSON.stringify({
    name: exposed.name,
    members: exposed.members,
    binding: BINDING,
    callbackKey: CALLBACK_KEY,
  });
  // As source text: a transpiler's helpers (e.g. esbuild's `__name`) do not exist in the page.
  await page.addInitScript({
    content: `{ const __name = (f) => f; (${installBridge.toString()})(${names}); }`,
  });
  await page.goto(`${PAGE_ORIGIN}${appUrl.pathname}`);
  return { page, problems, close: () => context.close() };
}

/**
 * Runs in the page before its scripts, where the preload's `contextBridge` would have put the
 * bridge. Each function member calls across; its result is both awaitable (the invoke results)
 * and callable (what a subscription returns, to unsubscribe), since the page cannot know which
 * before the answer arrives. Functions passed in are kept here and called back by id.
 */
function installBridge(names: {
  name: string;
  members: Record<string, string>;
  binding: string;
  callbackKey: string;
}): void {
  const globals = window as unknown as Record<string, unknown>;
  const cross = globals[names.binding] as (
    operation: string,
    target: unknown,
    args?: unknown[],
  ) => Promise<unknown>;
  Reflect.deleteProperty(globals, names.binding);
  const callbacks = new Map<number, (...args: unknown[]) => void>();
  let nextCallback = 1;
  const outgoing = (value: unknown) => {
    if (typeof value !== 'function') return value;
    const id = nextCallback++;
    callbacks.set(id, value as (...args: unknown[]) => void);
    return { __callback: id };
  };
  const incoming = (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { __function?: unknown }).__function === 'number'
      ? () => cross('call-function', (value as { __function: number }).__function)
      : value;
  const bridge: Record<string, unknown> = {};
  for (const [member, type] of Object.entries(names.members)) {
    if (type !== 'function') continue;
    bridge[member] = (...args: unknown[]) => {
      const answer = cross('call', member, args.map(outgoing)).then(incoming);
      const result = (...inner: unknown[]) =>
        answer.then((value) =>
          typeof value === 'function' ? (value as (...a: unknown[]) => unknown)(...inner) : undefined,
        );
      return Object.assign(result, { then: answer.then.bind(answer), catch: answer.catch.bind(answer) });
    };
  }
  Object.defineProperty(window, names.name, { value: Object.freeze(bridge), enumerable: true });
  Object.defineProperty(window, Symbol.for(names.callbackKey), {
    value: (id: number, args: unknown[]) => callbacks.get(id)?.(...args),
  });
  document.addEventListener('securitypolicyviolation', (event) => {
    console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`);
  });
}
