import type * as oidc from 'openid-client';
import { AuthError } from '../errors.js';
import { isAllowedExternalUrl } from '../policy/external-url-guard.js';
import type { PendingAuthorization } from './pending-authorizations.js';

/**
 * The waiting attempt's authorization request as a link the person opens themselves, e.g. in the
 * browser where their work profile lives rather than the default one (RFC 8252 §4.1: any user agent
 * the user trusts). It is the same request the system browser gets, so the same `state` and PKCE
 * challenge: pasting it continues this attempt and no other. It carries no `code_verifier` and no
 * client secret (a native app is a public client, RFC 8252 §8.4); with PAR only `client_id` and a
 * `request_uri`, which the provider honours once and only briefly (RFC 9126 §2.2, §4).
 */
export interface SignInLink {
  readonly url: URL;
  /** When the attempt ends (epoch ms); the link is useless after it, and may be before. */
  readonly expiresAt: number;
  /** Whether the link names a pushed request (RFC 9126 §4), which expires sooner and is single-use. */
  readonly pushed: boolean;
  /**
   * Settles when the attempt the link belongs to ends: completed, failed, cancelled, expired,
   * superseded or signed out. From then on no redirect the link leads to is accepted, so a copy
   * left on the clipboard only shows the request to whoever reads it.
   */
  readonly ended: Promise<void>;
}

/** What a link is checked against, and the attempt it belongs to. */
export interface LinkedAttempt {
  /** Its authorization endpoint is the only place the link may lead. */
  readonly configuration: oidc.Configuration;
  /** Its `code_verifier` must not ride along. */
  readonly pending: PendingAuthorization;
  /** A confidential client's secret (configured against RFC 8252 §8.5's advice), which must not either. */
  readonly clientSecret: string | undefined;
  readonly ended: Promise<void>;
}

/**
 * Check a freshly built request before it leaves main as a link. Only the provider's authorization
 * endpoint qualifies, as for `shell.openExternal` (the system browser's guard); not the end-session
 * endpoint, which no sign-in links to. And no verifier or secret may ride along, under any name
 * (RFC 7636 §4.1: the verifier stays with the client until the token request).
 */
export function toSignInLink(url: URL, attempt: LinkedAttempt): SignInLink {
  const { configuration, pending } = attempt;
  const endpoint = configuration.serverMetadata().authorization_endpoint;
  const leaks =
    ['code_verifier', 'client_secret'].some((name) => url.searchParams.has(name)) ||
    [pending.codeVerifier, attempt.clientSecret].some((held) => carries(url, held));
  if (!isAllowedExternalUrl(url, [endpoint]) || leaks) {
    throw new AuthError(
      'internal_error',
      'The sign-in link was not copied: it is not a plain link to your identity provider’s sign-in page.',
    );
  }
  return {
    url,
    expiresAt: pending.expiresAt,
    pushed: url.searchParams.has('request_uri'),
    ended: attempt.ended,
  };
}

/** Below this length a value could turn up by chance inside a random `state` or `nonce`. */
const FRAGMENT_MIN_LENGTH = 16;

/**
 * Whether `held` is in the link: anywhere (as written, percent-encoded, or in a decoded parameter)
 * when it is long enough to mean something there, else as a whole parameter name or value.
 */
function carries(url: URL, held: string | undefined): boolean {
  if (held === undefined || held === '') return false;
  const decoded = [...url.searchParams].flat();
  if (held.length < FRAGMENT_MIN_LENGTH) return decoded.includes(held);
  return (
    [url.href, ...decoded].some((part) => part.includes(held)) || url.href.includes(encodeURIComponent(held))
  );
}
