import type { OpenRedirect } from './ports.js';
import type { SessionView, UserView } from '../shared/ipc-contract.js';
import { type AuthError, toErrorView } from './errors.js';
import type { PendingAuthorization } from './sign-in/pending-authorizations.js';
import type { TokenSet, UserClaims } from './tokens/token-set.js';

/** The session as main holds it: the same states the renderer sees, plus the secrets. */
export type SessionState =
  | {
      readonly state: 'signed-out';
      readonly error?: AuthError | undefined;
      /** Whose session just ended, so the window can offer to sign them in again. */
      readonly previousUser?: UserClaims | undefined;
    }
  | { readonly state: 'restoring' }
  | {
      readonly state: 'awaiting-browser';
      readonly pending: PendingAuthorization;
      readonly redirect: OpenRedirect;
      readonly error?: AuthError | undefined;
    }
  | { readonly state: 'exchanging' }
  | {
      readonly state: 'signed-in';
      readonly tokens: TokenSet;
      /** A step-up authorization waiting for the browser (RFC 9470 §4); the tokens stay in use. */
      readonly stepUp?: PendingStepUp | undefined;
      readonly error?: AuthError | undefined;
    };

/** A step-up's attempt: like `awaiting-browser`, inside a signed-in session. */
export interface PendingStepUp {
  readonly pending: PendingAuthorization;
  readonly redirect: OpenRedirect;
  readonly kind: 'scope' | 'authentication';
}

/**
 * Project the internal state onto what the renderer may know. This is the only function that
 * builds a {@link SessionView}, so it is the one place to audit for "no token crosses to the
 * renderer" (RFC 8252 §8.5, DESIGN §3).
 */
export function toSessionView(session: SessionState, issuer: string): SessionView {
  switch (session.state) {
    case 'signed-out':
      return {
        state: 'signed-out',
        ...(session.error ? { error: toErrorView(session.error) } : {}),
        ...(session.previousUser ? { previousUser: toUserView(session.previousUser) } : {}),
      };
    case 'restoring':
    case 'exchanging':
      return { state: session.state };
    case 'awaiting-browser':
      return {
        state: 'awaiting-browser',
        expiresAt: session.pending.expiresAt,
        redirect: session.redirect.mode,
        ...(session.error ? { error: toErrorView(session.error) } : {}),
      };
    case 'signed-in': {
      const { user, scopes, accessTokenExpiresAt } = session.tokens;
      return {
        state: 'signed-in',
        ...(user ? { user: toUserView(user) } : {}),
        issuer,
        scopes: [...scopes],
        accessTokenExpiresAt,
        ...(session.stepUp
          ? {
              stepUp: {
                expiresAt: session.stepUp.pending.expiresAt,
                redirect: session.stepUp.redirect.mode,
                kind: session.stepUp.kind,
              },
            }
          : {}),
        ...(session.error ? { error: toErrorView(session.error) } : {}),
      };
    }
  }
}

/** Who, as the renderer may know it: names and subject, from validated claims. */
function toUserView(user: UserClaims): UserView {
  return {
    subject: user.sub,
    ...(user.name === undefined ? {} : { name: user.name }),
    ...(user.email === undefined ? {} : { email: user.email }),
  };
}
