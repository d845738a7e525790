import { describe, expect, it } from 'vitest';
import { needsFromChallenge } from '../../../../electron/auth/step-up/step-up-needs.js';

const GRANTED = ['openid', 'appointments:read'];

describe('needsFromChallenge', () => {
  it.each([
    [
      'insufficient_scope with a scope the session lacks',
      { scheme: 'bearer', error: 'insufficient_scope', scope: 'appointments:read appointments:write' },
      { kind: 'scope', scopes: ['appointments:write'] },
    ],
    [
      'insufficient_user_authentication with acr_values and max_age',
      {
        scheme: 'dpop',
        error: 'insufficient_user_authentication',
        acrValues: 'urn:example:mfa  urn:example:hwk urn:example:mfa',
        maxAge: 300,
      },
      { kind: 'authentication', acrValues: ['urn:example:mfa', 'urn:example:hwk'], maxAge: 300 },
    ],
    [
      'insufficient_user_authentication with max_age only',
      { scheme: 'bearer', error: 'insufficient_user_authentication', maxAge: 0 },
      { kind: 'authentication', acrValues: [], maxAge: 0 },
    ],
  ])('reads %s', (_name, challenge, expected) => {
    expect(needsFromChallenge(challenge, GRANTED)).toEqual(expected);
  });

  it.each([
    ['no challenge', undefined],
    ['invalid_token', { scheme: 'bearer', error: 'invalid_token' }],
    [
      'insufficient_scope naming only granted scopes',
      { scheme: 'bearer', error: 'insufficient_scope', scope: 'appointments:read' },
    ],
    ['insufficient_scope naming no scope', { scheme: 'bearer', error: 'insufficient_scope' }],
  ])('asks nothing for %s', (_name, challenge) => {
    expect(needsFromChallenge(challenge, GRANTED)).toBeUndefined();
  });
});
