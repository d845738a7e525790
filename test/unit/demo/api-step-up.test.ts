import { describe, expect, it } from 'vitest';

import type { GrantedAccess } from '../../../demo/api-access.js';
import { challengeFor } from '../../../demo/api-challenge.js';
import { checkSignIn, RECORDS_SIGN_IN } from '../../../demo/api-step-up.js';
import { DEMO_ACR_MFA, DEMO_ACR_PASSWORD } from '../../../demo/demo-constants.js';

const SIGNED_IN = 1_900_000_000;
const METADATA = 'http://127.0.0.1:4020/.well-known/oauth-protected-resource';

const access = (facts: Partial<GrantedAccess>): GrantedAccess => ({
  ok: true,
  subject: 'usr_test',
  scopes: ['appointments:read'],
  scheme: 'Bearer',
  ...facts,
});

describe('checkSignIn (RFC 9470 §3)', () => {
  it.each([
    ['an mfa sign-in just now', { acr: DEMO_ACR_MFA, authTime: SIGNED_IN }, 0],
    ['an mfa sign-in exactly 300 s ago', { acr: DEMO_ACR_MFA, authTime: SIGNED_IN }, 300],
  ])('accepts %s', (_, facts, ageSeconds) => {
    expect(checkSignIn(access(facts), RECORDS_SIGN_IN, (SIGNED_IN + ageSeconds) * 1000)).toBeUndefined();
  });

  const weak = `This resource needs a sign-in of class ${DEMO_ACR_MFA} within the last 300 seconds`;
  const old = 'This resource needs a sign-in within the last 300 seconds';
  it.each([
    ['an mfa sign-in 301 s ago', { acr: DEMO_ACR_MFA, authTime: SIGNED_IN }, 301, old],
    ['an mfa token without auth_time', { acr: DEMO_ACR_MFA }, 0, old],
    ['a password sign-in just now', { acr: DEMO_ACR_PASSWORD, authTime: SIGNED_IN }, 0, weak],
    ['a token without acr', { authTime: SIGNED_IN }, 0, weak],
    ['a token that says nothing of its sign-in', {}, 0, weak],
  ])('refuses %s with insufficient_user_authentication', (_, facts, ageSeconds, description) => {
    expect(checkSignIn(access(facts), RECORDS_SIGN_IN, (SIGNED_IN + ageSeconds) * 1000)).toEqual({
      ok: false,
      status: 401,
      error: 'insufficient_user_authentication',
      description,
      scheme: 'Bearer',
      acrValues: DEMO_ACR_MFA,
      maxAge: 300,
    });
  });

  it('names the scheme the token came with', () => {
    const refusal = checkSignIn(access({ scheme: 'DPoP' }), RECORDS_SIGN_IN, SIGNED_IN * 1000);
    expect(refusal?.scheme).toBe('DPoP');
  });
});

describe('challengeFor (RFC 6750 §3, RFC 9449 §7.1, RFC 9470 §3, RFC 9728 §5.1)', () => {
  it('puts acr_values quoted and max_age as a number, then the metadata, under the token’s scheme', () => {
    const refusal = checkSignIn(access({ scheme: 'DPoP' }), RECORDS_SIGN_IN, SIGNED_IN * 1000);
    expect(refusal && challengeFor(refusal, METADATA)).toBe(
      'DPoP realm="demo-api", algs="ES256 ES384 PS256 RS256 EdDSA", error="insufficient_user_authentication", ' +
        `error_description="This resource needs a sign-in of class ${DEMO_ACR_MFA} within the last 300 seconds", ` +
        `acr_values="${DEMO_ACR_MFA}", max_age=300, resource_metadata="${METADATA}"`,
    );
  });

  it('names the missing scopes of an insufficient_scope refusal', () => {
    const refusal = {
      ok: false,
      status: 403,
      error: 'insufficient_scope',
      description: 'The appointments:write scope is required',
      scheme: 'Bearer',
      scope: 'appointments:write',
    } as const;
    expect(challengeFor(refusal, METADATA)).toBe(
      'Bearer realm="demo-api", error="insufficient_scope", error_description="The appointments:write scope is required", ' +
        `scope="appointments:write", resource_metadata="${METADATA}"`,
    );
  });

  it('offers both schemes, each with the metadata, when no credentials came', () => {
    const refusal = { ok: false, status: 401, description: 'An access token is required' } as const;
    expect(challengeFor(refusal, METADATA)).toBe(
      `Bearer realm="demo-api", resource_metadata="${METADATA}", ` +
        `DPoP realm="demo-api", algs="ES256 ES384 PS256 RS256 EdDSA", resource_metadata="${METADATA}"`,
    );
  });

  it('escapes a quote or backslash in a description rather than ending the value', () => {
    const refusal = {
      ok: false,
      status: 401,
      error: 'invalid_token',
      description: 'a "quoted" \\ word',
    } as const;
    expect(challengeFor(refusal, METADATA)).toContain('error_description="a \\"quoted\\" \\\\ word"');
  });
});
