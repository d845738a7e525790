/**
 * The one contract between the main process, the preload bridge and the renderer.
 *
 * Types and one constant only, so every side can import it without
 * pulling Electron or Node into the renderer bundle. What crosses this boundary
 * is a *view* of the session, never a token (DESIGN §1.6, RFC 8252 §8.5).
 */

/** Why something failed, as a stable code the UI can branch on. */
export type ErrorCode =
  | 'access_denied'
  | 'provider_error'
  | 'provider_unreachable'
  | 'state_mismatch'
  | 'callback_invalid'
  | 'authorization_expired'
  | 'callback_stale'
  | 'cancelled'
  | 'sign_in_in_progress'
  | 'token_request_failed'
  | 'id_token_invalid'
  | 'session_expired'
  | 'sign_out_incomplete'
  | 'keychain_unavailable'
  | 'not_signed_in'
  | 'api_unreachable'
  | 'api_unauthorized'
  | 'step_up_failed'
  | 'browser_launch_failed'
  | 'invalid_request'
  | 'internal_error';

/** An error as the renderer sees it: a code to branch on and a sentence for a person. */
export interface ErrorView {
  readonly code: ErrorCode;
  readonly message: string;
}

/**
 * Who is signed in, taken from validated ID-token claims (and never the token itself). Absent
 * with plain OAuth 2.0 sign-in, which authorizes the app without saying who the user is.
 */
export interface UserView {
  readonly subject: string;
  readonly name?: string;
  readonly email?: string;
}

/** Session state as the renderer may know it. */
export type SessionView =
  | {
      readonly state: 'signed-out';
      readonly error?: ErrorView;
      /** Whose session just ended (revoked or expired), for "Sign in again as …". */
      readonly previousUser?: UserView;
    }
  | { readonly state: 'restoring' }
  | {
      readonly state: 'awaiting-browser';
      /** Epoch milliseconds after which this attempt is abandoned. */
      readonly expiresAt: number;
      /** Where the browser returns: the app's URI scheme, or a loopback listener (RFC 8252 §7.1, §7.3). */
      readonly redirect?: 'scheme' | 'loopback';
      /** e.g. a redirect that arrived for another attempt and was ignored; the wait goes on. */
      readonly error?: ErrorView;
    }
  | { readonly state: 'exchanging' }
  | {
      readonly state: 'signed-in';
      readonly user?: UserView;
      readonly issuer: string;
      readonly scopes: readonly string[];
      /** Epoch milliseconds at which the current access token expires. */
      readonly accessTokenExpiresAt: number;
      /** A step-up authorization waiting for the browser; the session stays usable meanwhile. */
      readonly stepUp?: StepUpView;
      readonly error?: ErrorView;
    };

/** A step-up waiting for the browser: like `awaiting-browser`, but the user stays signed in. */
export interface StepUpView {
  /** Epoch milliseconds after which this attempt is abandoned. */
  readonly expiresAt: number;
  readonly redirect: 'scheme' | 'loopback';
  readonly kind: ApiAskView['kind'];
}

/** HTTP methods the renderer may ask the main process to use against the protected API. */
export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request for the protected API: a path relative to the configured API base URL. */
export interface ApiRequest {
  readonly method: ApiMethod;
  /** Path under the configured API base URL, e.g. `/appointments`. Never an absolute URL. */
  readonly path: string;
  /** JSON body for methods that carry one. */
  readonly body?: unknown;
}

/** What the protected API answered. A 401 is a response, not an error: the UI shows why. */
export interface ApiResponseView {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the API answered JSON, the text otherwise. */
  readonly body: unknown;
  /** The API's token challenge, when it sent one: why it said no, parsed once, in main. */
  readonly challenge?: ApiChallengeView;
  /** What the API asks for before it answers (more scope, a stronger or fresher sign-in). */
  readonly ask?: ApiAskView;
}

/**
 * The API answered a valid token with "not enough": the session needs more scope (RFC 6750 §3.1
 * `insufficient_scope`) or a stronger or more recent authentication (RFC 9470 §3
 * `insufficient_user_authentication`). The window asks the person; `id` names this question for
 * `api:step-up`, which main honours once.
 */
export interface ApiAskView {
  readonly id: string;
  readonly kind: 'scope' | 'authentication';
  /** The request that was refused. */
  readonly request: Pick<ApiRequest, 'method' | 'path'>;
  /** What to call it in a question, e.g. "Cancel the next appointment", when the configuration names it. */
  readonly label?: string;
  /** Scopes the session lacks (for `scope`). */
  readonly scopes: readonly string[];
  /** Authentication context classes the API accepts, most preferred first (for `authentication`). */
  readonly acrValues: readonly string[];
  /** The sign-in must be at most this many seconds old (for `authentication`). */
  readonly maxAge?: number;
}

/**
 * A Bearer or DPoP challenge from `WWW-Authenticate` (RFC 6750 §3, RFC 9449 §7.1): the one that
 * names an error, else the first. `scheme` is lower-case.
 */
export interface ApiChallengeView {
  readonly scheme: string;
  readonly error?: string;
  readonly description?: string;
  /** The scope the request needs (RFC 6750 §3 `scope`, with `insufficient_scope`). */
  readonly scope?: string;
  /** Acceptable authentication context classes, space-separated (RFC 9470 §3). */
  readonly acrValues?: string;
  /** Maximum authentication age in seconds (RFC 9470 §3). */
  readonly maxAge?: number;
  /** Where the API's protected resource metadata is (RFC 9728 §5.1). */
  readonly resourceMetadata?: string;
}

/** Every handler answers with a result object instead of throwing across the process boundary. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorView };

/** Facts about this installation the UI may show. */
export interface AppInfoView {
  readonly version: string;
  readonly issuer: string;
  /** The configured redirect mode (RFC 8252 §7): `auto` picks the scheme when it is registered. */
  readonly redirectMode: 'auto' | 'scheme' | 'loopback';
  /** The private-use scheme, e.g. `com.example.desktop`, when one is configured. */
  readonly scheme?: string;
  /** Whether the OS routes that scheme to this app; when not, sign-in uses a loopback redirect. */
  readonly schemeRegistered: boolean;
  /** The request "Call API" sends (the configuration's `apiRequest`), shown above its answer. */
  readonly apiRequest: Pick<ApiRequest, 'method' | 'path'>;
  /** More requests the window offers, each with its button label (the configuration's `apiActions`). */
  readonly apiActions: readonly ApiActionView[];
}

/** A named request to the protected API, e.g. `{ label: 'View records', method: 'GET', path: '/records' }`. */
export interface ApiActionView {
  readonly label: string;
  readonly method: ApiMethod;
  readonly path: string;
}

/** One row of the provider check: what was checked, how it went, and the change that fixes it. */
export interface ProviderCheckRow {
  readonly id: string;
  readonly title: string;
  readonly status: 'ok' | 'warn' | 'fail' | 'n/a';
  readonly detail: string;
  readonly fix?: string;
}

/** The provider check's report (the same table `npm run doctor` prints); it holds no secret. */
export interface ProviderCheckView {
  readonly ok: boolean;
  readonly checks: readonly ProviderCheckRow[];
}

/** Request/response channels: renderer invokes, main handles. Names are `namespace:verb`. */
export interface InvokeChannels {
  'app:get-info': { readonly args: []; readonly result: AppInfoView };
  'auth:get-state': { readonly args: []; readonly result: SessionView };
  'auth:sign-in': { readonly args: []; readonly result: Result<SessionView> };
  'auth:sign-in-again': { readonly args: []; readonly result: Result<SessionView> };
  'auth:cancel': { readonly args: []; readonly result: Result<SessionView> };
  'auth:reopen-browser': { readonly args: []; readonly result: Result<SessionView> };
  'auth:copy-sign-in-link': { readonly args: []; readonly result: Result<CopiedSignInLink> };
  'auth:sign-out': { readonly args: []; readonly result: Result<SessionView> };
  'api:request': { readonly args: [request: ApiRequest]; readonly result: Result<ApiResponseView> };
  'api:step-up': { readonly args: [askId: string]; readonly result: Result<ApiResponseView> };
  'provider:check': { readonly args: []; readonly result: Result<ProviderCheckView> };
  'app:copy-details': { readonly args: []; readonly result: Result<CopiedDetails> };
}

/** What "Copy details" put on the clipboard (redacted: no token, code, verifier or URL query). */
export interface CopiedDetails {
  readonly text: string;
}

/**
 * "Copy sign-in link" went through: main put the waiting attempt's authorization URL on the
 * clipboard. The URL itself stays in main; the window learns only how long it is good for.
 */
export interface CopiedSignInLink {
  /** Epoch milliseconds at which the attempt, and so the link, expires. */
  readonly expiresAt: number;
  /** The link names a pushed request (RFC 9126 §4): single-use, and the provider may end it sooner. */
  readonly pushed: boolean;
}

/** Events main pushes to the renderer. */
export interface EventChannels {
  'auth:state-changed': SessionView;
  /** A provider check run from the Help menu, for the window to show. */
  'app:provider-check': ProviderCheckView;
}

export type InvokeChannel = keyof InvokeChannels;
export type EventChannel = keyof EventChannels;

/**
 * The API the preload exposes as `window.desktopAuth`: one method per channel, nothing else.
 * The renderer depends on this interface only, so tests can provide it from outside Electron.
 */
export interface DesktopAuthBridge {
  getInfo(): Promise<AppInfoView>;
  getState(): Promise<SessionView>;
  signIn(): Promise<Result<SessionView>>;
  /** Sign in as the user whose session just ended (`login_hint`), when there is one. */
  signInAgain(): Promise<Result<SessionView>>;
  cancel(): Promise<Result<SessionView>>;
  /** Open the waiting sign-in's page in the browser again (the same attempt, not a new one). */
  reopenBrowser(): Promise<Result<SessionView>>;
  /**
   * Put the waiting sign-in's link on the clipboard, for the browser the user signs in with. Main
   * makes it afresh (with PAR, pushed again) and keeps it: the answer says only when it expires.
   */
  copySignInLink(): Promise<Result<CopiedSignInLink>>;
  signOut(): Promise<Result<SessionView>>;
  request(request: ApiRequest): Promise<Result<ApiResponseView>>;
  /**
   * Answer an API's ask with "Continue in browser": a new authorization for exactly what it asked
   * (RFC 9470 §4), then the refused request once more. Resolves with that second answer.
   */
  stepUp(askId: string): Promise<Result<ApiResponseView>>;
  /** Check the provider configuration live (the doctor), for when sign-in fails. */
  checkProvider(): Promise<Result<ProviderCheckView>>;
  /** Put the redacted details of the current error on the clipboard, for a support request. */
  copyDetails(): Promise<Result<CopiedDetails>>;
  /** Subscribe to provider checks started from the menu; returns the function that unsubscribes. */
  onProviderCheck(listener: (report: ProviderCheckView) => void): () => void;
  /** Subscribe to session changes; returns the function that unsubscribes. */
  onStateChanged(listener: (view: SessionView) => void): () => void;
}

/** The name under which the preload exposes the bridge on `window`. */
export const BRIDGE_NAME = 'desktopAuth';
