import { describe, expect, it } from 'vitest';
import { checkStepUp } from '../../../../electron/auth/step-up/check-step-up.js';
import type { TokenSet } from '../../../../electron/auth/tokens/token-set.js';

function tokens(overrides: Partial<TokenSet> = {}): TokenSet {
  return {
    accessToken: 'at',
    tokenType: 'Bearer',
    obtainedAt: 0,
    accessTokenExpiresAt: 60_000,
    refreshToken: 'rt',
    scopes: ['openid', 'appointments:read'],
    user: { sub: 'alice-sub', email: 'alice@example.com' },
    idToken: 'id',
    authentication: { acr: 'urn:example:pwd', authTime: 100 },
    ...overrides,
  };
}
const MFA = { kind: 'authentication', acrValues: ['urn:example:mfa'], maxAge: 300 } as const;
const WRITE = { kind: 'scope', scopes: ['appointments:write'] } as const;

describe('checkStepUp', () => {
  it('accepts the same user with an acr that was asked for', () => {
    expect(
      checkStepUp(tokens(), tokens({ authentication: { acr: 'urn:example:mfa', authTime: 200 } }), MFA),
    ).toBeUndefined();
  });

  it('accepts the same user granted the scope that was asked for', () => {
    const next = tokens({ scopes: ['openid', 'appointments:read', 'appointments:write'] });
    expect(checkStepUp(tokens(), next, WRITE)).toBeUndefined();
  });

  it('refuses tokens for another user, naming both', () => {
    const next = tokens({
      user: { sub: 'bob-sub', email: 'bob@example.com' },
      authentication: { acr: 'urn:example:mfa' },
    });
    const refusal = checkStepUp(tokens(), next, MFA);
    expect(refusal).toMatchObject({ code: 'step_up_failed' });
    expect(refusal?.message).toContain('bob@example.com');
    expect(refusal?.message).toContain('alice@example.com');
    expect(refusal?.message).toContain('Your session is unchanged.');
  });

  it.each([
    ['a weaker acr', { acr: 'urn:example:pwd', authTime: 200 }, 'it reported urn:example:pwd'],
    ['no acr at all', { authTime: 200 }, 'it reported none'],
  ])('refuses %s than the API asked for', (_name, authentication, reported) => {
    const refusal = checkStepUp(tokens(), tokens({ authentication }), MFA);
    expect(refusal).toMatchObject({ code: 'step_up_failed' });
    expect(refusal?.message).toContain('(urn:example:mfa)');
    expect(refusal?.message).toContain(reported);
  });

  it('refuses when the provider did not grant the scope asked for', () => {
    expect(checkStepUp(tokens(), tokens(), WRITE)?.message).toBe(
      'The identity provider did not grant appointments:write. Your session is unchanged.',
    );
  });
});
