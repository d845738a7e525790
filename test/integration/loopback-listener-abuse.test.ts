import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../demo/demo-constants.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { demoConfig, demoSession } from '../support/demo-session.js';

let demo: RunningDemo;
let config: AppConfig;

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  config = demoConfig(demo, { redirect: 'loopback' });
});

afterAll(async () => {
  await demo.close();
});

/** Send raw bytes to the listener and read whatever it answers until it closes the connection. */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the loopback listener under fire from other local processes (RFC 8252 §8.3)', () => {
  it('survives guessed states and a malformed request line, then takes the real redirect', async () => {
    const thrown: unknown[] = [];
    const record = (error: unknown) => thrown.push(error);
    process.on('uncaughtException', record);
    try {
      const app = demoSession(config);
      await app.session.signIn();
      const callback = new URL(await completeLoginOverHttp(app.browser.last.href));
      expect(callback.hostname).toBe('127.0.0.1');

      // A dozen blind guesses at the callback, each refused and none closing the listener.
      for (let guess = 0; guess < 12; guess += 1) {
        const forged = await fetch(`${callback.origin}${callback.pathname}?code=x&state=guess-${guess}`);
        expect(forged.status).toBe(400);
        expect(await forged.text()).toContain('already been used or has expired');
      }
      // A request target that is not a URL at all.
      const malformed = await rawRequest(
        Number(callback.port),
        'GET http://[/callback HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      expect(malformed).toMatch(/^HTTP\/1\.1 400 /);

      const real = await fetch(callback);
      expect(real.status).toBe(200);
      expect(await real.text()).toContain('You are signed in');
      expect(app.session.view()).toMatchObject({ state: 'signed-in', user: { subject: DEMO_USER.subject } });
      await app.session.signOut();
    } finally {
      process.off('uncaughtException', record);
    }
    expect(thrown).toEqual([]);
  });
});
