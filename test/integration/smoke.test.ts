import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoApi } from '../../demo/api.js';
import { DEMO_CLIENT_ID, DEMO_REDIRECT_URI } from '../../demo/demo-constants.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { validateConfig } from '../../electron/auth/config/config.js';
import { parseLoginSteps } from '../../smoke/login-steps.js';
import { demoConfig } from '../support/demo-session.js';
import { expectNoSecrets, smoke, statuses, step } from '../support/smoke-run.js';
import { startNodeOAuthServer } from '../support/node-oauth-server.js';

/**
 * `npm run smoke` as a library: the real demo provider and API, real Chromium, the real keychain,
 * and a third-party authorization server from npm. Every run's printed table and JSON are checked
 * for the secrets that went over the wire during that run.
 */
let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
});
afterAll(async () => {
  await demo.close();
});

describe('npm run smoke against the bundled demo', () => {
  it.each(['scheme', 'loopback'] as const)('passes every step with a %s redirect', async (redirect) => {
    const screenshotsDir = await mkdtemp(join(tmpdir(), 'smoke-shots-'));
    try {
      const { report, printed, secrets } = await smoke(demoConfig(demo, { dpop: true }), {
        redirect,
        screenshotsDir,
      });
      expect(report.ok).toBe(true);
      // No configured request asks for a step-up: that step does not apply (smoke-step-up.test.ts).
      const { 'step-up': stepUp, ...others } = statuses(report);
      expect(Object.values(others)).toEqual(Array(9).fill('ok'));
      expect(stepUp).toBe('n/a');
      expect(report.provider).toEqual({
        iss: true,
        par: true,
        rotation: true,
        revocation: true,
        stepUp: null,
      });
      expectNoSecrets(printed, secrets);
      // Only the provider's login page is photographed: no redirect, so no code, in any picture.
      expect(await readdir(screenshotsDir)).toEqual(['login.png']);
    } finally {
      await rm(screenshotsDir, { recursive: true, force: true });
    }
  });
});

describe('npm run smoke against oauth2-mock-server (npm)', () => {
  it('passes with no login page, the userinfo endpoint as the API, and no PAR or iss', async () => {
    const server = new OAuth2Server();
    await server.issuer.keys.generate('RS256');
    await server.start(0, '127.0.0.1');
    try {
      const config = validateConfig({
        issuer: server.issuer.url,
        clientId: DEMO_CLIENT_ID,
        redirectUri: DEMO_REDIRECT_URI,
        scopes: 'openid offline_access',
        keychainService: `com.example.desktop.test-${randomUUID()}`,
      });
      const { report, printed, secrets } = await smoke(config, { loginSteps: [] });
      expect(report.ok).toBe(true);
      expect(step(report, 'API call')?.message).toBe('GET /userinfo answered 200.');
      expect(report.provider).toEqual({
        iss: false,
        par: false,
        rotation: true,
        revocation: true,
        stepUp: null,
      });
      expect(step(report, 'step-up')).toMatchObject({ status: 'n/a', message: 'No API configured.' });
      expectNoSecrets(printed, secrets);
    } finally {
      await server.stop();
    }
  });
});

describe('npm run smoke against @node-oauth/oauth2-server (npm) with a small model', () => {
  it('passes with explicit endpoints, and reports what the server lacks as n/a', async () => {
    const server = await startNodeOAuthServer({
      clientId: DEMO_CLIENT_ID,
      redirectUris: [DEMO_REDIRECT_URI],
    });
    try {
      const config = validateConfig({
        issuer: server.issuer,
        endpoints: server.endpoints,
        clientId: DEMO_CLIENT_ID,
        redirectUri: DEMO_REDIRECT_URI,
        scopes: 'openid',
        keychainService: `com.example.desktop.test-${randomUUID()}`,
      });
      const { report, printed, secrets } = await smoke(config, { loginSteps: [] });
      expect(report.ok).toBe(true);
      expect(statuses(report)).toMatchObject({
        'code exchange': 'ok',
        keychain: 'ok',
        refresh: 'ok',
        'sign-out': 'ok',
      });
      expect(step(report, 'API call')).toMatchObject({
        status: 'n/a',
        message: 'No API configured and no userinfo endpoint advertised.',
      });
      expect(step(report, 'sign-out')?.message).toContain('no revocation endpoint advertised');
      expect(report.provider).toEqual({
        iss: false,
        par: false,
        rotation: true,
        revocation: false,
        stepUp: null,
      });
      expectNoSecrets(printed, secrets);
    } finally {
      await server.close();
    }
  });
});

describe('npm run smoke failures, each with its own code and fix', () => {
  it('a client id the provider does not know', async () => {
    const { report } = await smoke(demoConfig(demo, { clientId: 'not-registered' }));
    expect(report.ok).toBe(false);
    expect(step(report, 'authorization request')).toMatchObject({ status: 'fail', code: 'provider_error' });
    expect(step(report, 'authorization request')?.fix).toContain('"not-registered"');
    expect(step(report, 'sign-out')).toMatchObject({
      status: 'n/a',
      message: 'Not run: an earlier step failed.',
    });
  });

  it('a redirect URI that is not registered', async () => {
    const { report } = await smoke(demoConfig(demo, { redirectUri: 'com.example.other:/callback' }));
    expect(step(report, 'authorization request')).toMatchObject({ status: 'fail', code: 'provider_error' });
    expect(step(report, 'authorization request')?.fix).toContain('com.example.other:/callback');
  });

  it('a wrong password: the login times out and names the page it stopped on', async () => {
    const wrong = parseLoginSteps([
      { fill: '#username', with: 'username' },
      { fill: '#password', with: 'password' },
      { click: '#sign-in' },
    ]);
    const { report, printed } = await smoke(demoConfig(demo), {
      loginSteps: wrong,
      loginTimeoutSeconds: 4,
      env: { SMOKE_USERNAME: 'alice', SMOKE_PASSWORD: 'not-the-password' },
    });
    const login = step(report, 'browser login');
    expect(login).toMatchObject({ status: 'fail', code: 'login_timeout' });
    expect(login?.message).toMatch(/stopped on http:\/\/127\.0\.0\.1:\d+\/interaction\/\S+ .*showing "/);
    expect(login?.fix).toContain('SMOKE_USERNAME');
    expect(printed).not.toContain('not-the-password');
  });

  it('a provider that is down', async () => {
    const { report } = await smoke(demoConfig(demo, { issuer: 'http://127.0.0.1:9' }));
    expect(step(report, 'provider metadata')).toMatchObject({ status: 'fail', code: 'provider_unreachable' });
    expect(step(report, 'provider metadata')?.fix).toMatch(/127\.0\.0\.1:9/);
    expect(report.steps.slice(1).every((each) => each.status === 'n/a')).toBe(true);
  });

  it('an API that rejects the token', async () => {
    const api = await startDemoApi({ issuer: demo.issuer, audience: 'urn:example:another-api', port: 0 });
    try {
      const { report } = await smoke(demoConfig(demo, { apiBaseUrl: api.url }));
      const call = step(report, 'API call');
      expect(call).toMatchObject({ status: 'fail', code: 'api_unauthorized' });
      expect(call?.message).toContain('answered 401');
      expect(call?.fix).toMatch(/API|audience/);
      expect(report.provider.revocation).toBeNull(); // sign-out did not run
    } finally {
      await api.close();
    }
  });
});
