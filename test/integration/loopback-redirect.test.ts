import type { RedirectOutcome } from '../../electron/auth/ports.js';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loopbackRedirect } from '../../electron/adapters/loopback-redirect.js';
import { APP_NAME } from '../../electron/shared/app-identity.js';

/** Open a listener whose handler records URLs and answers with `outcome`. */
async function open(outcome: RedirectOutcome = 'completed', configured = 'http://127.0.0.1/callback') {
  const received: string[] = [];
  const redirect = await loopbackRedirect(configured, APP_NAME).open((url) => {
    received.push(url);
    return Promise.resolve(outcome);
  });
  return { redirect, received, url: new URL(redirect.redirectUri) };
}

describe('loopback redirect listener (real HTTP, RFC 8252 §7.3)', () => {
  it('listens on 127.0.0.1 on an ephemeral port and hands over exactly one callback', async () => {
    const { redirect, received, url } = await open();
    expect(redirect.mode).toBe('loopback');
    expect(url.hostname).toBe('127.0.0.1');
    expect(Number(url.port)).toBeGreaterThan(1023);
    expect(url.pathname).toBe('/callback');
    // Bound to 127.0.0.1 itself, not to every address: another loopback address is refused.
    await expect(fetch(`http://127.0.0.2:${url.port}/callback?code=a&state=b`)).rejects.toThrow();

    const first = await fetch(`${redirect.redirectUri}?code=abc&state=xyz&iss=http%3A%2F%2Fidp`);
    expect(first.status).toBe(200);
    const page = await first.text();
    expect(page).toContain('You are signed in');
    expect(page).toContain('return to Desktop OAuth Reference');
    expect(page).not.toContain('abc');
    expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(received).toEqual([`${redirect.redirectUri}?code=abc&state=xyz&iss=http%3A%2F%2Fidp`]);

    await expect(fetch(`${redirect.redirectUri}?code=again&state=xyz`)).rejects.toThrow();
    expect(received).toHaveLength(1);
  });

  it('uses a different port for every attempt', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    expect(a.url.port).not.toBe(b.url.port);
    a.redirect.close();
    b.redirect.close();
  });

  it('answers other paths with 404 and keeps waiting for the callback', async () => {
    const { redirect, received, url } = await open();
    expect((await fetch(`${url.origin}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${url.origin}/callback/extra?code=a&state=b`)).status).toBe(404);
    expect(received).toEqual([]);
    expect((await fetch(`${redirect.redirectUri}?code=a&state=b`)).status).toBe(200);
  });

  it('refuses a second request that races the first', async () => {
    let release: (outcome: RedirectOutcome) => void = () => {};
    const redirect = await loopbackRedirect('http://127.0.0.1/callback', 'App').open(
      () => new Promise((resolve) => (release = resolve)),
    );
    const first = fetch(`${redirect.redirectUri}?code=a&state=b`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await fetch(`${redirect.redirectUri}?code=a&state=b`);
    expect(second.status).toBe(409);
    expect(await second.text()).toContain('already been used or has expired');
    release('completed');
    expect((await first).status).toBe(200);
  });

  it('keeps waiting for the real redirect after a request the session refuses', async () => {
    const outcomes: RedirectOutcome[] = ['rejected', 'completed'];
    const received: string[] = [];
    const redirect = await loopbackRedirect('http://127.0.0.1/callback', 'App').open((url) => {
      received.push(new URL(url).search);
      return Promise.resolve(outcomes.shift() ?? 'rejected');
    });
    const stray = await fetch(`${redirect.redirectUri}?foo=1`);
    expect(stray.status).toBe(400);
    expect(await stray.text()).toContain('already been used or has expired');
    expect((await fetch(`${redirect.redirectUri}?code=a&state=real`)).status).toBe(200);
    expect(received).toEqual(['?foo=1', '?code=a&state=real']);
    await expect(fetch(`${redirect.redirectUri}?code=a&state=real`)).rejects.toThrow();
  });

  it('is not closed by any number of requests the session refuses', async () => {
    const received: string[] = [];
    const redirect = await loopbackRedirect('http://127.0.0.1/callback', 'App').open((url) => {
      received.push(url);
      return Promise.resolve(new URL(url).searchParams.get('state') === 'real' ? 'completed' : 'rejected');
    });
    for (let guess = 0; guess < 25; guess += 1) {
      expect((await fetch(`${redirect.redirectUri}?code=a&state=${guess}`)).status).toBe(400);
    }
    expect((await fetch(`${redirect.redirectUri}?code=a&state=real`)).status).toBe(200);
    expect(received).toHaveLength(26);
  });

  it('answers a request target that is not a URL with 400, throws nothing, and keeps waiting', async () => {
    const { redirect, received, url } = await open();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), '127.0.0.1', () =>
        socket.end('GET http://[/callback HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
      );
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(received).toEqual([]);
    expect((await fetch(`${redirect.redirectUri}?code=a&state=b`)).status).toBe(200);
  });

  it('renders a provider error as a failure page without echoing it', async () => {
    const { redirect, received } = await open('failed');
    const response = await fetch(
      `${redirect.redirectUri}?error=access_denied&error_description=%3Cscript%3E&state=s`,
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('Sign-in did not complete');
    expect(page).toContain(
      'Access was denied, or the sign-in was cancelled. Return to Desktop OAuth Reference to try again.',
    );
    expect(page).not.toContain('<script>');
    expect(received).toHaveLength(1);
  });

  it('says nothing about an error code it does not know, and never echoes it', async () => {
    const { redirect } = await open('failed');
    const page = await (await fetch(`${redirect.redirectUri}?error=%3Cb%3Eodd_code&state=s`)).text();
    expect(page).toContain('Return to Desktop OAuth Reference to see why and to try again.');
    expect(page).not.toMatch(/odd_code|<b>/);
  });

  it('stops listening when the attempt is closed (cancel or timeout)', async () => {
    const { redirect } = await open();
    redirect.close();
    await expect(fetch(`${redirect.redirectUri}?code=a&state=b`)).rejects.toThrow();
  });

  it('honours a fixed port when the provider requires an exact redirect URI', async () => {
    const probe = await open();
    const port = probe.url.port;
    probe.redirect.close();
    const fixed = await open('completed', `http://127.0.0.1:${port}/oauth/callback`);
    expect(fixed.redirect.redirectUri).toBe(`http://127.0.0.1:${port}/oauth/callback`);
    fixed.redirect.close();
  });
});
