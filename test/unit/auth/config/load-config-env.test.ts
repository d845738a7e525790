import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../electron/auth/config/config.js';
import { loadConfig } from '../../../../electron/auth/config/load-config.js';

const VALID = {
  issuer: 'https://idp.example.com',
  clientId: 'desktop',
  redirectUri: 'com.example.desktop:/callback',
};

function problemsOf(file: object, env: Record<string, string>): readonly string[] {
  try {
    loadConfig({ fileText: JSON.stringify(file), filePath: 'app.config.json', env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig problems with environment overrides', () => {
  it('names the variable a bad value came from, and leaves the file problems as they are', () => {
    expect(problemsOf({ ...VALID, keychainService: '' }, { OAUTH_REDIRECT: 'Loopback' })).toEqual([
      'OAUTH_REDIRECT (environment): must be one of "auto", "scheme", "loopback"',
      'keychainService is required and must be a non-empty string',
    ]);
  });

  it('names the field, not a variable, when the file holds the bad value', () => {
    expect(problemsOf({ ...VALID, redirect: 'Loopback' }, { OAUTH_CLIENT_ID: 'from-env' })).toEqual([
      'redirect must be one of "auto", "scheme", "loopback"',
    ]);
  });

  it('takes the HTTP stack from OAUTH_HTTP_STACK, and names it when the value is wrong', () => {
    const load = (env: Record<string, string>) =>
      loadConfig({ fileText: JSON.stringify(VALID), filePath: 'app.config.json', env });
    expect(load({}).httpStack).toBe('chromium');
    expect(load({ OAUTH_HTTP_STACK: 'node' }).httpStack).toBe('node');
    expect(problemsOf(VALID, { OAUTH_HTTP_STACK: 'Node' })).toEqual([
      'OAUTH_HTTP_STACK (environment): must be one of "chromium", "node"',
    ]);
  });

  it('tells redirectUri from redirect', () => {
    expect(problemsOf(VALID, { OAUTH_REDIRECT_URI: 'https://example.com/cb' })).toEqual([
      'OAUTH_REDIRECT_URI (environment): must use a private-use scheme; put a loopback redirect in loopbackRedirectUri',
    ]);
  });
});
