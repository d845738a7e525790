import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { buildAuthorizationRequestUrl } from '../../../../electron/auth/sign-in/authorization-request.js';
import { validateConfig } from '../../../../electron/auth/config/config.js';
import type { PendingAuthorization } from '../../../../electron/auth/sign-in/pending-authorizations.js';

const ISSUER = 'https://idp.example.test';
const AUTHORIZATION_ENDPOINT = `${ISSUER}/authorize`;
const PAR_ENDPOINT = `${ISSUER}/par`;
const REQUEST_URI = 'urn:ietf:params:oauth:request_uri:pushed-1';
const REDIRECT_URI = 'com.example.desktop:/callback';

const pending: PendingAuthorization = {
  state: 'state-1',
  nonce: 'nonce-1',
  codeVerifier: 'v'.repeat(43),
  codeChallenge: 'c'.repeat(43),
  redirectUri: REDIRECT_URI,
  expiresAt: Number.MAX_SAFE_INTEGER,
};

/** What the authorization request carries, wherever it travels (RFC 6749 §4.1.1, RFC 7636 §4.3). */
const REQUEST_PARAMETERS = {
  client_id: 'desktop',
  response_type: 'code',
  redirect_uri: REDIRECT_URI,
  scope: 'openid profile email offline_access',
  state: pending.state,
  nonce: pending.nonce,
  code_challenge: pending.codeChallenge,
  code_challenge_method: 'S256',
};

const OFFERED = { pushed_authorization_request_endpoint: PAR_ENDPOINT };
const REQUIRED = { require_pushed_authorization_requests: true };
const NOT_REQUIRED = { require_pushed_authorization_requests: false };

const SET_TO_AUTO =
  'The identity provider requires pushed authorization requests (RFC 9126): set "pushedAuthorizationRequests" to "auto".';
const NO_ENDPOINT =
  'The identity provider requires pushed authorization requests but names no endpoint for them.';

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly body: URLSearchParams;
}

/** Build the request against `metadata`, recording every HTTP request; the PAR endpoint answers. */
async function build(
  metadata: Partial<oidc.ServerMetadata>,
  setting: 'auto' | 'never',
): Promise<{ outcome: unknown; sent: Sent[] }> {
  const configuration = new oidc.Configuration(
    {
      issuer: ISSUER,
      authorization_endpoint: AUTHORIZATION_ENDPOINT,
      token_endpoint: `${ISSUER}/token`,
      code_challenge_methods_supported: ['S256'],
      ...metadata,
    },
    'desktop',
    undefined,
    oidc.None(),
  );
  const sent: Sent[] = [];
  configuration[oidc.customFetch] = (url, init) => {
    sent.push({
      url,
      method: init.method,
      body: new URLSearchParams(init.body instanceof URLSearchParams ? init.body : undefined),
    });
    return Promise.resolve(Response.json({ request_uri: REQUEST_URI, expires_in: 60 }, { status: 201 }));
  };
  const config = validateConfig({
    issuer: ISSUER,
    clientId: 'desktop',
    redirectUri: REDIRECT_URI,
    pushedAuthorizationRequests: setting,
  });
  const outcome = await buildAuthorizationRequestUrl(configuration, config, pending).catch(
    (error: unknown) => error,
  );
  return { outcome, sent };
}

describe('when the authorization request is pushed (RFC 9126)', () => {
  it.each([
    ['no PAR endpoint', 'auto', 'in the URL', {}, undefined],
    ['no PAR endpoint', 'never', 'in the URL', {}, undefined],
    ['no PAR endpoint, PAR not required', 'auto', 'in the URL', NOT_REQUIRED, undefined],
    ['a PAR endpoint', 'auto', 'pushed', OFFERED, undefined],
    ['a PAR endpoint', 'never', 'in the URL', OFFERED, undefined],
    ['a PAR endpoint, PAR not required', 'auto', 'pushed', { ...OFFERED, ...NOT_REQUIRED }, undefined],
    ['a PAR endpoint, PAR not required', 'never', 'in the URL', { ...OFFERED, ...NOT_REQUIRED }, undefined],
    ['a PAR endpoint, PAR required', 'auto', 'pushed', { ...OFFERED, ...REQUIRED }, undefined],
    ['a PAR endpoint, PAR required', 'never', 'refused', { ...OFFERED, ...REQUIRED }, SET_TO_AUTO],
    ['PAR required but no PAR endpoint', 'auto', 'refused', REQUIRED, NO_ENDPOINT],
    ['PAR required but no PAR endpoint', 'never', 'refused', REQUIRED, NO_ENDPOINT],
  ] as const)('%s, set to %j → %s', async (_name, setting, expected, metadata, message) => {
    const { outcome, sent } = await build(metadata, setting);

    if (expected === 'pushed') {
      // The parameters go from main to the provider; the browser URL carries only a reference (§4).
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ url: PAR_ENDPOINT, method: 'POST' });
      expect(Object.fromEntries(sent[0]?.body ?? [])).toMatchObject(REQUEST_PARAMETERS);
      expect(outcome).toBeInstanceOf(URL);
      const url = outcome as URL;
      expect(`${url.origin}${url.pathname}`).toBe(AUTHORIZATION_ENDPOINT);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: 'desktop',
        request_uri: REQUEST_URI,
      });
    } else if (expected === 'in the URL') {
      // Nothing is sent to the provider; the browser carries the whole request.
      expect(sent).toEqual([]);
      expect(outcome).toBeInstanceOf(URL);
      const url = outcome as URL;
      expect(`${url.origin}${url.pathname}`).toBe(AUTHORIZATION_ENDPOINT);
      expect(Object.fromEntries(url.searchParams)).toMatchObject(REQUEST_PARAMETERS);
      expect(url.searchParams.has('request_uri')).toBe(false);
    } else {
      // A clear refusal before anything is sent, saying what to change.
      expect(sent).toEqual([]);
      expect(outcome).toMatchObject({ name: 'AuthError', code: 'provider_error', message });
    }
  });
});
