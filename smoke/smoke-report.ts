import { isAuthError } from '../electron/auth/errors.js';

/** `n/a`: the provider does not offer what the step needs, or an earlier step failed. */
export type SmokeStatus = 'ok' | 'fail' | 'n/a';

/** One step of a smoke run, as printed and as written to `--json`. */
export interface SmokeStep {
  readonly name: string;
  readonly status: SmokeStatus;
  readonly ms: number;
  readonly code?: string;
  readonly message?: string;
  readonly fix?: string;
}

/** What the run learnt about the provider; null where the run did not get that far. */
export interface ProviderFacts {
  /** The authorization response carried RFC 9207 `iss`. */
  iss: boolean | null;
  /** The request was pushed (RFC 9126). */
  par: boolean | null;
  /** A refresh returned a new refresh token (RFC 9700 §4.14.2). */
  rotation: boolean | null;
  /** Sign-out revoked the refresh token at the provider (RFC 7009). */
  revocation: boolean | null;
  /** A step-up gave the `acr` and `auth_time` the API asked for (RFC 9470 §4). */
  stepUp: boolean | null;
}

export interface SmokeReport {
  readonly ok: boolean;
  readonly steps: readonly SmokeStep[];
  readonly provider: ProviderFacts;
}

/** A step failed for a reason of the smoke run's own (a login timeout, an API refusal). */
export class SmokeFailure extends Error {
  override readonly name = 'SmokeFailure';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a step reports when it did not throw. A returned `fail` is a failure the run goes on past,
 * because what the next steps need is still there (a refresh token the keychain could not keep
 * still lives in memory, as in the app); it carries its own code and fix.
 */
export type StepOutcome =
  | { readonly status?: 'ok' | 'n/a'; readonly message: string }
  | { readonly status: 'fail'; readonly code: string; readonly message: string; readonly fix: string };

/**
 * Runs the steps in order and times each. After a thrown failure the remaining steps are
 * reported as `n/a` ("not run"), since each needs what the one before produced; after a returned
 * `fail` they run on.
 */
export class StepRunner {
  readonly steps: SmokeStep[] = [];
  #stopped = false;

  constructor(private readonly progress: (line: string) => void = () => undefined) {}

  async step(name: string, action: () => Promise<StepOutcome>): Promise<boolean> {
    if (this.#stopped) {
      this.steps.push({ name, status: 'n/a', ms: 0, message: 'Not run: an earlier step failed.' });
      return false;
    }
    this.progress(`smoke: ${name}…`);
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      const { status = 'ok', ...said } = await action();
      this.steps.push({ name, status, ms: ms(), ...said });
      return status !== 'n/a';
    } catch (error) {
      this.#stopped = true;
      this.steps.push({ name, status: 'fail', ms: ms(), ...describeFailure(error) });
      return false;
    }
  }
}

/** A failure's code and sentence; messages of unknown errors are not trusted to be secret-free. */
function describeFailure(error: unknown): { code: string; message: string } {
  if (isAuthError(error) || error instanceof SmokeFailure)
    return { code: error.code, message: error.message };
  return { code: 'internal_error', message: `Unexpected ${error instanceof Error ? error.name : 'error'}.` };
}
