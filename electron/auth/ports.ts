import type * as oidc from 'openid-client';

/**
 * The ports through which the authorization core reaches the outside world.
 *
 * The core is plain TypeScript; Electron, keytar and the clock arrive through these interfaces,
 * so the same code runs in the app, in tests against real servers, and in benchmarks
 * (the AppAuth-JS way: dependencies injected, production defaults wired in `electron/main`).
 */

/**
 * Where the refresh token lives between runs: the OS keychain, never a file
 * (RFC 8252 §8.6, RFC 9700 §4.14). Implementations must throw rather than fall back to plaintext.
 */
export interface SecretStore {
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves to whether an entry existed. */
  delete(account: string): Promise<boolean>;
}

/**
 * Where provider metadata is kept between runs: a plain file in the app's data folder. Any program
 * running as the user can rewrite it, so it holds text the core checks before trusting
 * (`saved-metadata.ts`), never a secret.
 */
export interface MetadataCache {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

/**
 * Opens a URL in the user's default browser (RFC 8252 §4.1: native apps use an external
 * user-agent, never an embedded web view).
 */
export interface BrowserLauncher {
  open(url: URL): Promise<void>;
}

/** Milliseconds since the epoch; injected so expiry and refresh timing can be tested. */
export type Clock = () => number;

/** Structured, redacted diagnostics. Never pass a token, code, verifier or redirect URL. */
export interface Logger {
  debug(message: string, fields?: Readonly<Record<string, string | number | boolean>>): void;
  info(message: string, fields?: Readonly<Record<string, string | number | boolean>>): void;
  warn(message: string, fields?: Readonly<Record<string, string | number | boolean>>): void;
}

/** A logger that drops everything, for callers that do not care. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {} };

/**
 * The one fetch for all HTTP from the main process, in openid-client's seam: discovery, PAR,
 * token, refresh, revocation, userinfo and the protected API. Tests record requests and inject
 * faults here.
 */
export type HttpFetch = oidc.CustomFetch;

/** Calls `run` after `ms`; returns a cancel function. Injected so tests control time. */
export type Schedule = (ms: number, run: () => void) => () => void;

/** What became of a redirect the app received; a loopback listener words its reply page by it. */
export type RedirectOutcome = 'ignored' | 'rejected' | 'completed' | 'failed';

/** A redirect endpoint open for one sign-in attempt. */
export interface OpenRedirect {
  /** The exact `redirect_uri` to send, e.g. with the loopback port filled in (RFC 8252 §7.3). */
  readonly redirectUri: string;
  /** Which kind it is, so the UI can tell the user where the browser will return. */
  readonly mode: 'scheme' | 'loopback';
  /** Stop listening; called when the attempt completes, is cancelled, superseded or times out. */
  close(): void;
}

/**
 * Where the browser brings the user back (RFC 8252 §7). Opened once per sign-in attempt; URLs it
 * receives go to `onRedirect`, the same path the OS-delivered URLs take.
 */
export interface RedirectReceiver {
  open(onRedirect: (url: string) => Promise<RedirectOutcome>): Promise<OpenRedirect>;
}
