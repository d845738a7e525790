/**
 * The plain-words explanation of an API refusal (RFC 6750 §3, RFC 9449 §7.1), from the token
 * challenge main parsed out of `WWW-Authenticate`. No DOM, so it is unit-tested in Node.
 */
import type { ApiChallengeView } from '../../electron/shared/ipc-contract.js';

/** Why the API said no, for a person: one line that names the reason, one that says what to do. */
export interface Rejection {
  readonly summary: string;
  readonly advice: string;
}

const ADVICE: Readonly<Record<string, string>> = {
  invalid_token:
    'The access token was not accepted: it has expired, was revoked, or is not meant for this API. ' +
    'Try again; if it keeps failing, sign out and sign in again.',
  insufficient_scope:
    'You are signed in, but this sign-in was not granted the permission (scope) the API needs.',
  invalid_request: 'The request did not carry its credentials the way the API expects.',
  invalid_dpop_proof: 'The proof that the token belongs to this app was not accepted.',
};

/**
 * Explain a 401 or 403 from the API in plain words, using the challenge's `error`,
 * `error_description` and `scope`; undefined for any other status.
 * E.g. "The API rejected the request: invalid_token — token expired".
 */
export function explainRejection(
  status: number,
  challenge: ApiChallengeView | undefined,
): Rejection | undefined {
  if (status !== 401 && status !== 403) return undefined;
  const { error, description, scope } = challenge ?? {};
  const reason = [error, description].filter((part) => part !== undefined && part !== '').join(' — ');
  const verb = status === 401 ? 'rejected' : 'refused';
  const summary = reason
    ? `The API ${verb} the request: ${reason}`
    : `The API ${verb} the request (HTTP ${status}) without giving a reason`;
  const fallback =
    status === 401
      ? 'It did not accept the credentials that were sent. Try signing in again.'
      : 'You are signed in, but not allowed to do this.';
  const needs = scope ? ` It needs: ${scope}.` : '';
  return { summary, advice: `${(error && ADVICE[error]) ?? fallback}${needs}` };
}
