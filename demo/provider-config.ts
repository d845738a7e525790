import { errors } from 'oidc-provider';
import type { Configuration, RequestContext, ResourceServerInfo } from 'oidc-provider';

import { findDemoAccount } from './accounts.js';
import {
  DEMO_API_AUDIENCE,
  DEMO_API_CLIENT_ID,
  DEMO_API_SCOPE,
  DEMO_API_WRITE_SCOPE,
  DEMO_CLIENT_ID,
  DEMO_LOOPBACK_REDIRECT_URI,
  DEMO_POST_LOGOUT_REDIRECT_URI,
  DEMO_REDIRECT_URI,
  DEMO_SIGNING_ALG,
} from './demo-constants.js';
import { createMemoryAdapterFactory } from './memory-adapter.js';
import { authenticationConfiguration } from './provider-authentication.js';
import type { ResolvedHabits } from './provider-habits.js';
import { apiClientRegistration, desktopClientAuthentication } from './provider-habit-config.js';
import { renderLogoutConfirmation, renderLogoutSuccess, renderProviderError } from './provider-pages.js';

/** Inputs that vary per provider instance. */
export interface ProviderConfigInput {
  readonly accessTokenTtlSeconds: number;
  /** Private signing JWK generated at startup. */
  readonly signingKey: object;
  /** Keys that sign the provider's cookies, generated at startup. */
  readonly cookieKeys: string[];
  /** Which real provider's habits to take on. */
  readonly habits: ResolvedHabits;
  /** The API's secret for introspection (RFC 7662 §2.1), generated at startup. */
  readonly apiClientSecret: string;
}

/** The API's scopes; asking for either is asking for the API. */
const API_SCOPES = [DEMO_API_SCOPE, DEMO_API_WRITE_SCOPE];

/**
 * Picks the audience when the client sends no `resource` (RFC 8707 §2): a request that asks for
 * one of the API's scopes is a request for the API, or, with Auth0's habit, one whose `audience`
 * names it. Otherwise no resource is implied, and the access token stays an opaque one meant for the
 * userinfo endpoint (OpenID Connect Core §5.3).
 */
function defaultResourceFor(habits: ResolvedHabits) {
  return (ctx: RequestContext, _client: unknown, oneOf?: string[]) => {
    if (oneOf) return Promise.resolve(oneOf.includes(DEMO_API_AUDIENCE) ? DEMO_API_AUDIENCE : oneOf);
    const { scope, audience } = ctx.oidc?.params ?? {};
    const wantsApi =
      habits.apiSelectedBy === 'audience'
        ? audience === DEMO_API_AUDIENCE
        : typeof scope === 'string' && scope.split(' ').some((one) => API_SCOPES.includes(one));
    return Promise.resolve(wantsApi ? DEMO_API_AUDIENCE : undefined);
  };
}

/**
 * Builds the oidc-provider configuration of the demo: one public native client (RFC 8252 §8.4),
 * PKCE S256 always (RFC 7636; RFC 9700 §2.1.1), refresh tokens only for `offline_access` and
 * rotated on every use (RFC 9700 §4.14.2), JWT access tokens for the demo API (RFC 9068, RFC 8707),
 * revocation (RFC 7009) and RP-initiated logout. Login, second-factor and consent pages are the
 * demo's own; the authentication settings (`acr_values`, RFC 9470) are in provider-authentication.
 */
export function buildProviderConfiguration(input: ProviderConfigInput): Configuration {
  const apiServer: ResourceServerInfo = {
    scope: API_SCOPES.join(' '),
    audience: DEMO_API_AUDIENCE,
    accessTokenTTL: input.accessTokenTtlSeconds,
    ...(input.habits.accessTokens === 'jwt'
      ? { accessTokenFormat: 'jwt', jwt: { sign: { alg: DEMO_SIGNING_ALG } } }
      : { accessTokenFormat: 'opaque' }),
  };
  const { habits } = input;
  const { policy, ...authentication } = authenticationConfiguration(habits);
  return {
    adapter: createMemoryAdapterFactory(),
    clients: [
      {
        client_id: DEMO_CLIENT_ID,
        client_name: 'Desktop reference client',
        application_type: 'native',
        ...desktopClientAuthentication(habits),
        ...(habits.dpop === 'required' ? { dpop_bound_access_tokens: true } : {}),
        redirect_uris: [DEMO_REDIRECT_URI, DEMO_LOOPBACK_REDIRECT_URI],
        post_logout_redirect_uris: [DEMO_POST_LOGOUT_REDIRECT_URI],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        id_token_signed_response_alg: DEMO_SIGNING_ALG,
      },
      ...apiClientRegistration(habits, input.apiClientSecret),
    ],
    // Auth0's habit: the API is named by an `audience` parameter.
    extraParams: habits.apiSelectedBy === 'audience' ? ['audience'] : [],
    jwks: { keys: [input.signingKey] },
    cookies: { keys: input.cookieKeys },
    // Authorization Code only: no implicit or hybrid responses (RFC 9700 §2.1.2).
    responseTypes: ['code'],
    scopes: ['openid', 'profile', 'email', 'offline_access', ...API_SCOPES],
    // Every ID token says how and when the user signed in (OpenID Connect Core §2 `acr`,
    // `auth_time`). Not `require_auth_time`, which oidc-provider takes to forbid requests without
    // `openid` (plain OAuth 2.0, as the WSO2 API Manager habit's client makes).
    claims: {
      openid: ['sub', 'acr', 'auth_time'],
      profile: ['name'],
      email: ['email', 'email_verified'],
    },
    ...authentication,
    // Put name and email in the ID token itself, not only at userinfo (OpenID Connect Core §5.4).
    conformIdTokenClaims: false,
    findAccount: findDemoAccount,
    interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    // A desktop client makes no CORS requests; refuse them all.
    clientBasedCORS: () => false,
    renderError: renderProviderError,
    ttl: {
      AccessToken: input.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      RefreshToken: 24 * 3600,
      Session: 24 * 3600,
      Grant: 24 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      // `acr` may also be asked for as an essential claim (OpenID Connect Core §5.5.1.1).
      claimsParameter: { enabled: true },
      // Sender-constrained tokens when the client sends proofs (RFC 9449); the API verifies them.
      dPoP: { enabled: habits.dpop !== 'off' },
      introspection: {
        enabled: habits.accessTokens === 'opaque',
        // Only the API may learn what a token means (RFC 7662 §4).
        allowedPolicy: (_ctx, client) => client.clientId === DEMO_API_CLIENT_ID,
      },
      pushedAuthorizationRequests: {
        enabled: habits.pushedAuthorizationRequests !== 'off',
        requirePushedAuthorizationRequests: habits.pushedAuthorizationRequests === 'required',
      },
      revocation: {
        enabled: true,
        // RFC 7009 §2.1: a client may revoke only its own tokens.
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: renderLogoutConfirmation,
        postLogoutSuccessSource: renderLogoutSuccess,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: defaultResourceFor(habits),
        // Refresh and code exchange keep the audience granted at authorization (RFC 8707 §2.2).
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== DEMO_API_AUDIENCE) return Promise.reject(new errors.InvalidTarget());
          return Promise.resolve(apiServer);
        },
      },
    },
  };
}
