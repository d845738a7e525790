import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../electron/auth/config.js';
import { loadConfig } from '../../electron/auth/load-config.js';

const VALID = {
  issuer: 'https://idp.example.com',
  clientId: 'desktop',
  redirectUri: 'com.example.desktop:/callback',
};

function problemsOf(raw: unknown): readonly string[] {
  try {
    validateConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('validateConfig', () => {
  it('fills defaults for a minimal valid configuration', () => {
    expect(validateConfig(VALID)).toEqual({
      ...VALID,
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      authorizationParams: {},
      apiBaseUrl: undefined,
      keychainService: 'com.example.desktop',
      authorizationTimeoutSeconds: 600,
      httpTimeoutSeconds: 15,
    });
  });

  it.each([
    ['a missing issuer', { issuer: undefined }, 'issuer is required (an https URL)'],
    [
      'a relative issuer',
      { issuer: 'idp.example.com' },
      'issuer must be an absolute URL, got "idp.example.com"',
    ],
    [
      'an http issuer off loopback',
      { issuer: 'http://idp.example.com' },
      'issuer must use https (plain http is allowed only on 127.0.0.1, [::1] or localhost)',
    ],
    [
      'an issuer with a query',
      { issuer: 'https://idp.example.com/?tenant=1' },
      'issuer must not contain a query, a fragment or credentials',
    ],
    ['an empty client id', { clientId: ' ' }, 'clientId is required and must be a non-empty string'],
    [
      'a scheme without a dot',
      { redirectUri: 'myapp:/callback' },
      'a private-use redirectUri scheme must be reverse-DNS, e.g. "com.example.desktop" (RFC 8252 §7.1)',
    ],
    [
      'a localhost loopback redirect',
      { redirectUri: 'http://localhost/callback' },
      'a loopback redirectUri must use the IP literal 127.0.0.1 or [::1], not a name (RFC 8252 §8.3)',
    ],
    [
      'an https redirect',
      { redirectUri: 'https://app.example.com/cb' },
      'redirectUri must be a private-use scheme or loopback; claimed https redirects need an OS app link',
    ],
    [
      'scopes without openid',
      { scopes: 'profile email' },
      'scopes must include "openid": the client validates an ID token',
    ],
    [
      'a reserved parameter',
      { authorizationParams: { state: 'fixed' } },
      'authorizationParams must not set "state": the client sets it itself',
    ],
    [
      'a non-string parameter',
      { authorizationParams: { max_age: 5 } },
      'authorizationParams must be an object of string values',
    ],
    [
      'an http API off loopback',
      { apiBaseUrl: 'http://api.example.com' },
      'apiBaseUrl must use https (plain http is allowed only on 127.0.0.1, [::1] or localhost)',
    ],
    [
      'a zero timeout',
      { httpTimeoutSeconds: 0 },
      'httpTimeoutSeconds must be a number of seconds between 1 and 86400',
    ],
  ])('rejects %s with a specific message', (_name, change, message) => {
    expect(problemsOf({ ...VALID, ...change })).toEqual([message]);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ issuer: 'ftp://x', redirectUri: 'nope' })).toHaveLength(3);
  });

  it('accepts the loopback demo and a loopback redirect', () => {
    const config = validateConfig({
      ...VALID,
      issuer: 'http://127.0.0.1:4010',
      redirectUri: 'http://127.0.0.1/callback',
    });
    expect(config.issuer).toBe('http://127.0.0.1:4010');
  });
});

describe('loadConfig', () => {
  it('lets environment variables override the file', () => {
    const config = loadConfig({
      fileText: JSON.stringify(VALID),
      filePath: 'app.config.json',
      env: { OAUTH_CLIENT_ID: 'from-env', OAUTH_AUTHORIZATION_PARAMS: '{"audience":"https://api"}' },
    });
    expect(config.clientId).toBe('from-env');
    expect(config.authorizationParams).toEqual({ audience: 'https://api' });
  });

  it('names the file when it is not JSON', () => {
    expect(() => loadConfig({ fileText: '{oops', filePath: 'my.json', env: {} })).toThrow(
      /my\.json is not valid JSON/,
    );
  });
});
