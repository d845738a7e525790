import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import type { HttpFetch } from '../../electron/auth/ports.js';
import { nodeFetch } from '../../electron/auth/provider/provider-client.js';
import { demoConfig } from '../support/demo-session.js';
import { demoStepUpSteps, expectNoSecrets, smoke, statuses, step } from '../support/smoke-run.js';

/**
 * The smoke run's step of its own for RFC 9470: the real demo API asks `GET /records` for acr
 * `urn:example:mfa` within 300 s, the real provider shows its one-time-code page in Chromium, and
 * the report says whether the provider honoured `acr_values` and `max_age`.
 */
let demo: RunningDemo;
let lax: RunningDemo;

beforeAll(async () => {
  [demo, lax] = await Promise.all([
    startDemo({ providerPort: 0, apiPort: 0 }),
    startDemo({ providerPort: 0, apiPort: 0, habits: { acrValues: 'ignored' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([demo.close(), lax.close()]);
});

const CANCEL = { label: 'Cancel the next appointment', method: 'POST', path: '/appointments/next/cancel' };
const RECORDS = { label: 'View records', method: 'GET', path: '/records' };

describe('npm run smoke: the step-up step', () => {
  it.each(['scheme', 'loopback'] as const)(
    'reports acr_values and max_age honoured after a second factor (%s redirect)',
    async (redirect) => {
      const { report, printed, secrets, requests } = await smoke(
        demoConfig(demo, { dpop: true, apiActions: [CANCEL, RECORDS] }),
        {
          redirect,
          stepUpSteps: demoStepUpSteps,
          env: { SMOKE_ONE_TIME_CODE: demo.secondFactorCode },
        },
      );
      expect(step(report, 'step-up')).toMatchObject({
        status: 'ok',
        message:
          'GET /records asked for acr_values urn:example:mfa and max_age 300 s; after the step-up it answered 200.',
      });
      expect(report.ok).toBe(true);
      expect(Object.values(statuses(report)).every((status) => status === 'ok')).toBe(true);
      expect(report.provider.stepUp).toBe(true);
      // A smoke run changes no data: the action that would cancel an appointment is never sent.
      expect(requests).toContain('GET /records');
      expect(requests).not.toContain('POST /appointments/next/cancel');
      expect(printed).toContain('revocation yes, step-up yes.');
      expect(printed).not.toContain(demo.secondFactorCode);
      expectNoSecrets(printed, secrets);
    },
  );

  it('says when the provider ignores acr_values, and the run goes on to refresh and sign out', async () => {
    const { report, printed, secrets } = await smoke(demoConfig(lax, { apiActions: [RECORDS] }), {
      stepUpSteps: demoStepUpSteps,
      env: { SMOKE_ONE_TIME_CODE: lax.secondFactorCode },
    });
    const stepUp = step(report, 'step-up');
    expect(stepUp).toMatchObject({ status: 'fail', code: 'step_up_failed' });
    expect(stepUp?.message).toContain('GET /records asked for acr_values urn:example:mfa and max_age 300 s.');
    expect(stepUp?.message).toContain('did not confirm the stronger sign-in');
    expect(stepUp?.fix).toContain('Enable that authentication level');
    expect(report.provider.stepUp).toBe(false);
    expect(statuses(report)).toMatchObject({ refresh: 'ok', 'sign-out': 'ok' });
    expect(report.ok).toBe(false);
    expectNoSecrets(printed, secrets);
  });

  it('fails with the variable to set when the one-time code is not given, and keeps the session', async () => {
    const { report } = await smoke(demoConfig(demo, { apiActions: [RECORDS] }), {
      stepUpSteps: demoStepUpSteps,
      loginTimeoutSeconds: 10,
    });
    const stepUp = step(report, 'step-up');
    expect(stepUp).toMatchObject({ status: 'fail', code: 'login_steps_invalid' });
    expect(stepUp?.message).toContain('SMOKE_ONE_TIME_CODE is not set');
    expect(stepUp?.fix).toContain('--step-up-login');
    expect(report.provider.stepUp).toBeNull(); // nothing was learnt about the provider
    expect(statuses(report)).toMatchObject({ refresh: 'ok', 'sign-out': 'ok' });
  });

  it('gives up after the login timeout when the step-up stalls after the redirect, and goes on', async () => {
    // The provider takes the step-up's code and never answers (the fault a real server will not
    // make on demand): the step must not wait for the attempt's five-minute expiry.
    let tokenRequests = 0;
    const stalling: HttpFetch = (url, init) => {
      const isToken = new URL(url).pathname.endsWith('/token') && (tokenRequests += 1) === 2;
      if (!isToken) return nodeFetch(url, init);
      return new Promise((_, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)),
      );
    };
    const { report } = await smoke(demoConfig(demo, { apiActions: [RECORDS], httpTimeoutSeconds: 10 }), {
      stepUpSteps: demoStepUpSteps,
      env: { SMOKE_ONE_TIME_CODE: demo.secondFactorCode },
      loginTimeoutSeconds: 6,
      fetch: stalling,
    });
    expect(step(report, 'step-up')).toMatchObject({ status: 'fail', code: 'step_up_timeout' });
    expect(step(report, 'step-up')?.fix).toContain('npm run doctor');
    expect(step(report, 'step-up')?.message).toContain(
      'The step-up did not finish within 6 s of the redirect.',
    );
    expect(statuses(report)).toMatchObject({ refresh: 'ok', 'sign-out': 'ok' });
  }, 60_000);

  it('does not apply when no GET request asks, and never sends the others', async () => {
    const { report, requests } = await smoke(demoConfig(demo, { apiActions: [CANCEL] }));
    expect(step(report, 'step-up')).toMatchObject({
      status: 'n/a',
      message:
        'No configured GET request asks for a stronger or more recent sign-in (RFC 9470). ' +
        'Not tried, to change no data: POST /appointments/next/cancel.',
    });
    expect(requests.some((request) => request.startsWith('POST /appointments'))).toBe(false);
    expect(report.ok).toBe(true);
  });
});
