import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type DemoApi, startDemoApi } from '../../demo/api.js';
import { DEMO_API_AUDIENCE, DEMO_API_SCOPE } from '../../demo/demo-constants.js';

/**
 * The demo API with opaque tokens (RFC 7662), against an introspection endpoint that answers what
 * the test tells it to, so that it can say what the demo provider never would.
 */
const ISSUER = 'http://127.0.0.1:9';
let introspection: Server;
let endpoint: string;
let api: DemoApi;
let nextAnswer: Record<string, unknown> = {};

beforeAll(async () => {
  introspection = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(nextAnswer));
  });
  await new Promise<void>((resolve) => introspection.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(introspection.address() as AddressInfo).port}/introspect`;
  api = await startDemoApi({
    port: 0,
    issuer: ISSUER,
    tokens: { format: 'opaque', introspection: { endpoint, clientId: 'demo-api', clientSecret: 's' } },
  });
});

afterAll(async () => {
  await api?.close();
  await new Promise((resolve) => introspection?.close(resolve));
});

/** The API's answer to `authorization` while introspection says the token is active with `extra`. */
async function answer(authorization: string, extra: Record<string, unknown> = {}) {
  nextAnswer = {
    active: true,
    iss: ISSUER,
    aud: DEMO_API_AUDIENCE,
    sub: 'usr_test',
    scope: DEMO_API_SCOPE,
    ...extra,
  };
  const response = await fetch(`${api.url}/appointments`, { headers: { authorization } });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: (await response.json()) as unknown,
  };
}

describe('demo API: introspected opaque tokens (RFC 7662 §2.2)', () => {
  it('accepts an active token for the API', async () => {
    expect(await answer('Bearer opaque-token')).toMatchObject({ status: 200, body: { subject: 'usr_test' } });
  });

  it.each(['Bearer', 'DPoP'])(
    'refuses under %s a token bound to a certificate, a binding it cannot check (RFC 8705 §3)',
    async (scheme) => {
      const description = 'The access token is bound to a key in a way this API cannot check';
      const realm =
        scheme === 'DPoP'
          ? 'DPoP realm="demo-api", algs="ES256 ES384 PS256 RS256 EdDSA"'
          : 'Bearer realm="demo-api"';
      const cnf = { 'x5t#S256': 'bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2' };
      expect(await answer(`${scheme} opaque-token`, { cnf })).toEqual({
        status: 401,
        challenge: `${realm}, error="invalid_token", error_description="${description}", resource_metadata="${api.url}/.well-known/oauth-protected-resource"`,
        body: { error: 'invalid_token', error_description: description },
      });
    },
  );
});
