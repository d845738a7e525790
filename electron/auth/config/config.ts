import {
  isRecord,
  readBoolean,
  readPostLogoutRedirect,
  readChoice,
  readLoopbackRedirect,
  readParams,
  readSchemeRedirect,
  readScopes,
  readSeconds,
  readString,
  readUrl,
} from './config-fields.js';
import {
  type ConfiguredApiAction,
  type ConfiguredApiRequest,
  readApiActions,
  readApiRequest,
} from './config-api-request.js';
import {
  type ClientAuthenticationMethod,
  type ProviderEndpoints,
  type PushedAuthorizationMode,
  PUSHED_AUTHORIZATION_MODES,
  readClientAuthentication,
  readEndpoints,
  readIdTokenSigningAlg,
} from './config-provider-fields.js';

export type {
  ClientAuthenticationMethod,
  ConfiguredApiAction,
  ConfiguredApiRequest,
  ProviderEndpoints,
  PushedAuthorizationMode,
};

/**
 * How the browser brings the user back (RFC 8252 §7): a private-use URI scheme the OS routes to
 * the app, a one-shot loopback listener, or `auto`: the scheme when the OS has it registered for
 * this app, loopback otherwise.
 */
export type RedirectMode = 'auto' | 'scheme' | 'loopback';
export const REDIRECT_MODES: readonly RedirectMode[] = ['auto', 'scheme', 'loopback'];

/**
 * Which network stack the app's main process sends its HTTP through: Chromium's (Electron's `net`:
 * the system proxy and PAC, the OS certificate store), or Node's fetch (the proxy environment
 * variables in development, Node's CA list plus `NODE_EXTRA_CA_CERTS`). Only the app reads it;
 * the command-line tools always use Node's.
 */
export type HttpStack = 'chromium' | 'node';
export const HTTP_STACKS: readonly HttpStack[] = ['chromium', 'node'];

/**
 * Everything that changes from one provider to another. Switching provider is editing this,
 * never code.
 */
export interface AppConfig {
  /** Issuer identifier, compared exactly as the provider publishes it (OIDC Discovery §4.3). */
  readonly issuer: string;
  /** Endpoints given by hand; when absent they come from the provider's discovery document. */
  readonly endpoints: ProviderEndpoints | undefined;
  /** ID token JWS algorithm, for providers whose metadata does not list it (no discovery). */
  readonly idTokenSigningAlg: string | undefined;
  readonly clientId: string;
  /** Token endpoint client authentication; `none` for a public native client (RFC 8252 §8.4). */
  readonly clientAuthentication: ClientAuthenticationMethod;
  /** Only for providers that insist on one; it is not confidential in a desktop app (RFC 8252 §8.5). */
  readonly clientSecret: string | undefined;
  /** Push the authorization request (RFC 9126) when the provider offers it (`auto`), or `never`. */
  readonly pushedAuthorizationRequests: PushedAuthorizationMode;
  /**
   * Sender-constrain tokens with DPoP (RFC 9449): a stolen access or refresh token is useless
   * without the key, which never leaves main and the keychain. The provider must support it.
   */
  readonly dpop: boolean;
  readonly scopes: readonly string[];
  readonly redirect: RedirectMode;
  /** The private-use URI scheme redirect (RFC 8252 §7.1); absent in loopback-only mode. */
  readonly redirectUri: string | undefined;
  /** The loopback redirect (RFC 8252 §7.3); without a port, an ephemeral one is used. */
  readonly loopbackRedirectUri: string;
  /** Extra authorization request parameters, e.g. Auth0's `audience` or `prompt`. */
  readonly authorizationParams: Readonly<Record<string, string>>;
  /** On sign-out, also end the provider's browser session (OpenID Connect RP-Initiated Logout). */
  readonly endProviderSession: boolean;
  /** Where the provider returns after logout; must be registered with the provider. */
  readonly postLogoutRedirectUri: string | undefined;
  /** Base URL of the protected API; requests from the renderer may only go below it. */
  readonly apiBaseUrl: string | undefined;
  /** What "Call API" sends below `apiBaseUrl`; the doctor and smoke use the same path. */
  readonly apiRequest: ConfiguredApiRequest;
  /** More named requests the window offers (e.g. ones that need more scope or a step-up). */
  readonly apiActions: readonly ConfiguredApiAction[];
  /** Keychain service name the refresh token is stored under. */
  readonly keychainService: string;
  /** How long a started sign-in waits for the browser to come back. */
  readonly authorizationTimeoutSeconds: number;
  /** Timeout for each HTTP request to the provider or the API. */
  readonly httpTimeoutSeconds: number;
  /** The app's network stack for all HTTP from main (see {@link HttpStack}). */
  readonly httpStack: HttpStack;
}

/**
 * Whether sign-in is OpenID Connect (the `openid` scope: an ID token names the user and is
 * validated, with `nonce`) or plain OAuth 2.0 authorization (RFC 6749 §4.1), as some API gateways
 * offer: the app then knows it is authorized, not who signed in.
 */
export function usesOpenId(config: Pick<AppConfig, 'scopes'>): boolean {
  return config.scopes.includes('openid');
}

/** An invalid configuration; `problems` lists every field that is wrong, one sentence each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
}

/**
 * Validate raw configuration (parsed JSON merged with environment overrides) into an
 * {@link AppConfig}, reporting every problem at once.
 */
export function validateConfig(raw: unknown): AppConfig {
  const problems: string[] = [];
  const input = isRecord(raw) ? raw : (problems.push('configuration must be a JSON object'), {});
  const redirect = readChoice(input, 'redirect', REDIRECT_MODES, problems);
  const config: AppConfig = {
    issuer: readUrl(input, 'issuer', problems, true) ?? '',
    endpoints: readEndpoints(input, problems),
    idTokenSigningAlg: readIdTokenSigningAlg(input, problems),
    clientId: readString(input, 'clientId', problems),
    ...readClientAuthentication(input, problems),
    dpop: readBoolean(input, 'dpop', problems, false),
    pushedAuthorizationRequests: readChoice(
      input,
      'pushedAuthorizationRequests',
      PUSHED_AUTHORIZATION_MODES,
      problems,
    ),
    scopes: readScopes(input, problems),
    redirect,
    redirectUri: readSchemeRedirect(input, problems, redirect !== 'loopback'),
    loopbackRedirectUri: readLoopbackRedirect(input, problems),
    authorizationParams: readParams(input, problems),
    endProviderSession: readBoolean(input, 'endProviderSession', problems, false),
    postLogoutRedirectUri: readPostLogoutRedirect(input, problems),
    apiBaseUrl: readUrl(input, 'apiBaseUrl', problems, false),
    apiRequest: readApiRequest(input, problems),
    apiActions: readApiActions(input, problems),
    keychainService: readString(input, 'keychainService', problems, 'com.example.desktop'),
    authorizationTimeoutSeconds: readSeconds(input, 'authorizationTimeoutSeconds', problems, 300),
    httpTimeoutSeconds: readSeconds(input, 'httpTimeoutSeconds', problems, 15),
    httpStack: readChoice(input, 'httpStack', HTTP_STACKS, problems),
  };
  for (const key of Object.keys(input)) {
    // `$comment` and the like annotate a file (JSON Schema convention); anything else is a typo.
    if (!(key in config) && !key.startsWith('$')) problems.push(`${key} is not a known setting`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
