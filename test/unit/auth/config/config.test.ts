import { describe, expect, it } from 'vitest';
import { ConfigError, usesOpenId, validateConfig } from '../../../../electron/auth/config/config.js';
import { loadConfig } from '../../../../electron/auth/config/load-config.js';

const VALID = {
  issuer: 'https://idp.example.com',
  clientId: 'desktop',
  redirectUri: 'com.example.desktop:/callback',
};

const PATH =
  'apiRequest.path must be a path below apiBaseUrl starting with "/", without "//", a backslash or control characters';

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
      endpoints: undefined,
      idTokenSigningAlg: undefined,
      clientAuthentication: 'none',
      clientSecret: undefined,
      pushedAuthorizationRequests: 'auto',
      dpop: false,
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      redirect: 'auto',
      loopbackRedirectUri: 'http://127.0.0.1/callback',
      authorizationParams: {},
      endProviderSession: false,
      postLogoutRedirectUri: undefined,
      apiBaseUrl: undefined,
      apiRequest: { method: 'GET', path: '/appointments' },
      apiActions: [],
      keychainService: 'com.example.desktop',
      authorizationTimeoutSeconds: 300,
      httpTimeoutSeconds: 15,
      httpStack: 'chromium',
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
      'redirectUri must use a reverse-DNS scheme, e.g. "com.example.desktop" (RFC 8252 §7.1)',
    ],
    [
      'a loopback URI as the scheme redirect',
      { redirectUri: 'http://127.0.0.1/callback' },
      'redirectUri must use a private-use scheme; put a loopback redirect in loopbackRedirectUri',
    ],
    [
      'a missing scheme redirect in auto mode',
      { redirectUri: undefined },
      'redirectUri is required, e.g. "com.example.desktop:/callback"',
    ],
    [
      'a localhost loopback redirect',
      { loopbackRedirectUri: 'http://localhost/callback' },
      'loopbackRedirectUri must use the IP literal 127.0.0.1 or [::1], not a name (RFC 8252 §8.3)',
    ],
    [
      'a loopback redirect without a path',
      { loopbackRedirectUri: 'http://127.0.0.1:8080' },
      'loopbackRedirectUri needs a path (e.g. /callback) and no query or fragment',
    ],
    [
      'an unknown redirect mode',
      { redirect: 'magic' },
      'redirect must be one of "auto", "scheme", "loopback"',
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
      'an API request that is not an object',
      { apiRequest: 'GET /appointments' },
      'apiRequest must be an object such as { "method": "GET", "path": "/appointments" }',
    ],
    [
      'an API method the app does not send',
      { apiRequest: { method: 'TRACE', path: '/appointments' } },
      'apiRequest.method must be one of "GET", "POST", "PUT", "PATCH", "DELETE"',
    ],
    ['an absolute API URL as the path', { apiRequest: { path: 'https://evil.example/x' } }, PATH],
    ['a protocol-relative API path', { apiRequest: { path: '//evil.example/x' } }, PATH],
    ['a backslash in the API path', { apiRequest: { path: '/\\evil.example' } }, PATH],
    ['a control character in the API path', { apiRequest: { path: '/a\nb' } }, PATH],
    [
      'an unknown key in the API request',
      { apiRequest: { path: '/x', body: '{}' } },
      'apiRequest.body is not a known setting (known: method, path)',
    ],
    [
      'API actions that are not a list',
      { apiActions: { label: 'x', path: '/x' } },
      'apiActions must be a list of at most 8 { "label", "method", "path" } objects',
    ],
    [
      'an API action without a label',
      { apiActions: [{ method: 'GET', path: '/records' }] },
      'apiActions[0].label must be a short text (1 to 60 characters)',
    ],
    [
      'an API action without a path',
      { apiActions: [{ label: 'View records' }] },
      'apiActions[0].path must be a path below apiBaseUrl starting with "/", without "//", a backslash or control characters',
    ],
    [
      'an API action to another origin',
      { apiActions: [{ label: 'Leak', path: '//evil.example/x' }] },
      'apiActions[0].path must be a path below apiBaseUrl starting with "/", without "//", a backslash or control characters',
    ],
    [
      'an http API off loopback',
      { apiBaseUrl: 'http://api.example.com' },
      'apiBaseUrl must use https (plain http is allowed only on 127.0.0.1, [::1] or localhost)',
    ],
    [
      'a secret for a public client',
      { clientSecret: 's3cret' },
      'clientSecret is set but clientAuthentication is "none": choose "client_secret_basic" or "client_secret_post", or remove the secret',
    ],
    [
      'client_secret_basic without a secret',
      { clientAuthentication: 'client_secret_basic' },
      'clientSecret is required when clientAuthentication is "client_secret_basic"',
    ],
    [
      'an unknown client authentication',
      { clientAuthentication: 'private_key_jwt' },
      'clientAuthentication must be one of "none", "client_secret_basic", "client_secret_post"',
    ],
    [
      'endpoints without a token endpoint',
      { endpoints: { authorization: 'https://gw.example.com/authorize' } },
      'endpoints.token is required (an https URL)',
    ],
    [
      'an http endpoint off loopback',
      {
        endpoints: {
          authorization: 'https://gw.example.com/authorize',
          token: 'http://gw.example.com/token',
        },
      },
      'endpoints.token must use https (plain http is allowed only on 127.0.0.1, [::1] or localhost)',
    ],
    [
      'a misspelt endpoint',
      {
        endpoints: {
          authorization: 'https://gw.example.com/authorize',
          token: 'https://gw.example.com/token',
          revoke: 'https://gw.example.com/revoke',
        },
      },
      'endpoints.revoke is not a known endpoint (known: authorization, token, pushedAuthorizationRequest, revocation, endSession, userinfo, jwks)',
    ],
    ['a misspelt setting', { clientID: 'desktop' }, 'clientID is not a known setting'],
    [
      'an unknown PAR mode',
      { pushedAuthorizationRequests: 'always' },
      'pushedAuthorizationRequests must be one of "auto", "never"',
    ],
    ['an unknown HTTP stack', { httpStack: 'undici' }, 'httpStack must be one of "chromium", "node"'],
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

  it('accepts the loopback demo, and loopback-only mode without a scheme', () => {
    const config = validateConfig({
      ...VALID,
      issuer: 'http://127.0.0.1:4010',
      redirect: 'loopback',
      redirectUri: undefined,
      loopbackRedirectUri: 'http://[::1]:8400/oauth/callback',
    });
    expect(config).toMatchObject({
      issuer: 'http://127.0.0.1:4010',
      redirectUri: undefined,
      redirect: 'loopback',
    });
  });
});

describe('validateConfig, provider fields', () => {
  it('accepts plain OAuth 2.0 scopes without openid (an API gateway), and says so', () => {
    const config = validateConfig({ ...VALID, scopes: 'PRODUCTION offline_access' });
    expect(usesOpenId(config)).toBe(false);
    expect(usesOpenId(validateConfig(VALID))).toBe(true);
  });

  it('reads the API request, the method defaulting to GET', () => {
    expect(
      validateConfig({ ...VALID, apiRequest: { method: 'POST', path: '/v1/visits?mine=1' } }).apiRequest,
    ).toEqual({
      method: 'POST',
      path: '/v1/visits?mine=1',
    });
    expect(validateConfig({ ...VALID, apiRequest: { path: '/v1/userinfo' } }).apiRequest).toEqual({
      method: 'GET',
      path: '/v1/userinfo',
    });
  });

  it('reads API actions with their labels, GET when no method is given', () => {
    const apiActions = [
      { label: ' View records ', path: '/records' },
      { label: 'Cancel the next appointment', method: 'POST', path: '/appointments/next/cancel' },
    ];
    expect(validateConfig({ ...VALID, apiActions }).apiActions).toEqual([
      { label: 'View records', method: 'GET', path: '/records' },
      { label: 'Cancel the next appointment', method: 'POST', path: '/appointments/next/cancel' },
    ]);
  });

  it('lets $-prefixed annotations such as $comment through', () => {
    expect(problemsOf({ ...VALID, $comment: ['notes for whoever fills this in'] })).toEqual([]);
  });

  it('reads explicit endpoints and a client secret', () => {
    const config = validateConfig({
      ...VALID,
      endpoints: { authorization: 'https://gw.example.com/authorize', token: 'https://gw.example.com/token' },
      clientAuthentication: 'client_secret_basic',
      clientSecret: 'not-really-secret',
    });
    expect(config).toMatchObject({
      endpoints: {
        authorization: 'https://gw.example.com/authorize',
        token: 'https://gw.example.com/token',
        revocation: undefined,
      },
      clientAuthentication: 'client_secret_basic',
      clientSecret: 'not-really-secret',
    });
  });
});

describe('loadConfig', () => {
  it('takes the client secret from OAUTH_CLIENT_SECRET, so it need not sit in the file', () => {
    const config = loadConfig({
      fileText: JSON.stringify({ ...VALID, clientAuthentication: 'client_secret_post' }),
      filePath: 'app.config.json',
      env: { OAUTH_CLIENT_SECRET: 'from-env' },
    });
    expect(config.clientSecret).toBe('from-env');
  });

  it('lets environment variables override the file', () => {
    const config = loadConfig({
      fileText: JSON.stringify(VALID),
      filePath: 'app.config.json',
      env: { OAUTH_CLIENT_ID: 'from-env', OAUTH_AUTHORIZATION_PARAMS: '{"audience":"https://api"}' },
    });
    expect(config.clientId).toBe('from-env');
    expect(config.authorizationParams).toEqual({ audience: 'https://api' });
  });

  it('merges OAUTH_AUTHORIZATION_PARAMS key by key over the file, so a profile keeps its audience', () => {
    const load = (value: string) =>
      loadConfig({
        fileText: JSON.stringify({
          ...VALID,
          authorizationParams: { audience: 'https://api', prompt: 'login' },
        }),
        filePath: 'auth0.json',
        env: { OAUTH_AUTHORIZATION_PARAMS: value },
      }).authorizationParams;
    expect(load('{"prompt":"consent","ui_locales":"fr"}')).toEqual({
      audience: 'https://api',
      prompt: 'consent',
      ui_locales: 'fr',
    });
    expect(load('{"prompt":null}')).toEqual({ audience: 'https://api' });
    expect(() => load('{"state":"x"}')).toThrow(/authorizationParams must not set "state"/);
    expect(() => load('["audience"]')).toThrow(/OAUTH_AUTHORIZATION_PARAMS must contain a JSON object/);
  });

  it('names the file when it is not JSON', () => {
    expect(() => loadConfig({ fileText: '{oops', filePath: 'my.json', env: {} })).toThrow(
      /my\.json is not valid JSON/,
    );
  });
});
