import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AppConfig, usesOpenId } from '../../../electron/auth/config/config.js';
import { loadConfig } from '../../../electron/auth/config/load-config.js';

const DIRECTORY = 'config/providers';
const load = (file: string): AppConfig =>
  loadConfig({ fileText: readFileSync(join(DIRECTORY, file), 'utf8'), filePath: file, env: {} });

/** Each profile must load as the app loads it, and keep the habit its provider is known for. */
const HABITS: Record<string, (config: AppConfig) => void> = {
  'auth0.json': (config) => {
    expect(config.authorizationParams['audience']).toMatch(/^https:/);
    expect(config.scopes).toContain('offline_access');
    expect(config.issuer).toMatch(/\/$/);
  },
  'okta.json': (config) => expect(new URL(config.issuer).pathname).toBe('/oauth2/default'),
  'keycloak.json': (config) => {
    expect(new URL(config.issuer).pathname).toMatch(/^\/realms\/[^/]+$/);
    expect(config.redirect).toBe('auto');
  },
  'entra-id.json': (config) => {
    expect(config.issuer).toMatch(/\/v2\.0$/);
    expect(config.redirect).toBe('loopback');
    expect(config.scopes).toContain('offline_access');
  },
  'google.json': (config) => {
    expect(config.redirect).toBe('loopback');
    expect(config.clientAuthentication).toBe('client_secret_post');
    expect(config.scopes).not.toContain('offline_access');
    expect(config.authorizationParams).toMatchObject({ access_type: 'offline', prompt: 'consent' });
    // Call API shows Google's userinfo (OIDC Core §5.3), as the profile's note says.
    expect(config.apiRequest).toEqual({ method: 'GET', path: '/v1/userinfo' });
  },
  'wso2-identity-server.json': (config) => {
    expect(config.clientAuthentication).toBe('client_secret_basic');
    expect(new URL(config.issuer).pathname).toBe('/oauth2/token');
  },
  'wso2-api-manager.json': (config) => {
    expect(config.endpoints).toMatchObject({
      authorization: expect.stringMatching(/\/authorize$/) as string,
    });
    expect(config.clientAuthentication).toBe('client_secret_basic');
    expect(config.scopes).toEqual(['default']); // a plain authorization code grant, no PRODUCTION scope
    expect(usesOpenId(config)).toBe(false);
  },
};

describe('provider profiles in config/providers', () => {
  const files = readdirSync(DIRECTORY).filter((file) => file.endsWith('.json'));

  it('has a profile for every provider the README promises, and no other', () => {
    expect(files.sort()).toEqual(Object.keys(HABITS).sort());
  });

  it.each(files)('%s loads as the app loads it and keeps its provider habit', (file) => {
    const config = load(file);
    HABITS[file]?.(config);
    // A public client carries no secret; a profile that needs one says which method sends it.
    expect(config.clientSecret === undefined).toBe(config.clientAuthentication === 'none');
  });
});
