/**
 * Fixed values shared by the bundled demo authorization server, the demo API, the tests and the
 * default client configuration. They live in one place so the client, the provider and the API
 * cannot drift apart.
 */

/** The one registered public native client (RFC 8252 §8.4: native apps are public clients). */
export const DEMO_CLIENT_ID = 'desktop-reference-client';

/** Private-use URI scheme in reverse-DNS form, as RFC 8252 §7.1 recommends. */
export const DEMO_SCHEME = 'com.example.desktop';

/** Redirect URI on the private-use scheme, single slash after the colon (RFC 8252 §7.1). */
export const DEMO_REDIRECT_URI = `${DEMO_SCHEME}:/callback`;

/**
 * Loopback redirect URI (RFC 8252 §7.3). It is registered without a port: the provider accepts any
 * port at request time for native clients, because the client picks an ephemeral one.
 */
export const DEMO_LOOPBACK_REDIRECT_URI = 'http://127.0.0.1/callback';

/** Where RP-initiated logout returns to (OpenID Connect RP-Initiated Logout 1.0 §3). */
export const DEMO_POST_LOGOUT_REDIRECT_URI = `${DEMO_SCHEME}:/logout`;

/** Resource indicator of the protected API (RFC 8707 §2) and the `aud` of its access tokens. */
export const DEMO_API_AUDIENCE = 'urn:example:appointments-api';

/** The scope every request to the demo API requires (RFC 6749 §3.3). */
export const DEMO_API_SCOPE = 'appointments:read';

/**
 * The scope the demo API requires, in addition to {@link DEMO_API_SCOPE}, to change anything
 * (cancel an appointment). The default configuration does not ask for it, so a client meets it
 * as an `insufficient_scope` refusal (RFC 6750 §3.1) and has to ask for more (incremental
 * authorization).
 */
export const DEMO_API_WRITE_SCOPE = 'appointments:write';

/** Every scope the demo client may ask for; `offline_access` yields a refresh token. */
export const DEMO_SCOPES = ['openid', 'profile', 'email', 'offline_access', DEMO_API_SCOPE] as const;

/** JWS algorithm of ID tokens and JWT access tokens (RFC 7518 §3.4; RFC 9068 §2.1). */
export const DEMO_SIGNING_ALG = 'ES256';

/**
 * Authentication context class (OpenID Connect Core §2 `acr`) of a sign-in with a password only:
 * what the demo provider reports for every login that was not asked for more.
 */
export const DEMO_ACR_PASSWORD = 'urn:example:pwd';

/**
 * Authentication context class of a sign-in with a password and a one-time code. The provider
 * asks for the code only when the authorization request asks for this class (`acr_values`, or
 * `acr` in the `claims` parameter, OpenID Connect Core §3.1.2.1, §5.5.1.1).
 */
export const DEMO_ACR_MFA = 'urn:example:mfa';

/** Every authentication context class the demo provider offers (`acr_values_supported`). */
export const DEMO_ACR_VALUES = [DEMO_ACR_PASSWORD, DEMO_ACR_MFA] as const;

/**
 * How old, in seconds, the sign-in behind an access token may be for the demo API's records
 * (`GET /records`): RFC 9470 §3 `max_age`, together with {@link DEMO_ACR_MFA} as `acr_values`.
 */
export const DEMO_RECORDS_MAX_AGE_SECONDS = 300;

/** Where the demo API publishes its protected resource metadata (RFC 9728 §3.1). */
export const DEMO_RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';

/** Default port of the demo authorization server. */
export const DEFAULT_PROVIDER_PORT = 4010;

/** Default port of the demo protected API. */
export const DEFAULT_API_PORT = 4020;

/** Realm advertised in `WWW-Authenticate` challenges by the demo API (RFC 6750 §3). */
export const DEMO_API_REALM = 'demo-api';

/** The demo account. The password is public on purpose: this is a local demo. */
export const DEMO_USER = {
  username: 'alice',
  password: 'wonderland',
  subject: 'usr_7f3c9a2e41d84b6a',
  name: 'Alice Example',
  email: 'alice@example.com',
} as const;

/**
 * A second demo account, so that a test can sign in as someone else than the session's user (a
 * step-up must not swap users). Public on purpose, like {@link DEMO_USER}.
 */
export const DEMO_OTHER_USER = {
  username: 'bob',
  password: 'builder',
  subject: 'usr_2c81d5f09a7e4b3f',
  name: 'Bob Example',
  email: 'bob@example.com',
} as const;

/**
 * The desktop client's secret, for the habits where the demo insists on one (WSO2, Google). It is
 * public on purpose: a secret shipped in a desktop app is never confidential (RFC 8252 §8.5).
 */
export const DEMO_CLIENT_SECRET = 'demo-desktop-secret-not-confidential';

/** The demo API's own client, with which it introspects opaque access tokens (RFC 7662 §2.1). */
export const DEMO_API_CLIENT_ID = 'demo-api';
