import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiAskView,
  ApiResponseView,
  AppInfoView,
  ErrorView,
  Result,
  SessionView,
} from '../../electron/shared/ipc-contract.js';
import { cspScriptHashes } from '../../scripts/csp-script-hashes.js';
import { axeViolations } from '../support/axe.js';
import { launchChromium } from '../support/demo-login-browser.js';
import { type HarnessBridge, openRenderer, type RendererHarness } from '../support/renderer-harness.js';

type Method = keyof HarnessBridge;
type Answer = () => Promise<unknown>;

const screenshots = resolve('test-results/screenshots');
const MINUTE = 60_000;
const signedIn: SessionView = {
  state: 'signed-in',
  user: { subject: 'usr_7f3c9a2e41d84b6a', name: 'Alice Example', email: 'alice@example.com' },
  issuer: 'https://id.example.com',
  scopes: ['openid', 'profile', 'email', 'offline_access', 'appointments:read'],
  accessTokenExpiresAt: 0,
};
const appointments = {
  appointments: [{ id: 'apt-1', title: 'Physiotherapy', startsAt: '2030-01-09T13:00:00Z' }],
};

let outDir: string;
let browser: Browser;
let harness: RendererHarness;
let page: Page;

/** The fake main process: records every call and answers as the current test scripts it. */
const calls: Array<{ method: Method; args: unknown[] }> = [];
const info: AppInfoView = {
  version: '0.1.0',
  issuer: 'https://id.example.com',
  redirectMode: 'auto',
  scheme: 'com.example.desktop',
  schemeRegistered: false,
  // Not the default: the window must show and send what main says the configuration asks for.
  apiRequest: { method: 'GET', path: '/v1/appointments' },
  apiActions: [
    { label: 'Cancel the next appointment', method: 'POST', path: '/appointments/next/cancel' },
    { label: 'View records', method: 'GET', path: '/records' },
  ],
};
const CANCEL_ASK: ApiAskView = {
  id: 'ask-cancel',
  kind: 'scope',
  request: { method: 'POST', path: '/appointments/next/cancel' },
  label: 'Cancel the next appointment',
  scopes: ['appointments:write'],
  acrValues: [],
};
const RECORDS_ASK: ApiAskView = {
  id: 'ask-records',
  kind: 'authentication',
  request: { method: 'GET', path: '/records' },
  label: 'View records',
  scopes: [],
  acrValues: ['urn:example:mfa'],
  maxAge: 300,
};
const answers: Record<Method, Answer> = {
  getInfo: () => Promise.resolve(info),
  getState: () => Promise.resolve<SessionView>({ state: 'signed-out' }),
  signIn: () => Promise.resolve(fail('internal_error', 'not scripted')),
  cancel: () => Promise.resolve(fail('internal_error', 'not scripted')),
  reopenBrowser: () => Promise.resolve(fail('internal_error', 'not scripted')),
  copySignInLink: () => Promise.resolve(fail('internal_error', 'not scripted')),
  signOut: () => Promise.resolve(fail('internal_error', 'not scripted')),
  request: () => Promise.resolve(fail('internal_error', 'not scripted')),
  stepUp: () => Promise.resolve(fail('internal_error', 'not scripted')),
  checkProvider: () => Promise.resolve(fail('internal_error', 'not scripted')),
  copyDetails: () => Promise.resolve(fail('internal_error', 'not scripted')),
  signInAgain: () => Promise.resolve(fail('internal_error', 'not scripted')),
};
const bridge: HarnessBridge = {
  getInfo: () => answer('getInfo', []),
  getState: () => answer('getState', []),
  signIn: () => answer('signIn', []),
  cancel: () => answer('cancel', []),
  reopenBrowser: () => answer('reopenBrowser', []),
  copySignInLink: () => answer('copySignInLink', []),
  signOut: () => answer('signOut', []),
  request: (request) => answer('request', [request]),
  stepUp: (askId) => answer('stepUp', [askId]),
  checkProvider: () => answer('checkProvider', []),
  copyDetails: () => answer('copyDetails', []),
  signInAgain: () => answer('signInAgain', []),
};

function answer(method: Method, args: unknown[]): Promise<unknown> {
  calls.push({ method, args });
  return answers[method]();
}

function fail(code: ErrorView['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** What main does on a successful transition: push the new state, then answer with it. */
function transitionTo(view: SessionView): Answer {
  return async () => {
    await harness.pushState(view);
    return { ok: true, value: view } satisfies Result<SessionView>;
  };
}

function respond(response: ApiResponseView): Answer {
  return () => Promise.resolve({ ok: true, value: response } satisfies Result<ApiResponseView>);
}

function deferred(): { promise: Promise<unknown>; resolve(value: unknown): void } {
  let resolve: (value: unknown) => void = () => undefined;
  const promise = new Promise<unknown>((done) => (resolve = done));
  return { promise, resolve };
}

/** The screen shows `state`, its heading reads `title` and has focus, and the live region says `status`. */
async function expectScreen(state: string, title: string, status: string | RegExp): Promise<void> {
  await expect.poll(() => page.getAttribute('#screen', 'data-state')).toBe(state);
  expect(await page.textContent('#screen h1')).toBe(title);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('screen-title');
  expect(await page.textContent('#status')).toMatch(status);
}

function shot(name: string): Promise<Buffer> {
  return page.screenshot({ path: join(screenshots, `renderer-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'renderer-'));
  await mkdir(screenshots, { recursive: true });
  const built = build({
    root: 'renderer',
    configFile: false,
    plugins: [cspScriptHashes()],
    build: { outDir, emptyOutDir: true },
    logLevel: 'warn',
  });
  [browser] = await Promise.all([launchChromium(), built]);
  harness = await openRenderer({ rendererDir: outDir, bridge, browser });
  page = harness.page;
  // Still screenshots: the reduced-motion styles show a steady progress bar instead of a moving one.
  await page.emulateMedia({ reducedMotion: 'reduce' });
});

afterAll(async () => {
  await harness?.close();
  await browser?.close();
  await rm(outDir, { recursive: true, force: true });
});

describe('renderer screens (built renderer in Chromium, fake main process)', () => {
  it('starts from getState and shows the signed-out screen', async () => {
    await expectScreen('signed-out', 'Sign in', 'You are signed out.');
    expect(await page.textContent('#screen')).toContain(
      'Sign in with your identity provider in your browser',
    );
    expect(await page.isEnabled('#sign-in')).toBe(true);
    expect(await page.locator('#error').count()).toBe(0);
    expect(calls.map((call) => call.method).sort()).toEqual(['getInfo', 'getState']);
    await expect.poll(() => page.textContent('#app-version')).toBe('Version 0.1.0');
    expect(await page.textContent('#app-redirect')).toBe(
      'Returns from the browser via a one-time local address (127.0.0.1), ' +
        'because com.example.desktop: is not registered with the system',
    );
    await shot('signed-out');
  });

  it('disables Sign in while the call is in flight and shows a failed result in the alert', async () => {
    const pending = deferred();
    answers.signIn = () => pending.promise;
    await page.click('#sign-in');
    await expect.poll(() => page.isDisabled('#sign-in')).toBe(true);
    pending.resolve(
      fail('browser_launch_failed', 'Could not open your web browser. Set a default browser and try again.'),
    );
    await expect.poll(() => page.textContent('#error')).toContain('Could not open your web browser');
    expect(await page.getAttribute('#error', 'role')).toBe('alert');
    expect(await page.isEnabled('#sign-in')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-in');
  });

  it('shows why the session ended when the signed-out view carries an error', async () => {
    await harness.pushState({
      state: 'signed-out',
      error: {
        code: 'access_denied',
        message: 'You denied access in the browser, so you are not signed in.',
      },
    });
    await expect
      .poll(() => page.textContent('#error'))
      .toBe('You denied access in the browser, so you are not signed in.');
    expect(await page.getAttribute('#error', 'data-code')).toBe('access_denied');
    await shot('signed-out-error');
  });

  it('runs the provider check from the error screen and lists each fix; a new screen drops it', async () => {
    expect(await page.isVisible('#check-provider')).toBe(true);
    answers.checkProvider = () =>
      Promise.resolve({
        ok: true,
        value: {
          ok: false,
          checks: [
            { id: 'metadata', title: 'Provider metadata', status: 'ok', detail: 'Read.' },
            {
              id: 'redirect-scheme',
              title: 'Redirect URI (scheme)',
              status: 'fail',
              detail: 'Refused.',
              fix: 'Register <it>.',
            },
          ],
        },
      });
    await page.click('#check-provider');
    await expect.poll(() => page.textContent('#provider-check-summary')).toContain('1 problem found');
    expect(await page.textContent('tr[data-check="redirect-scheme"] .fix')).toBe('Fix: Register <it>.');
    await expect.poll(() => page.textContent('#status')).toBe('The provider check found 1 problem.');
    expect(calls.at(-1)).toEqual({ method: 'checkProvider', args: [] });
    await shot('signed-out-provider-check');
    await harness.pushState({ state: 'restoring' });
    await expect.poll(() => page.isVisible('#provider-check')).toBe(false);
  });

  it('offers Try again and Copy details on the error screen, and says when the details are copied', async () => {
    await harness.pushState({ state: 'signed-out', error: { code: 'provider_error', message: 'Refused.' } });
    await expect.poll(() => page.textContent('#sign-in')).toBe('Try again');
    answers.copyDetails = () => Promise.resolve({ ok: true, value: { text: 'Error: provider_error' } });
    await page.click('#copy-details');
    await expect.poll(() => page.textContent('#status')).toBe('Details copied to the clipboard.');
    expect(calls.at(-1)).toEqual({ method: 'copyDetails', args: [] });
  });

  it('offers "Sign in again as" the user whose session ended, and another account', async () => {
    await harness.pushState({
      state: 'signed-out',
      error: { code: 'session_expired', message: 'Your session has ended. Please sign in again.' },
      previousUser: { subject: 'usr_1', name: 'Alice Example', email: 'alice@example.com' },
    });
    await expect.poll(() => page.textContent('#sign-in-again')).toBe('Sign in again as alice@example.com');
    expect(await page.textContent('#sign-in')).toBe('Use another account');
    answers.signInAgain = () => Promise.resolve(fail('sign_in_in_progress', 'Busy.'));
    await page.click('#sign-in-again');
    await expect.poll(() => calls.at(-1)).toEqual({ method: 'signInAgain', args: [] });
    await shot('signed-out-session-ended');
  });

  it('shows progress while restoring', async () => {
    await harness.pushState({ state: 'restoring' });
    await expectScreen('restoring', 'Restoring your session…', 'Restoring your session.');
    expect(await page.getAttribute('#screen', 'aria-busy')).toBe('true');
    expect(await page.locator('[role="progressbar"]').count()).toBe(1);
    await shot('restoring');
  });

  it('waits for the browser, shows when the attempt expires, and cancels', async () => {
    await harness.pushState({ state: 'signed-out' });
    const waiting: SessionView = {
      state: 'awaiting-browser',
      expiresAt: Date.now() + 10 * MINUTE + 20_000,
      redirect: 'loopback',
    };
    answers.signIn = transitionTo(waiting);
    await page.click('#sign-in');
    await expectScreen(
      'awaiting-browser',
      'Continue in your browser',
      'Waiting for you to sign in in your browser.',
    );
    expect(await page.textContent('#screen')).toMatch(/browser.*come back to this window/);
    expect(await page.textContent('#screen')).toContain('one-time local address on this computer');
    expect(await page.textContent('#screen time')).toMatch(/\(in 10 minutes\)$/);
    await shot('awaiting-browser');

    answers.reopenBrowser = () => Promise.resolve({ ok: true, value: waiting });
    await page.click('#reopen-browser');
    await expect.poll(() => calls.at(-1)?.method).toBe('reopenBrowser');
    expect(await page.locator('#screen').getAttribute('data-state')).toBe('awaiting-browser');

    // Copy sign-in link, from the keyboard: main copies it; the window says what the link is good for.
    answers.copySignInLink = () => Promise.resolve(fail('invalid_request', 'No sign-in is waiting.'));
    await page.focus('#reopen-browser');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('copy-sign-in-link');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#error')).toBe('No sign-in is waiting.');
    expect(await page.locator('#sign-in-link-copied').count()).toBe(0);
    answers.copySignInLink = () =>
      Promise.resolve({ ok: true, value: { expiresAt: waiting.expiresAt, pushed: true } });
    await page.keyboard.press('Enter');
    await page.locator('#sign-in-link-copied').waitFor();
    expect(calls.at(-1)).toEqual({ method: 'copySignInLink', args: [] });
    expect(await page.locator('#error').count()).toBe(0);
    expect(await page.textContent('#sign-in-link-copied')).toMatch(
      /^Copied\. The link works once and expires at \S.* \(in 10 minutes\); paste it into the browser you sign in with\.Your identity provider may end it sooner/,
    );
    expect(await page.textContent('#status')).toBe(
      'Sign-in link copied. It works once and expires in 10 minutes.',
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('copy-sign-in-link');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page)).toEqual([]);
      await shot(`awaiting-browser-link-copied-${scheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    // A new attempt (here: the same screen with another expiry) makes the notice old news.
    await harness.pushState({ ...waiting, expiresAt: waiting.expiresAt + MINUTE });
    await expect.poll(() => page.locator('#sign-in-link-copied').count()).toBe(0);
    await harness.pushState(waiting);

    answers.cancel = transitionTo({ state: 'signed-out' });
    await page.click('#cancel');
    await expectScreen('signed-out', 'Sign in', 'You are signed out.');
    expect(calls.at(-1)).toEqual({ method: 'cancel', args: [] });
  });

  it('shows that sign-in is finishing', async () => {
    await harness.pushState({ state: 'exchanging' });
    await expectScreen('exchanging', 'Finishing sign-in…', 'Finishing sign-in.');
    await shot('exchanging');
  });

  it('shows who is signed in, what was granted, and when access expires', async () => {
    await harness.pushState({ ...signedIn, accessTokenExpiresAt: Date.now() + 9 * MINUTE + 20_000 });
    await expectScreen('signed-in', 'Signed in as Alice Example', 'Signed in as Alice Example.');
    expect(await page.textContent('#user-name')).toBe('Alice Example');
    expect(await page.textContent('#user-email')).toBe('alice@example.com');
    expect(await page.textContent('#user-subject')).toBe('usr_7f3c9a2e41d84b6a');
    expect(await page.textContent('#issuer')).toBe('https://id.example.com');
    expect(await page.locator('#scopes li').allTextContents()).toEqual([...signedIn.scopes]);
    expect(await page.textContent('#expires')).toMatch(/^\S.* \(in 9 minutes\)$/);
  });

  it('shows a provider check started from the Help menu while signed in', async () => {
    await harness.pushProviderCheck({
      ok: true,
      checks: [{ id: 'metadata', title: 'Provider metadata', status: 'ok', detail: 'Read.' }],
    });
    await expect.poll(() => page.textContent('#provider-check-summary')).toBe('No problem found.');
    await expect.poll(() => page.textContent('#status')).toBe('The provider check found no problem.');
  });

  it('says only "Signed in" after a plain OAuth 2.0 sign-in, which names nobody', async () => {
    const anonymous: SessionView = {
      state: 'signed-in',
      issuer: signedIn.issuer,
      scopes: ['PRODUCTION'],
      accessTokenExpiresAt: Date.now() + 60_000,
    };
    await harness.pushState({ state: 'signed-out' });
    await harness.pushState(anonymous);
    await expectScreen('signed-in', 'Signed in', 'Signed in.');
    expect(await page.textContent('#user-subject')).toBe('Not provided');
    await harness.pushState({ ...signedIn, accessTokenExpiresAt: Date.now() + 9 * MINUTE });
    await expect.poll(() => page.textContent('#screen h1')).toBe('Signed in as Alice Example');
  });

  it('calls the API and shows the status and the pretty-printed body', async () => {
    answers.request = respond({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: appointments,
    });
    await page.click('#call-api');
    await expect.poll(() => page.textContent('#api-status')).toBe('HTTP 200 OK');
    expect(await page.textContent('#api-body')).toBe(JSON.stringify(appointments, null, 2));
    expect(calls.at(-1)).toEqual({ method: 'request', args: [{ method: 'GET', path: '/v1/appointments' }] });
    expect(await page.textContent('#api-result .request code')).toBe('GET /v1/appointments');
    expect(await page.textContent('#status')).toBe('The API answered HTTP 200 OK.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('call-api');
    await shot('signed-in');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('signed-in-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('explains a 401 from the challenge main parsed out of WWW-Authenticate', async () => {
    const challenge = 'Bearer error="invalid_token", error_description="token expired"';
    answers.request = respond({
      status: 401,
      headers: { 'www-authenticate': challenge },
      body: { error: 'invalid_token' },
      challenge: { scheme: 'bearer', error: 'invalid_token', description: 'token expired' },
    });
    await page.click('#call-api');
    await expect.poll(() => page.textContent('#api-status')).toBe('HTTP 401 Unauthorized');
    expect(await page.textContent('#api-explanation')).toContain(
      'The API rejected the request: invalid_token — token expired',
    );
    await shot('signed-in-401');
  });

  it('asks for a permission the API needs, keyboard only: Continue in browser, then the retried answer', async () => {
    answers.request = respond({
      status: 403,
      headers: {},
      body: { error: 'insufficient_scope' },
      challenge: { scheme: 'bearer', error: 'insufficient_scope', scope: 'appointments:write' },
      ask: CANCEL_ASK,
    });
    await page.focus('#api-action-0');
    await page.keyboard.press('Enter');
    await page.locator('#api-ask').waitFor();
    expect(calls.at(-1)).toEqual({
      method: 'request',
      args: [{ method: 'POST', path: '/appointments/next/cancel' }],
    });
    expect(await page.textContent('#api-ask-question')).toBe(
      'Cancel the next appointment needs a permission you have not given this app yet.',
    );
    // The question takes the focus, on its default answer; the refusal's explanation gives way.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-up-continue');
    expect(await page.locator('#api-explanation').count()).toBe(0);
    expect(await page.textContent('#api-result .request code')).toBe('POST /appointments/next/cancel');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page)).toEqual([]);
      await shot(`ask-scope-${scheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    const retried = deferred();
    answers.stepUp = () => retried.promise;
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-up-continue');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.isDisabled('#step-up-continue')).toBe(true);
    expect(calls.at(-1)).toEqual({ method: 'stepUp', args: ['ask-cancel'] });
    retried.resolve({ ok: true, value: { status: 200, headers: {}, body: { cancelled: 'apt-1' } } });
    await expect.poll(() => page.textContent('#api-status')).toBe('HTTP 200 OK');
    expect(await page.locator('#api-ask').count()).toBe(0);
  });

  it('asks for a stronger sign-in; Not now (keyboard only) drops the question and changes nothing', async () => {
    answers.request = respond({
      status: 401,
      headers: {},
      body: { error: 'insufficient_user_authentication' },
      challenge: {
        scheme: 'bearer',
        error: 'insufficient_user_authentication',
        acrValues: 'urn:example:mfa',
        maxAge: 300,
      },
      ask: RECORDS_ASK,
    });
    await page.focus('#api-action-1');
    await page.keyboard.press('Enter');
    await page.locator('#api-ask').waitFor();
    expect(await page.textContent('#api-ask-question')).toBe(
      "View records needs you to confirm it's you with a stronger sign-in.",
    );
    expect(await page.textContent('#api-ask')).toContain('only a sign-in from the last 5 minutes');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page)).toEqual([]);
      await shot(`ask-authentication-${scheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    const before = calls.length;
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-up-decline');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#api-ask').count()).toBe(0);
    expect(await page.textContent('#status')).toBe('Nothing was changed.');
    expect(await page.textContent('#api-status')).toBe('HTTP 401 Unauthorized');
    expect(calls.slice(before)).toEqual([]); // "Not now" asks main for nothing
  });

  it('shows a step-up waiting for the browser inside the signed-in screen, then a refused step-up', async () => {
    const waiting: SessionView = {
      ...signedIn,
      accessTokenExpiresAt: Date.now() + 9 * MINUTE,
      stepUp: { expiresAt: Date.now() + 5 * MINUTE, redirect: 'scheme', kind: 'authentication' },
    };
    await harness.pushState(waiting);
    await page.locator('#step-up-wait').waitFor();
    expect(await page.textContent('#screen h1')).toBe('Signed in as Alice Example');
    expect(await page.locator('#reopen-browser, #copy-sign-in-link, #cancel').count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);
    await shot('step-up-waiting');
    const expiresAt = waiting.state === 'signed-in' ? waiting.stepUp?.expiresAt : undefined;
    answers.copySignInLink = () => Promise.resolve({ ok: true, value: { expiresAt, pushed: false } });
    await page.click('#copy-sign-in-link');
    await page.locator('#step-up-wait #sign-in-link-copied').waitFor();
    expect(await page.textContent('#sign-in-link-copied')).not.toContain('may end it sooner');
    expect(await page.textContent('#status')).toBe(
      'Sign-in link copied. It works once and expires in 5 minutes.',
    );
    expect(await axeViolations(page)).toEqual([]);
    const refused = {
      code: 'step_up_failed',
      message: 'You confirmed in the browser as bob@example.com…',
    } as const;
    const after: SessionView = { ...signedIn, accessTokenExpiresAt: waiting.accessTokenExpiresAt };
    await harness.pushState({ ...after, error: refused });
    await expect.poll(() => page.textContent('#error')).toBe(refused.message);
    expect(await page.locator('#step-up-wait').count()).toBe(0);
    await harness.pushState(after);
  });

  it('shows a failed API call and an error the signed-in view carries', async () => {
    answers.request = () =>
      Promise.resolve(fail('api_unreachable', 'The API at 127.0.0.1:9 did not answer.'));
    await page.click('#call-api');
    await expect.poll(() => page.textContent('#error')).toBe('The API at 127.0.0.1:9 did not answer.');
    const error = { code: 'token_request_failed', message: 'Could not refresh the access token.' } as const;
    await harness.pushState({ ...signedIn, accessTokenExpiresAt: Date.now() + MINUTE, error });
    await expect.poll(() => page.textContent('#error')).toBe(error.message);
    expect(await page.getAttribute('#screen', 'data-state')).toBe('signed-in');
  });

  it('signs out, with the button disabled until main answers', async () => {
    const pending = deferred();
    answers.signOut = () => pending.promise;
    await page.click('#sign-out');
    await expect.poll(() => page.isDisabled('#sign-out')).toBe(true);
    await harness.pushState({ state: 'signed-out' });
    pending.resolve({ ok: true, value: { state: 'signed-out' } });
    await expectScreen('signed-out', 'Sign in', 'You are signed out.');
    expect(await page.locator('#api-result, #error').count()).toBe(0);
  });

  it('logged no console errors, page errors or CSP violations', () => {
    expect(harness.problems).toEqual([]);
  });

  it('runs under the CSP: header sent, bridge installed, violations caught, missing bridge shown', async () => {
    const response = await fetch(page.url());
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.evaluate(() => Object.isFrozen(window.desktopAuth))).toBe(true);
    await page.evaluate(() =>
      document.head.append(Object.assign(document.createElement('style'), { textContent: 'b{}' })),
    );
    await expect.poll(() => harness.problems.join('\n')).toMatch(/CSP violation: style-src/);

    const bare = await browser.newPage({ viewport: { width: 720, height: 640 } });
    await bare.goto(page.url());
    await expect.poll(() => bare.getAttribute('#screen', 'data-state')).toBe('unavailable');
    expect(await bare.textContent('#error')).toContain('window.desktopAuth is not defined');
    await bare.screenshot({ path: join(screenshots, 'renderer-unavailable.png') });
    await bare.close();
  });
});
