import { describe, expect, it } from 'vitest';
import { describeRedirect } from '../../../renderer/src/app-info.js';
import type { AppInfoView } from '../../../electron/shared/ipc-contract.js';

const base: AppInfoView = {
  version: '1.0.0',
  issuer: 'https://id.example.com',
  redirectMode: 'auto',
  scheme: 'com.example.desktop',
  schemeRegistered: true,
  apiRequest: { method: 'GET', path: '/appointments' },
  apiActions: [],
};

describe('describeRedirect', () => {
  it.each<[string, Partial<AppInfoView>, string]>([
    ['auto with a registered scheme', {}, 'the app link com.example.desktop:'],
    [
      'auto with an unregistered scheme',
      { schemeRegistered: false },
      'a one-time local address (127.0.0.1), because com.example.desktop: is not registered with the system',
    ],
    ['scheme mode', { redirectMode: 'scheme', schemeRegistered: false }, 'the app link com.example.desktop:'],
    ['loopback mode', { redirectMode: 'loopback' }, 'a one-time local address (127.0.0.1)'],
  ])('%s', (_name, overrides, expected) => {
    expect(describeRedirect({ ...base, ...overrides })).toBe(expected);
  });

  it('uses loopback when no scheme is configured', () => {
    const noScheme: AppInfoView = {
      version: '1.0.0',
      issuer: base.issuer,
      redirectMode: 'auto',
      schemeRegistered: false,
      apiRequest: base.apiRequest,
      apiActions: [],
    };
    expect(describeRedirect(noScheme)).toBe('a one-time local address (127.0.0.1)');
  });
});
