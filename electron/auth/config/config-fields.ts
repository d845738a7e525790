import { isHttpsOrLoopback } from '../policy/loopback.js';

/**
 * Field readers for {@link validateConfig}: each returns a usable value and records a sentence in
 * `problems` when the input is wrong, so every mistake is reported in one go.
 */
export type Input = Record<string, unknown>;

export function readString(input: Input, key: string, problems: string[], fallback?: string): string {
  const value = input[key] ?? fallback;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  problems.push(`${key} is required and must be a non-empty string`);
  return '';
}

export function readChoice<T extends string>(
  input: Input,
  key: string,
  choices: readonly T[],
  problems: string[],
): T {
  const value = input[key] ?? choices[0];
  if (choices.includes(value as T)) return value as T;
  problems.push(`${key} must be one of ${choices.map((choice) => `"${choice}"`).join(', ')}`);
  return choices[0] as T;
}

/** An https URL, or plain http on loopback only (RFC 8252 §8.3; the bundled demo). */
export function readUrl(
  input: Input,
  key: string,
  problems: string[],
  required: boolean,
): string | undefined {
  const value = input[key];
  if (value === undefined || value === '') {
    if (required) problems.push(`${key} is required (an https URL)`);
    return undefined;
  }
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (!url) {
    problems.push(`${key} must be an absolute URL, got ${JSON.stringify(value)}`);
  } else if (!isHttpsOrLoopback(url)) {
    problems.push(`${key} must use https (plain http is allowed only on 127.0.0.1, [::1] or localhost)`);
  } else if (url.search || url.hash || url.username || url.password) {
    problems.push(`${key} must not contain a query, a fragment or credentials`);
  } else {
    return value as string;
  }
  return undefined;
}

/** A private-use URI scheme redirect in reverse-DNS form (RFC 8252 §7.1). */
export function readSchemeRedirect(input: Input, problems: string[], required: boolean): string | undefined {
  const value = input['redirectUri'];
  if (value === undefined || value === '') {
    if (required) problems.push('redirectUri is required, e.g. "com.example.desktop:/callback"');
    return undefined;
  }
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  const scheme = url?.protocol.slice(0, -1) ?? '';
  if (!url) {
    problems.push(`redirectUri must be a URI, got ${JSON.stringify(value)}`);
  } else if (url.search || url.hash) {
    problems.push('redirectUri must not contain a query or a fragment');
  } else if (scheme === 'http' || scheme === 'https') {
    problems.push(
      'redirectUri must use a private-use scheme; put a loopback redirect in loopbackRedirectUri',
    );
  } else if (!scheme.includes('.')) {
    problems.push('redirectUri must use a reverse-DNS scheme, e.g. "com.example.desktop" (RFC 8252 §7.1)');
  } else {
    return value as string;
  }
  return undefined;
}

/** A loopback redirect on an IP literal (RFC 8252 §7.3, §8.3); without a port, one is picked per sign-in. */
export function readLoopbackRedirect(input: Input, problems: string[]): string {
  const fallback = 'http://127.0.0.1/callback';
  const value = input['loopbackRedirectUri'] ?? fallback;
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (!url || url.protocol !== 'http:') {
    problems.push('loopbackRedirectUri must be an http URL such as "http://127.0.0.1/callback"');
  } else if (url.hostname !== '127.0.0.1' && url.hostname !== '[::1]') {
    problems.push(
      'loopbackRedirectUri must use the IP literal 127.0.0.1 or [::1], not a name (RFC 8252 §8.3)',
    );
  } else if (url.search || url.hash || url.pathname === '/') {
    problems.push('loopbackRedirectUri needs a path (e.g. /callback) and no query or fragment');
  } else {
    return value as string;
  }
  return fallback;
}

export function readScopes(input: Input, problems: string[]): string[] {
  const value = input['scopes'] ?? 'openid profile email offline_access';
  const scopes = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
  const isToken = (scope: unknown) => typeof scope === 'string' && /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope);
  if (!Array.isArray(scopes) || !scopes.every(isToken)) {
    problems.push('scopes must be a space-separated string or an array of scope tokens (RFC 6749 §3.3)');
    return [];
  }
  return scopes as string[];
}

/** Parameters the client itself owns; letting configuration set them would break PKCE or CSRF checks. */
const RESERVED_PARAMS = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'code_verifier',
  'request',
  'request_uri',
  'response_mode',
]);

export function readParams(input: Input, problems: string[]): Record<string, string> {
  const value = input['authorizationParams'] ?? {};
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    problems.push('authorizationParams must be an object of string values');
    return {};
  }
  for (const key of Object.keys(value)) {
    if (RESERVED_PARAMS.has(key))
      problems.push(`authorizationParams must not set "${key}": the client sets it itself`);
  }
  return value as Record<string, string>;
}

export function readBoolean(input: Input, key: string, problems: string[], fallback: boolean): boolean {
  const value = input[key] ?? fallback;
  if (typeof value === 'boolean') return value;
  problems.push(`${key} must be true or false`);
  return fallback;
}

/**
 * Where the provider sends the browser after logout: our private-use scheme, which the OS hands
 * back to the app (nothing listens on a loopback port once a sign-in is over).
 */
export function readPostLogoutRedirect(input: Input, problems: string[]): string | undefined {
  const value = input['postLogoutRedirectUri'];
  if (value === undefined || value === '') return undefined;
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (!url || url.hash || !url.protocol.slice(0, -1).includes('.')) {
    problems.push(
      'postLogoutRedirectUri must be a private-use scheme URI such as "com.example.desktop:/logout"',
    );
    return undefined;
  }
  return value as string;
}

export function readSeconds(input: Input, key: string, problems: string[], fallback: number): number {
  const value = input[key] ?? fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 86_400) return value;
  problems.push(`${key} must be a number of seconds between 1 and 86400`);
  return fallback;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
