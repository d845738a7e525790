import {
  AuthorizationResponseError,
  ClientError,
  ResponseBodyError,
  WWWAuthenticateChallengeError,
} from 'openid-client';
import { findProxyFailure } from './provider/proxy-problem.js';
import { proxyProblemMessage, tlsProblemMessage } from './provider/connection-problem-messages.js';
import { findTlsProblem, type TlsProblem, TlsFailure } from './provider/tls-problem.js';
import type { ErrorCode, ErrorView } from '../shared/ipc-contract.js';

/**
 * The core's errors: the one error type it throws, and the one place that maps what openid-client,
 * fetch and the runtime throw onto it (modelled on openid-client's single `ClientError` with a
 * `code`, and its one error handler).
 */

/**
 * The one error type the core throws. `code` is stable and machine-readable (the UI branches on
 * it); `message` is written for the person at the keyboard; `cause` keeps the original error for
 * diagnostics. Modelled on openid-client's single `ClientError` with a `code`.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Narrow an unknown thrown value to an {@link AuthError} with the given code. */
export function isAuthError(error: unknown, code?: ErrorCode): error is AuthError {
  return error instanceof AuthError && (code === undefined || error.code === code);
}

/** What the renderer may see of an error: code and message, never the cause. */
export function toErrorView(error: AuthError): ErrorView {
  return { code: error.code, message: error.message };
}

/** Keep an {@link AuthError} as it is; wrap anything else under `code` with a generic message. */
export function fromUnexpected(error: unknown, code: AuthError['code']): AuthError {
  if (isAuthError(error)) return error;
  return new AuthError(code, 'Something went wrong. Please try again.', { cause: error });
}

/** The protocol step that failed; it decides what a provider's error means to the user. */
export type OAuthStep = 'discovery' | 'par' | 'authorization' | 'token' | 'refresh' | 'revocation';

const STEP_NAMES: Record<OAuthStep, string> = {
  discovery: 'reading its configuration',
  par: 'receiving the sign-in request',
  authorization: 'signing in',
  token: 'exchanging the sign-in code',
  refresh: 'renewing your session',
  revocation: 'revoking the session',
};

/**
 * Translate whatever openid-client, fetch or the runtime threw into one specific {@link AuthError}.
 *
 * The single place that knows foreign error shapes: OAuth error responses (RFC 6749 §4.1.2.1 and
 * §5.2), network failures, TLS failures (RFC 6749 §10.9), timeouts and ID-token
 * validation failures (OIDC Core §3.1.3.7). A refresh that fails with `invalid_grant` means the
 * session is over (RFC 6749 §5.2).
 */
export function fromOAuthFailure(
  error: unknown,
  step: OAuthStep,
  providerName = 'The identity provider',
): AuthError {
  if (error instanceof AuthError) return error;
  const doing = STEP_NAMES[step];

  if (error instanceof AuthorizationResponseError) {
    return fromProviderErrorCode(error.error, error.error_description, providerName, error);
  }
  if (error instanceof ResponseBodyError) {
    return fromRefusal(
      step,
      { code: error.error, description: error.error_description },
      error.status,
      providerName,
      error,
    );
  }
  if (error instanceof WWWAuthenticateChallengeError) {
    // A 401 whose reason is in the challenge rather than the body (RFC 6749 §5.2 `invalid_client`).
    const parameters = error.cause[0]?.parameters;
    const code = parameters?.error ?? (error.status === 401 ? 'invalid_client' : 'unauthorized');
    return fromRefusal(
      step,
      { code, description: parameters?.error_description },
      error.status,
      providerName,
      error,
    );
  }
  const proxy = findProxyFailure(error);
  if (proxy) {
    // Like a TLS problem: the provider was never asked, so nothing about the session changes.
    return new AuthError('provider_unreachable', proxyProblemMessage(proxy), { cause: error });
  }
  const tls = findTlsProblem(error);
  if (tls) {
    // Unreachable rather than refused: the session and its refresh token are kept (TLS is not
    // worked around, and a fixed trust store or certificate lets the next attempt through).
    const subject = error instanceof TlsFailure ? error.host : providerName.replace(/^The /, 'the ');
    return fromTlsProblem(tls, subject, 'provider_unreachable', error);
  }
  if (isTimeout(error)) {
    return new AuthError('provider_unreachable', `${providerName} did not answer in time while ${doing}.`, {
      cause: error,
    });
  }
  if (error instanceof ClientError) {
    return fromClientError(error, doing, providerName);
  }
  if (error instanceof TypeError && isNetworkFailure(error)) {
    return new AuthError(
      'provider_unreachable',
      `${providerName} could not be reached while ${doing}. Check your connection and try again.`,
      { cause: error },
    );
  }
  return new AuthError('internal_error', `Something unexpected went wrong while ${doing}.`, { cause: error });
}

/**
 * A certificate this computer would not accept, said so by name with what fixes it: never
 * "could not be reached", which sends people to check their network. Certificates are never
 * accepted unverified (RFC 6749 §10.9), so the fix is always trust or a new one.
 * `subject` is whose certificate it is, e.g. `login.example.com:443`.
 */
export function fromTlsProblem(
  problem: TlsProblem,
  subject: string,
  code: ErrorCode,
  cause: unknown,
): AuthError {
  return new AuthError(code, tlsProblemMessage(problem, subject), { cause });
}

/** An `error` parameter from the authorization response (RFC 6749 §4.1.2.1). */
export function fromProviderErrorCode(
  code: string,
  description: string | undefined,
  providerName: string,
  cause?: unknown,
): AuthError {
  if (code === 'access_denied') {
    return new AuthError(
      'access_denied',
      'Sign-in was cancelled or access was denied at the identity provider.',
      {
        cause,
      },
    );
  }
  const detail = description ? `: ${clip(description)}` : '';
  return new AuthError(
    'provider_error',
    `${providerName} could not complete the sign-in (${clip(code)}${detail}).`,
    {
      cause,
    },
  );
}

/** An OAuth error response from the provider's back channel (RFC 6749 §5.2, RFC 9126 §2.3). */
function fromRefusal(
  step: OAuthStep,
  refusal: { readonly code: string; readonly description: string | undefined },
  status: number,
  providerName: string,
  cause: unknown,
): AuthError {
  const doing = STEP_NAMES[step];
  if (status >= 500) return unavailable(providerName, doing, status, cause);
  if (step === 'refresh' && refusal.code === 'invalid_grant') {
    return new AuthError('session_expired', 'Your session has ended. Please sign in again.', { cause });
  }
  const detail = refusal.description ? `: ${clip(refusal.description)}` : '';
  const hint =
    refusal.code === 'invalid_client'
      ? ' Check clientId, clientAuthentication and clientSecret in the configuration.'
      : '';
  return new AuthError(
    // A refused pushed request is refused sign-in parameters (RFC 9126 §2.3), not a token problem.
    step === 'par' ? 'provider_error' : 'token_request_failed',
    `${providerName} refused ${doing} (${clip(refusal.code)}${detail}, HTTP ${status}).${hint}`,
    { cause },
  );
}

function fromClientError(error: ClientError, doing: string, providerName: string): AuthError {
  const code = error.code ?? '';
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' && failedClaim(error) === 'auth_time') {
    // The request's max_age was not met (OIDC Core §3.1.2.1, RFC 9470 §4): the provider kept an
    // older sign-in instead of asking for a new one.
    return new AuthError(
      'id_token_invalid',
      `${providerName} did not ask you to sign in again: the sign-in it reported is older than ` +
        'the request allowed (max_age). Try again; if this repeats, the provider does not honour ' +
        'max_age for this app.',
      { cause: error },
    );
  }
  if (code.startsWith('OAUTH_JWT')) {
    return new AuthError(
      'id_token_invalid',
      `${providerName} sent an identity token that failed validation.`,
      {
        cause: error,
      },
    );
  }
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
    const httpStatus = error.cause instanceof Response ? error.cause.status : 0;
    if (httpStatus >= 500) return unavailable(providerName, doing, httpStatus, error);
    const status = httpStatus ? ` (HTTP ${httpStatus})` : '';
    return new AuthError(
      'token_request_failed',
      `${providerName} answered with an unexpected response${status} while ${doing}.`,
      { cause: error },
    );
  }
  return new AuthError(
    'provider_error',
    `${providerName} sent a response that could not be used while ${doing}.`,
    {
      cause: error,
    },
  );
}

/** The claim an ID-token check failed on, as oauth4webapi names it under openid-client's error. */
function failedClaim(error: ClientError): unknown {
  const detail: unknown = error.cause instanceof Error ? error.cause.cause : undefined;
  return typeof detail === 'object' && detail !== null && 'claim' in detail ? detail.claim : undefined;
}

/**
 * A 5xx answer means the provider is down or overloaded, not that the request was wrong: like a
 * network failure it is worth retrying, and never a reason to end a session.
 */
function unavailable(providerName: string, doing: string, status: number, cause: unknown): AuthError {
  return new AuthError(
    'provider_unreachable',
    `${providerName} is not available right now (HTTP ${status}) while ${doing}.`,
    { cause },
  );
}

function isTimeout(error: unknown): boolean {
  if (error instanceof ClientError && error.code === 'OAUTH_TIMEOUT') return true;
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function isNetworkFailure(error: TypeError): boolean {
  return error.message === 'fetch failed' || error.cause instanceof Error;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
