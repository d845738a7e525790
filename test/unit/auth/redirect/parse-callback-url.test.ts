import { describe, expect, it } from 'vitest';
import { parseCallbackUrl } from '../../../../electron/auth/redirect/parse-callback-url.js';

const REDIRECT = 'com.example.desktop:/callback';

describe('parseCallbackUrl', () => {
  it.each([
    ['a code response', `${REDIRECT}?code=abc&state=s1&iss=https%3A%2F%2Fidp`, { kind: 'code', state: 's1' }],
    [
      'an error response',
      `${REDIRECT}?error=access_denied&error_description=no&state=s1`,
      { kind: 'provider-error', state: 's1', error: 'access_denied', description: 'no' },
    ],
    [
      'an error response without state',
      `${REDIRECT}?error=server_error`,
      { kind: 'provider-error', state: undefined, error: 'server_error', description: undefined },
    ],
    ['another scheme', 'com.evil.app:/callback?code=a&state=s', { kind: 'not-ours' }],
    ['another path', `com.example.desktop:/other?code=a&state=s`, { kind: 'not-ours' }],
    ['a different authority form', 'com.example.desktop://callback?code=a&state=s', { kind: 'not-ours' }],
    ['not a URL', 'hello world', { kind: 'not-ours' }],
    ['a missing state', `${REDIRECT}?code=abc`, { kind: 'malformed', reason: 'callback has no state' }],
    ['an empty state', `${REDIRECT}?code=abc&state=`, { kind: 'malformed', reason: 'callback has no state' }],
    ['a missing code', `${REDIRECT}?state=s1`, { kind: 'malformed', reason: 'callback has no code' }],
    [
      'an empty error next to a code',
      `${REDIRECT}?error=&code=a&state=s1`,
      { kind: 'malformed', reason: 'callback has an empty error' },
    ],
    [
      'a duplicated code',
      `${REDIRECT}?code=a&code=b&state=s1`,
      { kind: 'malformed', reason: 'parameter "code" appears more than once' },
    ],
    [
      'a duplicated state',
      `${REDIRECT}?code=a&state=s1&state=s2`,
      { kind: 'malformed', reason: 'parameter "state" appears more than once' },
    ],
    [
      'a duplicated iss',
      `${REDIRECT}?code=a&state=s1&iss=x&iss=y`,
      { kind: 'malformed', reason: 'parameter "iss" appears more than once' },
    ],
    [
      'a fragment',
      `${REDIRECT}?code=a&state=s1#frag`,
      { kind: 'malformed', reason: 'callback carries a fragment' },
    ],
    [
      'a huge URL',
      `${REDIRECT}?code=${'a'.repeat(9000)}&state=s1`,
      { kind: 'malformed', reason: 'callback URL is too long' },
    ],
  ])('classifies %s', (_name, url, expected) => {
    expect(parseCallbackUrl(url, REDIRECT)).toMatchObject(expected);
  });

  it('keeps the whole URL of a code response for the token exchange', () => {
    const result = parseCallbackUrl(`${REDIRECT}?code=abc&state=s1&iss=x`, REDIRECT);
    expect(result.kind === 'code' && result.url.searchParams.get('code')).toBe('abc');
  });

  it('compares loopback redirects including the port', () => {
    const redirect = 'http://127.0.0.1:51000/callback';
    expect(parseCallbackUrl('http://127.0.0.1:51000/callback?code=a&state=s', redirect).kind).toBe('code');
    expect(parseCallbackUrl('http://127.0.0.1:51001/callback?code=a&state=s', redirect).kind).toBe(
      'not-ours',
    );
    expect(parseCallbackUrl('http://localhost:51000/callback?code=a&state=s', redirect).kind).toBe(
      'not-ours',
    );
  });

  it('never quotes the URL in its reason', () => {
    const result = parseCallbackUrl(`${REDIRECT}?code=secret-code&code=again&state=s1`, REDIRECT);
    expect(JSON.stringify(result)).not.toContain('secret-code');
  });
});
