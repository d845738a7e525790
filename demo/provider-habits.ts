/**
 * Habits of real providers that the demo can take on, so that the client is tested against each
 * of them with a real authorization server instead of being told about them. Every habit is
 * off by default: the default demo is a plain, modern OpenID provider.
 */
export interface ProviderHabits {
  /**
   * Serve no discovery document (RFC 8414, OIDC Discovery), as WSO2 API Manager's gateway does:
   * the client has to be given its endpoints.
   */
  readonly discovery?: 'published' | 'none';
  /**
   * Register the client with a secret it must present at the token endpoint (RFC 6749 §2.3.1),
   * as WSO2 Identity Server and Google do for desktop apps.
   */
  readonly clientAuthentication?: 'none' | 'client_secret_basic' | 'client_secret_post';
  /**
   * Issue opaque access tokens that the API validates by introspection (RFC 7662), as WSO2
   * deployments do, instead of JWT access tokens (RFC 9068).
   */
  readonly accessTokens?: 'jwt' | 'opaque';
  /**
   * Choose the API by an `audience` authorization parameter, as Auth0 does; without it the access
   * token is only good for the userinfo endpoint.
   */
  readonly apiSelectedBy?: 'scope' | 'audience';
  /** Pushed Authorization Requests (RFC 9126): offered (default), required (§5), or not at all. */
  readonly pushedAuthorizationRequests?: 'offered' | 'required' | 'off';
  /**
   * DPoP (RFC 9449): offered (default; tokens are bound when the client sends proofs), required
   * for this client (`dpop_bound_access_tokens`, §5.2), or not at all.
   */
  readonly dpop?: 'offered' | 'required' | 'off';
  /**
   * Authentication context classes (OpenID Connect Core §3.1.2.1 `acr_values`): honoured
   * (default; asking for `urn:example:mfa` brings a one-time-code page after the password), or
   * ignored, as many providers do since `acr_values` is voluntary: no second factor is ever
   * asked, every sign-in is `urn:example:pwd`, and only that class is advertised in
   * `acr_values_supported`, so a client that reads the metadata can tell in advance.
   */
  readonly acrValues?: 'honoured' | 'ignored';
}

/** Every habit spelled out, for code that must not guess defaults. */
export type ResolvedHabits = Required<ProviderHabits>;

export function resolveHabits(habits: ProviderHabits = {}): ResolvedHabits {
  return {
    discovery: habits.discovery ?? 'published',
    clientAuthentication: habits.clientAuthentication ?? 'none',
    accessTokens: habits.accessTokens ?? 'jwt',
    apiSelectedBy: habits.apiSelectedBy ?? 'scope',
    pushedAuthorizationRequests: habits.pushedAuthorizationRequests ?? 'offered',
    dpop: habits.dpop ?? 'offered',
    acrValues: habits.acrValues ?? 'honoured',
  };
}

/**
 * The demo's own endpoint paths (oidc-provider's defaults), for clients configured without
 * discovery. They are what the discovery document would have said.
 */
export function demoEndpoints(issuer: string) {
  return {
    authorization: `${issuer}/auth`,
    token: `${issuer}/token`,
    pushedAuthorizationRequest: `${issuer}/request`,
    revocation: `${issuer}/token/revocation`,
    endSession: `${issuer}/session/end`,
    userinfo: `${issuer}/me`,
    jwks: `${issuer}/jwks`,
    introspection: `${issuer}/token/introspection`,
  };
}
