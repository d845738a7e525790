import { isLoopbackHost } from './loopback.js';

/**
 * Everything that changes from one provider to another. Switching provider is editing this,
 * never code.
 */
export interface AppConfig {
  /** Issuer identifier, compared exactly as the provider publishes it (OIDC Discovery §4.3). */
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** A private-use URI scheme redirect (RFC 8252 §7.1) or a loopback one (§7.3). */
  readonly redirectUri: string;
  /** Extra authorization request parameters, e.g. Auth0's `audience` or `prompt`. */
  readonly authorizationParams: Readonly<Record<string, string>>;
  /** Base URL of the protected API; requests from the renderer may only go below it. */
  readonly apiBaseUrl: string | undefined;
  /** Keychain service name the refresh token is stored under. */
  readonly keychainService: string;
  /** How long a started sign-in waits for the browser to come back. */
  readonly authorizationTimeoutSeconds: number;
  /** Timeout for each HTTP request to the provider or the API. */
  readonly httpTimeoutSeconds: number;
}

/** An invalid configuration; `problems` lists every field that is wrong, one sentence each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
}

/** Parameters the client itself owns; letting configuration override them would break PKCE or CSRF checks. */
const RESERVED_PARAMS = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'request_uri',
]);

/**
 * Validate raw configuration (parsed JSON merged with environment overrides) into an
 * {@link AppConfig}, reporting every problem at once.
 *
 * Plain `http:` is accepted only on loopback, for the bundled demo (RFC 9700 §2.6 / RFC 8252 §8.3).
 */
export function validateConfig(raw: unknown): AppConfig {
  const problems: string[] = [];
  const input = isRecord(raw) ? raw : (problems.push('configuration must be a JSON object'), {});

  const issuer = readUrl(input, 'issuer', problems, { required: true });
  const clientId = readString(input, 'clientId', problems);
  const redirectUri = readRedirectUri(input, problems);
  const scopes = readScopes(input, problems);
  const authorizationParams = readParams(input, problems);
  const apiBaseUrl = readUrl(input, 'apiBaseUrl', problems, { required: false });
  const keychainService = readString(input, 'keychainService', problems, 'com.example.desktop');
  const authorizationTimeoutSeconds = readSeconds(input, 'authorizationTimeoutSeconds', problems, 600);
  const httpTimeoutSeconds = readSeconds(input, 'httpTimeoutSeconds', problems, 15);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    issuer: issuer ?? '',
    clientId,
    scopes,
    redirectUri,
    authorizationParams,
    apiBaseUrl,
    keychainService,
    authorizationTimeoutSeconds,
    httpTimeoutSeconds,
  };
}

function readString(
  input: Record<string, unknown>,
  key: string,
  problems: string[],
  fallback?: string,
): string {
  const value = input[key] ?? fallback;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  problems.push(`${key} is required and must be a non-empty string`);
  return '';
}

function readUrl(
  input: Record<string, unknown>,
  key: string,
  problems: string[],
  { required }: { required: boolean },
): string | undefined {
  const value = input[key];
  if (value === undefined || value === '') {
    if (required) problems.push(`${key} is required (an https URL)`);
    return undefined;
  }
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (!url) {
    problems.push(`${key} must be an absolute URL, got ${JSON.stringify(value)}`);
  } else if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    problems.push(`${key} must use https (plain http is allowed only on 127.0.0.1, [::1] or localhost)`);
  } else if (url.search || url.hash || url.username || url.password) {
    problems.push(`${key} must not contain a query, a fragment or credentials`);
  } else {
    return value as string;
  }
  return undefined;
}

function readRedirectUri(input: Record<string, unknown>, problems: string[]): string {
  const value = input['redirectUri'];
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (!url) {
    problems.push(
      'redirectUri is required, e.g. "com.example.desktop:/callback" or "http://127.0.0.1/callback"',
    );
    return '';
  }
  if (url.search || url.hash) {
    problems.push('redirectUri must not contain a query or a fragment');
  } else if (url.protocol === 'http:') {
    if (url.hostname !== '127.0.0.1' && url.hostname !== '[::1]') {
      problems.push(
        'a loopback redirectUri must use the IP literal 127.0.0.1 or [::1], not a name (RFC 8252 §8.3)',
      );
    }
  } else if (url.protocol === 'https:') {
    problems.push(
      'redirectUri must be a private-use scheme or loopback; claimed https redirects need an OS app link',
    );
  } else if (!url.protocol.slice(0, -1).includes('.')) {
    problems.push(
      'a private-use redirectUri scheme must be reverse-DNS, e.g. "com.example.desktop" (RFC 8252 §7.1)',
    );
  }
  return value as string;
}

function readScopes(input: Record<string, unknown>, problems: string[]): string[] {
  const value = input['scopes'] ?? 'openid profile email offline_access';
  const scopes = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
  if (
    !Array.isArray(scopes) ||
    !scopes.every((scope) => typeof scope === 'string' && /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope))
  ) {
    problems.push('scopes must be a space-separated string or an array of scope tokens (RFC 6749 §3.3)');
    return [];
  }
  if (!scopes.includes('openid'))
    problems.push('scopes must include "openid": the client validates an ID token');
  return scopes as string[];
}

function readParams(input: Record<string, unknown>, problems: string[]): Record<string, string> {
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

function readSeconds(
  input: Record<string, unknown>,
  key: string,
  problems: string[],
  fallback: number,
): number {
  const value = input[key] ?? fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 86_400) return value;
  problems.push(`${key} must be a number of seconds between 1 and 86400`);
  return fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
