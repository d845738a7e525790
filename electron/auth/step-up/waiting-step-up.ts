import { AuthError } from '../errors.js';
import type { StepUpNeeds } from './step-up-needs.js';

/** How a step-up ended: its tokens adopted, or why not. */
export type StepUpOutcome =
  { readonly completed: true } | { readonly completed: false; readonly error: AuthError };

/**
 * The caller of the one step-up in flight (RFC 9470 §4), waiting for its attempt to end, and what
 * its API asked for. The attempt's browser round trip is the sign-in flow's; this only remembers
 * who to tell and what to check the new tokens against.
 */
export class WaitingStepUp {
  #settle: ((outcome: StepUpOutcome) => void) | undefined;
  #needs: StepUpNeeds | undefined;

  /** A new step-up's caller, for `needs`: resolves when {@link take}'s taker settles it. */
  wait(needs: StepUpNeeds): Promise<StepUpOutcome> {
    this.#needs = needs;
    return new Promise((resolve) => (this.#settle = resolve));
  }

  /** What the waiting step-up asked for; undefined once it ended. */
  get needs(): StepUpNeeds | undefined {
    return this.#needs;
  }

  /** Forget the waiting step-up and return how to settle its caller (undefined: none waits). */
  take(): ((outcome: StepUpOutcome) => void) | undefined {
    const settle = this.#settle;
    this.#settle = undefined;
    this.#needs = undefined;
    return settle;
  }
}

/** The outcome of a step-up ended by the user or superseded: nothing changed. */
export function stepUpCancelled(): AuthError {
  return new AuthError('cancelled', 'The request for more access was cancelled. Nothing was changed.');
}
