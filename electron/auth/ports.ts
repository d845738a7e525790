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
