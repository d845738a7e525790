import { decodeJwt } from 'jose';
import type * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type DemoApi, startDemoApi } from '../../demo/api.js';
import { appointmentsFor } from '../../demo/appointments.js';
import { discoverDemoProvider, signInToDemo } from '../../demo/bare-client.js';
import {
  DEMO_ACR_MFA,
  DEMO_ACR_PASSWORD,
  DEMO_API_AUDIENCE,
  DEMO_API_SCOPE,
  DEMO_API_WRITE_SCOPE,
  DEMO_RECORDS_MAX_AGE_SECONDS,
  DEMO_USER,
} from '../../demo/demo-constants.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';

const BASE_SCOPES = 'openid profile email offline_access';

let demo: RunningDemo;
let config: oidc.Configuration;
/** A password-only sign-in with the read scope: what the default configuration gets. */
let readToken: string;
/** The same user, asked for the write scope too. */
let writeToken: string;
/** A sign-in with the second factor, read scope only. */
let mfaToken: string;

const metadataUrl = () => `${demo.apiUrl}/.well-known/oauth-protected-resource`;

function call(path: string, token: string | undefined, method = 'GET', base = demo.apiUrl) {
  return fetch(`${base}${path}`, {
    method,
    ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
  });
}

interface Challenge {
  readonly scheme: string;
  readonly parameters: Record<string, string>;
}

/** A token or a quoted-string, then what follows (RFC 9110 §5.6.2, §5.6.4). */
const TOKEN = /^[!#$%&'*+.^_`|~\w-]+/;
const QUOTED = /^"((?:[^"\\]|\\.)*)"/;

/**
 * The challenges of a `WWW-Authenticate` value (RFC 9110 §11.6.1): each a scheme (lower case)
 * and its auth-params, values unquoted. Enough for the API's headers, which use no token68.
 */
function parseChallenges(header: string | null): Challenge[] {
  const challenges: { scheme: string; parameters: Record<string, string> }[] = [];
  let rest = header ?? '';
  const skip = (pattern: RegExp) => {
    const found = pattern.exec(rest);
    rest = rest.slice(found?.[0].length ?? 0);
    return found;
  };
  while (skip(/^[\s,]*/) && rest) {
    const name = skip(TOKEN)?.[0];
    if (name === undefined) throw new Error(`not a challenge: ${rest}`);
    if (!/^\s*=/.test(rest)) {
      challenges.push({ scheme: name.toLowerCase(), parameters: {} });
      continue;
    }
    skip(/^\s*=\s*/);
    const quoted = skip(QUOTED);
    const value = quoted ? (quoted[1] ?? '').replace(/\\(.)/g, '$1') : skip(TOKEN)?.[0];
    const current = challenges.at(-1);
    if (value === undefined || !current) throw new Error(`not an auth-param: ${rest}`);
    current.parameters[name.toLowerCase()] = value;
  }
  return challenges;
}

/** The one challenge of a refusal. */
function onlyChallenge(response: Response): Challenge | undefined {
  const challenges = parseChallenges(response.headers.get('www-authenticate'));
  expect(challenges).toHaveLength(1);
  return challenges[0];
}

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  config = await discoverDemoProvider(demo.issuer);
  readToken = (await signInToDemo(config)).access_token;
  writeToken = (
    await signInToDemo(config, { scope: `${BASE_SCOPES} ${DEMO_API_SCOPE} ${DEMO_API_WRITE_SCOPE}` })
  ).access_token;
  mfaToken = (
    await signInToDemo(config, { acr_values: DEMO_ACR_MFA }, { secondFactorCode: demo.secondFactorCode })
  ).access_token;
});

afterAll(async () => {
  await demo?.close();
});

describe('demo API: cancelling needs the write scope (RFC 6750 §3.1)', () => {
  it('answers 403 insufficient_scope naming the missing write scope and the metadata', async () => {
    const response = await call('/appointments/next/cancel', readToken, 'POST');
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'insufficient_scope',
      error_description: 'The appointments:write scope is required',
    });
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="demo-api", error="insufficient_scope", ' +
        'error_description="The appointments:write scope is required", scope="appointments:write", ' +
        `resource_metadata="${metadataUrl()}"`,
    );
    expect(onlyChallenge(response)).toEqual({
      scheme: 'bearer',
      parameters: {
        realm: 'demo-api',
        error: 'insufficient_scope',
        error_description: 'The appointments:write scope is required',
        scope: DEMO_API_WRITE_SCOPE,
        resource_metadata: metadataUrl(),
      },
    });
  });

  it('cancels the next appointment, or one by id, with the write scope', async () => {
    expect(decodeJwt(writeToken).scope).toBe(`${DEMO_API_SCOPE} ${DEMO_API_WRITE_SCOPE}`);
    const [first, second] = appointmentsFor(DEMO_USER.subject);
    const next = await call('/appointments/next/cancel', writeToken, 'POST');
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual({ subject: DEMO_USER.subject, cancelled: first });
    const byId = await call(`/appointments/${second?.id ?? ''}/cancel`, writeToken, 'POST');
    expect(await byId.json()).toEqual({ subject: DEMO_USER.subject, cancelled: second });
  });

  it('answers 404 for an id that is not one of the user’s appointments, 405 for GET', async () => {
    const unknown = await call('/appointments/apt-00000000/cancel', writeToken, 'POST');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'not_found', error_description: 'No such appointment' });
    const get = await call('/appointments/next/cancel', writeToken);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('selects the API for the write scope alone, and then names the read scope as missing', async () => {
    const { access_token: token } = await signInToDemo(config, { scope: `openid ${DEMO_API_WRITE_SCOPE}` });
    expect(decodeJwt(token)).toMatchObject({ aud: DEMO_API_AUDIENCE, scope: DEMO_API_WRITE_SCOPE });
    const response = await call('/appointments/next/cancel', token, 'POST');
    expect(response.status).toBe(403);
    expect(onlyChallenge(response)?.parameters).toMatchObject({ scope: DEMO_API_SCOPE });
  });
});

describe('demo API: records need a recent second factor (RFC 9470 §3)', () => {
  it('answers a password-only sign-in with 401 insufficient_user_authentication, acr_values and max_age', async () => {
    expect(decodeJwt(readToken).acr).toBe(DEMO_ACR_PASSWORD);
    const response = await call('/records', readToken);
    expect(response.status).toBe(401);
    const description = `This resource needs a sign-in of class ${DEMO_ACR_MFA} within the last 300 seconds`;
    expect(await response.json()).toEqual({
      error: 'insufficient_user_authentication',
      error_description: description,
    });
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="demo-api", error="insufficient_user_authentication", error_description="${description}", ` +
        `acr_values="${DEMO_ACR_MFA}", max_age=300, resource_metadata="${metadataUrl()}"`,
    );
    expect(onlyChallenge(response)?.parameters).toEqual({
      realm: 'demo-api',
      error: 'insufficient_user_authentication',
      error_description: description,
      acr_values: DEMO_ACR_MFA,
      max_age: String(DEMO_RECORDS_MAX_AGE_SECONDS),
      resource_metadata: metadataUrl(),
    });
  });

  it('answers a sign-in with the second factor with the user’s records', async () => {
    const claims = decodeJwt(mfaToken);
    expect(claims.acr).toBe(DEMO_ACR_MFA);
    expect(typeof claims['auth_time']).toBe('number');
    const response = await call('/records', mfaToken);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { subject: string; records: unknown[] };
    expect(body.subject).toBe(DEMO_USER.subject);
    expect(body.records).toHaveLength(3);
  });

  it('challenges the same token again once its sign-in is older than 300 s', async () => {
    const { auth_time: authTime } = decodeJwt(mfaToken) as { auth_time: number };
    let now = authTime * 1000 + DEMO_RECORDS_MAX_AGE_SECONDS * 1000;
    const api: DemoApi = await startDemoApi({ port: 0, issuer: demo.issuer, clock: () => now });
    try {
      expect((await call('/records', mfaToken, 'GET', api.url)).status).toBe(200);
      now += 1000;
      const late = await call('/records', mfaToken, 'GET', api.url);
      expect(late.status).toBe(401);
      expect(onlyChallenge(late)?.parameters).toMatchObject({
        error: 'insufficient_user_authentication',
        error_description: 'This resource needs a sign-in within the last 300 seconds',
        acr_values: DEMO_ACR_MFA,
        max_age: '300',
      });
    } finally {
      await api.close();
    }
  });

  it('checks the scope before the sign-in: a token without the read scope gets 403', async () => {
    const { access_token: token } = await signInToDemo(config, {
      scope: 'openid',
      resource: DEMO_API_AUDIENCE,
    });
    const response = await call('/records', token);
    expect(response.status).toBe(403);
    expect(onlyChallenge(response)?.parameters).toMatchObject({ scope: DEMO_API_SCOPE });
  });

  it('answers opaque tokens too, from what introspection says about the sign-in (RFC 7662 §2.2)', async () => {
    const opaque = await startDemo({ providerPort: 0, apiPort: 0, habits: { accessTokens: 'opaque' } });
    try {
      const opaqueConfig = await discoverDemoProvider(opaque.issuer);
      const password = (await signInToDemo(opaqueConfig)).access_token;
      const strong = (
        await signInToDemo(
          opaqueConfig,
          { acr_values: DEMO_ACR_MFA },
          { secondFactorCode: opaque.secondFactorCode },
        )
      ).access_token;
      expect(strong.split('.')).toHaveLength(1);
      expect((await call('/records', password, 'GET', opaque.apiUrl)).status).toBe(401);
      expect((await call('/records', strong, 'GET', opaque.apiUrl)).status).toBe(200);
    } finally {
      await opaque.close();
    }
  });
});

describe('demo API: protected resource metadata (RFC 9728)', () => {
  it('is open JSON naming the API as configured, its provider, scopes, header use and DPoP algorithms', async () => {
    const response = await fetch(metadataUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      resource: demo.apiUrl,
      authorization_servers: [demo.issuer],
      scopes_supported: [DEMO_API_SCOPE, DEMO_API_WRITE_SCOPE],
      bearer_methods_supported: ['header'],
      resource_name: 'Demo appointments API',
      dpop_signing_alg_values_supported: ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'],
    });
    expect(demo.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(metadataUrl(), { method: 'POST' })).status).toBe(405);
  });

  it('is named in the challenge to a request without credentials, under both schemes', async () => {
    const response = await call('/records', undefined);
    expect(response.status).toBe(401);
    const challenges = parseChallenges(response.headers.get('www-authenticate'));
    expect(challenges.map((challenge) => challenge.scheme)).toEqual(['bearer', 'dpop']);
    for (const challenge of challenges) {
      expect(challenge.parameters.resource_metadata).toBe(metadataUrl());
    }
  });
});
