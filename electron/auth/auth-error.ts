import type { ErrorCode, ErrorView } from '../shared/ipc-contract.js';

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
export function asAuthError(error: unknown, code: AuthError['code']): AuthError {
  if (isAuthError(error)) return error;
  return new AuthError(code, 'Something went wrong. Please try again.', { cause: error });
}
