/**
 * The configuration surface of `oidc-provider` 9.x that the demo sets (see oidc-provider.d.ts for
 * why it is declared by hand). Hooks receive only the context fields the demo reads.
 */
declare module 'oidc-provider' {
  /** The parts of the Koa context the demo's rendering hooks touch. */
  export interface ProviderContext {
    type: string;
    body: unknown;
    set(field: string, value: string): void;
  }

  /** The parts of the per-request context the demo's policy hooks read. */
  export interface RequestContext {
    oidc?: {
      params?: Record<string, unknown>;
      /** What was stored with the code or refresh token an access token is issued for. */
      entities?: {
        AuthorizationCode?: AuthenticationSource;
        RefreshToken?: AuthenticationSource;
      };
    };
  }

  /** The authentication a code or refresh token stems from: `acr` and `authTime` (epoch seconds). */
  export interface AuthenticationSource {
    acr?: string;
    authTime?: number;
  }

  /** An ID token claim request (OpenID Connect Core §5.5.1), as `acr_values` also becomes. */
  export interface ClaimRequest {
    essential?: boolean;
    value?: unknown;
    values?: unknown;
  }

  /** The context interaction policy checks see, during an authorization request. */
  export interface PolicyContext {
    oidc: {
      /** The session's authentication context class, if it signed in. */
      acr?: string;
      claims: { id_token?: Record<string, ClaimRequest | null | undefined> };
    };
  }

  /** The token being issued, as `extraTokenClaims` sees it. */
  export interface IssuedToken {
    kind: string;
  }

  export interface AccountClaims {
    sub: string;
    [claim: string]: unknown;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): AccountClaims | Promise<AccountClaims>;
  }

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'opaque' | 'jwt';
    jwt?: { sign?: { alg: string } };
  }

  export interface ClientMetadata {
    client_id: string;
    application_type?: 'web' | 'native';
    token_endpoint_auth_method?: string;
    client_secret?: string;
    dpop_bound_access_tokens?: boolean;
    redirect_uris: string[];
    post_logout_redirect_uris?: string[];
    grant_types?: string[];
    response_types?: string[];
    id_token_signed_response_alg?: string;
    client_name?: string;
  }

  /** A stored artifact as the storage adapter sees it. */
  export interface AdapterPayload {
    grantId?: string;
    uid?: string;
    consumed?: number;
    [key: string]: unknown;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface TokenLike {
    clientId?: string;
  }

  export interface ClientLike {
    clientId: string;
  }

  export interface Configuration {
    adapter?: (model: string) => Adapter;
    clients?: ClientMetadata[];
    extraParams?: string[];
    acrValues?: string[];
    extraTokenClaims?: (
      ctx: RequestContext | undefined,
      token: IssuedToken,
    ) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;
    jwks?: { keys: object[] };
    cookies?: { keys?: string[] };
    responseTypes?: string[];
    scopes?: string[];
    claims?: Record<string, string[]>;
    conformIdTokenClaims?: boolean;
    findAccount?: (ctx: unknown, sub: string) => Promise<Account | undefined>;
    interactions?: {
      policy?: Prompt[];
      url?: (ctx: unknown, interaction: { uid: string }) => string | Promise<string>;
    };
    pkce?: { required?: () => boolean };
    rotateRefreshToken?: boolean | (() => boolean);
    clientBasedCORS?: () => boolean;
    renderError?: (ctx: ProviderContext, out: Record<string, string>, error: Error) => void | Promise<void>;
    ttl?: Record<string, number>;
    features?: {
      devInteractions?: { enabled: boolean };
      claimsParameter?: { enabled: boolean };
      dPoP?: { enabled: boolean };
      introspection?: {
        enabled: boolean;
        allowedPolicy?: (ctx: unknown, client: ClientLike, token: TokenLike) => boolean | Promise<boolean>;
      };
      pushedAuthorizationRequests?: { enabled: boolean; requirePushedAuthorizationRequests?: boolean };
      revocation?: {
        enabled: boolean;
        allowedPolicy?: (ctx: unknown, client: ClientLike, token: TokenLike) => boolean | Promise<boolean>;
      };
      userinfo?: { enabled: boolean };
      rpInitiatedLogout?: {
        enabled: boolean;
        logoutSource?: (ctx: ProviderContext, form: string) => void | Promise<void>;
        postLogoutSuccessSource?: (ctx: ProviderContext) => void | Promise<void>;
      };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (
          ctx: RequestContext,
          client: ClientLike,
          oneOf?: string[],
        ) => Promise<string | string[] | undefined>;
        useGrantedResource?: () => boolean | Promise<boolean>;
        getResourceServerInfo?: (
          ctx: unknown,
          resource: string,
          client: ClientLike,
        ) => Promise<ResourceServerInfo>;
      };
    };
  }
}
