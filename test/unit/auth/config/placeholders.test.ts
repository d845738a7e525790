import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../electron/auth/config/config.js';
import { loadConfig } from '../../../../electron/auth/config/load-config.js';
import {
  findUnfilledPlaceholders,
  refuseUnfilledPlaceholders,
} from '../../../../electron/auth/config/placeholders.js';

const DIRECTORY = 'config/providers';
const read = (file: string): string => readFileSync(join(DIRECTORY, file), 'utf8');
const load = (fileText: string) => loadConfig({ fileText, filePath: 'profile.json', env: {} });

/** What each shipped profile leaves to fill in, field by field. */
const EXPECTED: Record<string, readonly string[]> = {
  'auth0.json': ['issuer: YOUR_TENANT', 'clientId: YOUR_NATIVE_APP_CLIENT_ID'],
  'entra-id.json': [
    'issuer: YOUR_TENANT_ID',
    'clientId: 00000000-0000-0000-0000-000000000000',
    'scopes: YOUR_API_CLIENT_ID',
  ],
  'google.json': ['clientId: YOUR_CLIENT_ID', 'clientSecret: YOUR_DESKTOP_CLIENT_SECRET'],
  'keycloak.json': ['issuer: YOUR_REALM'],
  'okta.json': [
    'issuer: YOUR_ORG',
    'clientId: YOUR_NATIVE_APP_CLIENT_ID',
    'redirectUri: your-org',
    'postLogoutRedirectUri: your-org',
  ],
  'wso2-api-manager.json': ['clientId: YOUR_CONSUMER_KEY', 'clientSecret: YOUR_CONSUMER_SECRET'],
  'wso2-identity-server.json': ['clientId: YOUR_CLIENT_ID', 'clientSecret: YOUR_CLIENT_SECRET'],
};

/** The same profile with every placeholder replaced by a plausible value. */
function filledIn(text: string): string {
  return text
    .replace(/YOUR_[A-Z0-9_]*[A-Z0-9]/g, (name) => name.slice(5).toLowerCase().replace(/_/g, '-'))
    .replace(/your-org/g, 'dev-123456')
    .replace(/00000000-0000-0000-0000-000000000000/g, '4f0c6f7e-2d1a-4c55-9a3e-1b2c3d4e5f60');
}

describe('unfilled placeholders', () => {
  const files = readdirSync(DIRECTORY).filter((file) => file.endsWith('.json'));

  it('knows every shipped profile', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s as shipped is refused, naming each placeholder and its field', (file) => {
    const problems = findUnfilledPlaceholders(load(read(file)));
    expect(
      problems.map((problem) => problem.replace(/ still holds the placeholder (\S+):.*$/, ': $1')),
    ).toEqual(EXPECTED[file]);
    const error = (() => {
      try {
        refuseUnfilledPlaceholders(load(read(file)));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(problems);
  });

  it.each(files)('%s filled in is accepted', (file) => {
    const config = load(filledIn(read(file)));
    expect(findUnfilledPlaceholders(config)).toEqual([]);
    expect(refuseUnfilledPlaceholders(config)).toBe(config);
  });

  it('says what replaces the placeholder', () => {
    const okta = findUnfilledPlaceholders(load(read('okta.json')));
    expect(okta[0]).toBe('issuer still holds the placeholder YOUR_ORG: replace it with your organisation');
    const entra = findUnfilledPlaceholders(load(read('entra-id.json')));
    expect(entra[0]).toBe(
      'issuer still holds the placeholder YOUR_TENANT_ID: replace it with your tenant ID',
    );
    expect(entra[1]).toMatch(/: replace it with the client ID the provider issued$/);
  });

  it('finds a placeholder in an endpoint or an authorization parameter by its full path', () => {
    const config = load(
      JSON.stringify({
        issuer: 'https://gw.example.com',
        endpoints: { authorization: 'https://gw.example.com/authorize', token: 'https://YOUR_HOST/token' },
        clientId: 'desktop',
        redirectUri: 'com.example.desktop:/callback',
        authorizationParams: { audience: 'https://YOUR_API' },
      }),
    );
    expect(findUnfilledPlaceholders(config)).toEqual([
      'endpoints.token still holds the placeholder YOUR_HOST: replace it with your host',
      'authorizationParams.audience still holds the placeholder YOUR_API: replace it with your API',
    ]);
  });
});
