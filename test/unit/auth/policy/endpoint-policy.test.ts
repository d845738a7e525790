import type { HttpFetch } from '../../../../electron/auth/ports.js';
import type { ServerMetadata } from 'openid-client';
import { describe, expect, it } from 'vitest';
import {
  checkEndpointPolicy,
  plainHttpOnlyToLoopback,
  usesPlainHttpLoopback,
} from '../../../../electron/auth/policy/endpoint-policy.js';
import { OFFLINE_METADATA } from '../../../support/offline-provider.js';

const LOCAL: ServerMetadata = {
  issuer: 'http://127.0.0.1:3000',
  authorization_endpoint: 'http://127.0.0.1:3000/auth',
  token_endpoint: 'http://127.0.0.1:3000/token',
};

describe('endpoint policy: https, or plain http on this computer (RFC 8252 §8.3)', () => {
  it('accepts https endpoints, and plain http ones on loopback', () => {
    expect(() => checkEndpointPolicy(OFFLINE_METADATA)).not.toThrow();
    expect(() => checkEndpointPolicy(LOCAL)).not.toThrow();
    expect(usesPlainHttpLoopback(OFFLINE_METADATA)).toBe(false);
    expect(usesPlainHttpLoopback(LOCAL)).toBe(true);
  });

  it.each([
    ['token_endpoint', 'http://idp.example.test/token'],
    ['pushed_authorization_request_endpoint', 'http://10.0.0.8/par'],
    ['authorization_endpoint', 'javascript:alert(1)'],
    ['end_session_endpoint', 'file:///etc/passwd'],
    ['revocation_endpoint', 'not a url'],
    ['userinfo_endpoint', 'http://127.0.0.1.example.test/me'],
    ['jwks_uri', 'ftp://idp.example.test/jwks'],
  ])('refuses %s = %s, naming it', (field, value) => {
    const metadata = { ...OFFLINE_METADATA, [field]: value };
    expect(() => checkEndpointPolicy(metadata)).toThrow(expect.objectContaining({ code: 'provider_error' }));
    expect(() => checkEndpointPolicy(metadata)).toThrow(`gives ${field} as ${value}, which is neither https`);
  });

  it('refuses an endpoint that is not a string at all', () => {
    const metadata = {
      ...OFFLINE_METADATA,
      token_endpoint: { href: 'https://x' },
    } as unknown as ServerMetadata;
    expect(() => checkEndpointPolicy(metadata)).toThrow(/gives token_endpoint as \{"href":"https:\/\/x"\}/);
  });
});

describe('the provider fetch sends plain http only to loopback', () => {
  const reached: string[] = [];
  const fetch = plainHttpOnlyToLoopback((url) => {
    reached.push(url);
    return Promise.resolve(new Response('ok'));
  });
  const send = (url: string) => fetch(url, {} as Parameters<HttpFetch>[1]);

  it('passes https anywhere and http to 127.0.0.1, [::1] and localhost', async () => {
    for (const url of [
      'https://idp.example.test/token',
      'http://127.0.0.1:9/t',
      'http://[::1]:9/t',
      'http://localhost/t',
    ])
      expect(await (await send(url)).text()).toBe('ok');
    expect(reached).toHaveLength(4);
  });

  it('refuses plain http to any other host before sending anything', async () => {
    reached.length = 0;
    const refused = send('http://idp.example.test/token');
    await expect(refused).rejects.toMatchObject({ code: 'provider_error' });
    await expect(refused).rejects.toThrow('http://idp.example.test over plain http');
    expect(reached).toEqual([]);
  });
});
