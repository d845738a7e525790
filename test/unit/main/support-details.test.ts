import { describe, expect, it } from 'vitest';
import { describeForSupport } from '../../../electron/main/support-details.js';
import { APP_NAME } from '../../../electron/shared/app-identity.js';

const info = {
  version: '1.2.3',
  issuer: 'https://id.example.com',
  redirectMode: 'auto',
  scheme: 'com.example.desktop',
  schemeRegistered: false,
  apiRequest: { method: 'GET', path: '/appointments' },
  apiActions: [],
} as const;
const context = { appName: APP_NAME, platform: 'linux', now: Date.UTC(2026, 10, 25, 9, 30) };

describe('support details for "Copy details"', () => {
  it('names app, version, time, step, error and provider', () => {
    const text = describeForSupport(
      { state: 'signed-out', error: { code: 'session_expired', message: 'Your session has ended.' } },
      info,
      context,
    );
    expect(text.split('\n')).toEqual([
      'Desktop OAuth Reference 1.2.3 (linux)',
      'Time: 2026-11-25T09:30:00.000Z',
      'Step: signing in, or after the session ended',
      'Error: session_expired: Your session has ended.',
      'Identity provider: https://id.example.com',
      'Redirect: auto (scheme com.example.desktop, not registered)',
    ]);
  });

  it('redacts anything shaped like a token or a URL query that an error message might carry', () => {
    const message =
      'Failed at https://id.example.com/cb?code=abc&state=def with eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    const text = describeForSupport(
      { state: 'signed-out', error: { code: 'internal_error', message } },
      info,
      context,
    );
    expect(text).toContain('https://id.example.com/cb?[redacted]');
    expect(text).not.toMatch(/code=abc|state=def|eyJhbGci/);
  });
});
