import * as oidc from 'openid-client';

import { DEMO_CLIENT_ID, DEMO_REDIRECT_URI, DEMO_SCOPES } from './demo-constants.js';
import { completeLoginOverHttp } from './login-over-http.js';
import type { DemoLoginOptions } from './login-over-http.js';

/**
 * Discovers the demo provider as its public native client (RFC 8414; RFC 8252 §8.4, no secret),
 * allowing plain http only when the demo runs on it (over https, openid-client's TLS-only default).
 */
export function discoverDemoProvider(issuer: string): Promise<oidc.Configuration> {
  const url = new URL(issuer);
  return oidc.discovery(
    url,
    DEMO_CLIENT_ID,
    undefined,
    oidc.None(),
    url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {},
  );
}

/** An authorization request in flight, with what the client must remember for the exchange. */
export interface PendingDemoAuthorization {
  readonly url: URL;
  readonly codeVerifier: string;
  readonly state: string;
  readonly nonce: string;
}

/**
 * Builds an Authorization Code + PKCE (S256) request the way the desktop client does: every demo
 * scope, `prompt=consent` so `offline_access` yields a refresh token (OpenID Connect Core §11),
 * `state` and `nonce`. `overrides` replaces or adds parameters.
 */
export async function buildDemoAuthorization(
  config: oidc.Configuration,
  overrides: Record<string, string> = {},
): Promise<PendingDemoAuthorization> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: DEMO_REDIRECT_URI,
    scope: DEMO_SCOPES.join(' '),
    prompt: 'consent',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...overrides,
  });
  return { url, codeVerifier, state, nonce };
}

/** Redeems an authorization response URL for tokens, checking state, nonce, `iss` and PKCE. */
export function redeemDemoCallback(
  config: oidc.Configuration,
  pending: PendingDemoAuthorization,
  callbackUrl: string,
): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  return oidc.authorizationCodeGrant(config, new URL(callbackUrl), {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
}

/** A complete sign-in over plain HTTP: request, login and consent pages, code exchange. */
export async function signInToDemo(
  config: oidc.Configuration,
  overrides: Record<string, string> = {},
  login: DemoLoginOptions = {},
): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  const pending = await buildDemoAuthorization(config, overrides);
  const callback = await completeLoginOverHttp(pending.url.href, login);
  return redeemDemoCallback(config, pending, callback);
}
