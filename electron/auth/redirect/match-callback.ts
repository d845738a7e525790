import { AuthError } from '../errors.js';
import { fromProviderErrorCode } from '../errors.js';
import type { PendingAuthorization, PendingAuthorizations } from '../sign-in/pending-authorizations.js';
import { type CallbackUrl, parseCallbackUrl } from './parse-callback-url.js';

/** What to do with a URL the OS handed over. */
export type CallbackDecision =
  /** Not a callback for us: change nothing. */
  | { readonly action: 'ignore'; readonly reason: string }
  /** Ours but unusable or for no live attempt: show why, keep any pending attempt. */
  | { readonly action: 'reject'; readonly error: AuthError }
  /** The provider answered the pending attempt with an error: the attempt is over. */
  | {
      readonly action: 'fail';
      readonly pending: PendingAuthorization;
      readonly error: AuthError;
      readonly iss: string | undefined;
    }
  /** The pending attempt's code came back: exchange it. */
  | { readonly action: 'exchange'; readonly pending: PendingAuthorization; readonly url: URL };

/**
 * Decide what a redirect means, consuming the matching pending authorization. Only a callback
 * whose `state` equals a live attempt's reaches `exchange` (RFC 6749 §10.12, RFC 9700 §4.7);
 * a forged, replayed or stale one is rejected without touching the attempt in progress.
 * `redirectUris` are the redirect URIs in use (the attempt's loopback URI, the app's scheme URI).
 */
export function matchCallback(
  rawUrl: string,
  redirectUris: readonly string[],
  pending: PendingAuthorizations,
): CallbackDecision {
  const { callback, claimedBy } = parseAgainst(rawUrl, redirectUris);
  if (callback.kind === 'not-ours') return { action: 'ignore', reason: callback.reason };
  if (callback.kind === 'malformed') {
    return reject(
      'callback_invalid',
      `The sign-in response was malformed (${callback.reason}) and was ignored.`,
    );
  }
  const attempt = callback.state === undefined ? undefined : pending.peek(callback.state);
  if (attempt && attempt.redirectUri !== claimedBy) {
    return reject(
      'callback_invalid',
      'A sign-in response arrived at a different address than the sign-in used.',
    );
  }
  const match = callback.state === undefined ? undefined : pending.take(callback.state);
  if (match?.status === 'stale') {
    return reject(
      'callback_stale',
      'This sign-in link has already been used or has expired; it was ignored.',
    );
  }
  if (match?.status === 'expired') {
    return reject('authorization_expired', 'That sign-in attempt expired. Please sign in again.');
  }
  if (match?.status !== 'found') {
    return reject(
      'state_mismatch',
      'A sign-in response arrived that does not belong to the current sign-in attempt; it was ignored.',
    );
  }
  if (callback.kind === 'provider-error') {
    return {
      action: 'fail',
      pending: match.pending,
      error: fromProviderErrorCode(callback.error, callback.description, 'The identity provider'),
      iss: callback.iss,
    };
  }
  return { action: 'exchange', pending: match.pending, url: callback.url };
}

/**
 * Classify against each redirect URI in use; the first that claims the URL decides, and is
 * returned so the caller can check it is the one the matching attempt sent.
 */
function parseAgainst(
  rawUrl: string,
  redirectUris: readonly string[],
): { callback: CallbackUrl; claimedBy: string | undefined } {
  let callback: CallbackUrl = { kind: 'not-ours', reason: 'no redirect URI in use' };
  for (const redirectUri of redirectUris) {
    callback = parseCallbackUrl(rawUrl, redirectUri);
    if (callback.kind !== 'not-ours') return { callback, claimedBy: redirectUri };
  }
  return { callback, claimedBy: undefined };
}

function reject(code: AuthError['code'], message: string): CallbackDecision {
  return { action: 'reject', error: new AuthError(code, message) };
}
