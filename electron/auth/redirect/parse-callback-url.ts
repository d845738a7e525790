/**
 * What a URL handed to the app by the OS (or the loopback listener) turned out to be.
 * A discriminated union, so every caller handles every case (GitHub Desktop's parse-app-url).
 */
export type CallbackUrl =
  /** A code response (RFC 6749 §4.1.2); the code stays inside `url` for openid-client to read. */
  | { readonly kind: 'code'; readonly state: string; readonly url: URL }
  /** An error response (RFC 6749 §4.1.2.1). `state` may be missing if the provider omitted it. */
  | {
      readonly kind: 'provider-error';
      readonly state: string | undefined;
      readonly error: string;
      readonly description: string | undefined;
      /** RFC 9207 issuer identification, when the provider sent one. */
      readonly iss: string | undefined;
    }
  /** Not addressed to our redirect URI at all: ignore it. */
  | { readonly kind: 'not-ours'; readonly reason: string }
  /** Addressed to us but unusable (forged, truncated or tampered with): reject it. */
  | { readonly kind: 'malformed'; readonly reason: string };

/** Longer than any real authorization response; refuse to parse anything bigger. */
const MAX_CALLBACK_LENGTH = 8192;

/** Response parameters that must appear at most once (RFC 6749 §3.1). */
const SINGLE_VALUED = ['code', 'state', 'error', 'error_description', 'error_uri', 'iss'] as const;

/**
 * Classify a redirect URL against the redirect URI the authorization request used.
 *
 * Only the scheme, authority and path are compared, exactly (RFC 8252 §7.1, RFC 9700 §4.1.3);
 * the query carries the response. Fragments are refused because this client asks for
 * `response_mode=query`. Reasons never quote the URL, which holds the code.
 */
export function parseCallbackUrl(raw: string, redirectUri: string): CallbackUrl {
  if (raw.length > MAX_CALLBACK_LENGTH) return { kind: 'malformed', reason: 'callback URL is too long' };
  if (!URL.canParse(raw)) return { kind: 'not-ours', reason: 'not a URL' };

  const url = new URL(raw);
  if (withoutQuery(url) !== withoutQuery(new URL(redirectUri))) {
    return { kind: 'not-ours', reason: 'not addressed to the redirect URI' };
  }
  if (url.hash !== '') return { kind: 'malformed', reason: 'callback carries a fragment' };

  const params = url.searchParams;
  const repeated = SINGLE_VALUED.find((name) => params.getAll(name).length > 1);
  if (repeated) return { kind: 'malformed', reason: `parameter "${repeated}" appears more than once` };

  const state = nonEmpty(params.get('state'));
  if (params.has('error') && params.get('error') === '') {
    return { kind: 'malformed', reason: 'callback has an empty error' };
  }
  const error = nonEmpty(params.get('error'));
  if (error !== undefined) {
    const description = nonEmpty(params.get('error_description'));
    return { kind: 'provider-error', state, error, description, iss: nonEmpty(params.get('iss')) };
  }
  if (state === undefined) return { kind: 'malformed', reason: 'callback has no state' };
  if (nonEmpty(params.get('code')) === undefined)
    return { kind: 'malformed', reason: 'callback has no code' };
  return { kind: 'code', state, url };
}

function withoutQuery(url: URL): string {
  const copy = new URL(url.href);
  copy.search = '';
  copy.hash = '';
  return copy.href;
}

function nonEmpty(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}
