import { AuthError } from '../electron/auth/errors.js';
import type { Session } from '../electron/auth/session.js';
import type { SessionView } from '../electron/shared/ipc-contract.js';
import { SmokeFailure } from './smoke-report.js';

/** The session's next settled state (signed in, or signed out with a reason). */
export function settled(session: Session): Promise<SessionView> {
  const now = session.view();
  if (now.state === 'signed-in' || now.state === 'signed-out') return Promise.resolve(now);
  return new Promise((resolve) => {
    const stop = session.subscribe((view) => {
      if (view.state === 'signed-in' || view.state === 'signed-out') {
        stop();
        resolve(view);
      }
    });
  });
}

/** The error a settled view carries, as something a step can throw. */
export function viewError(view: SessionView, fallback: string): Error {
  const error = 'error' in view ? view.error : undefined;
  return error ? new AuthError(error.code, error.message) : new SmokeFailure('internal_error', fallback);
}
