import { describe, expect, it } from 'vitest';
import { stepUpRequest } from '../../../../electron/auth/step-up/step-up-request.js';
import type { TokenSet } from '../../../../electron/auth/tokens/token-set.js';

const NOW = Date.UTC(2030, 0, 7, 9, 0, 0);
const CONFIGURED = ['openid', 'email', 'offline_access', 'appointments:read'];

function tokens(overrides: Partial<TokenSet> = {}): TokenSet {
  return {
    accessToken: 'at',
    tokenType: 'Bearer',
    obtainedAt: NOW,
    accessTokenExpiresAt: NOW + 60_000,
    refreshToken: 'rt',
    scopes: ['openid', 'email', 'appointments:read', 'profile'],
    user: { sub: 'u1', email: 'alice@example.com' },
    idToken: 'id',
    authentication: { acr: 'urn:example:pwd', authTime: NOW / 1000 - 60 },
    ...overrides,
  };
}

describe('stepUpRequest', () => {
  it('asks for every scope held and configured plus the missing one, as the same user', () => {
    expect(
      stepUpRequest({ kind: 'scope', scopes: ['appointments:write'] }, tokens(), CONFIGURED, NOW),
    ).toEqual({
      purpose: 'step-up',
      loginHint: 'alice@example.com',
      scopes: ['openid', 'email', 'offline_access', 'appointments:read', 'profile', 'appointments:write'],
    });
  });

  it('passes acr_values and max_age, without prompt=login while the last sign-in is recent enough', () => {
    const request = stepUpRequest(
      { kind: 'authentication', acrValues: ['urn:example:mfa'], maxAge: 300 },
      tokens(),
      CONFIGURED,
      NOW,
    );
    expect(request).toMatchObject({ acrValues: ['urn:example:mfa'], maxAge: 300 });
    expect(request.prompt).toBeUndefined();
  });

  it.each([
    ['the last sign-in is older than max_age', { acr: 'urn:example:pwd', authTime: NOW / 1000 - 301 }, 300],
    ['the ID token gave no auth_time', { acr: 'urn:example:pwd' }, 300],
    ['max_age is 0', { acr: 'urn:example:pwd', authTime: NOW / 1000 }, 0],
  ])('adds prompt=login when %s', (_name, authentication, maxAge) => {
    const request = stepUpRequest(
      { kind: 'authentication', acrValues: [], maxAge },
      tokens({ authentication }),
      CONFIGURED,
      NOW,
    );
    expect(request).toMatchObject({ prompt: 'login', maxAge });
  });

  it('asks to authenticate again (prompt=login) when the API names neither acr nor max_age', () => {
    const request = stepUpRequest({ kind: 'authentication', acrValues: [] }, tokens(), CONFIGURED, NOW);
    expect(request).toMatchObject({ prompt: 'login' });
    expect(request).not.toHaveProperty('acrValues');
  });
});
