import { join } from 'node:path';
import { resolveApiUrl } from '../electron/auth/api/api-client.js';
import { isAuthError } from '../electron/auth/errors.js';
import type { RedirectOutcome } from '../electron/auth/ports.js';
import type { ApiAskView, ApiResponseView } from '../electron/shared/ipc-contract.js';
import { deliverSchemeRedirect } from './deliver-redirect.js';
import { redirectMatcher } from './flow-targets.js';
import type { FlowContext } from './flow-context.js';
import { LATE, settleWithin } from './settle-within.js';
import { SmokeFailure, type StepOutcome } from './smoke-report.js';
import { loginInBrowser } from './smoke-login.js';

type AuthenticationAsk = ApiAskView & { readonly kind: 'authentication' };

const FIX_REFUSED =
  'The provider did not sign in as the API asked. Enable that authentication level (a second ' +
  'factor, a fresh login) for this client at the provider, or ask the API owners which acr ' +
  'values and max_age it expects.';
const FIX_LOGIN =
  "Give the provider's second-factor pages with --step-up-login <steps.json> (performed after " +
  'the login steps; "oneTimeCode" reads SMOKE_ONE_TIME_CODE), or run with --headful to see them.';
const FIX_DOCTOR = 'Run `npm run doctor` to check this configuration against the provider.';
/** The fix for each of the smoke run's own failures in this step. */
const SMOKE_FIXES: Readonly<Record<string, string>> = {
  login_timeout: FIX_LOGIN,
  login_steps_invalid: FIX_LOGIN,
  step_up_timeout:
    'The provider took the redirect but the code exchange or the API call again did not finish: ' +
    'run `npm run doctor`, and check that the token endpoint and the API answer.',
  callback_invalid:
    'The app refused the redirect, as the window would say: check "redirectUri" and the issuer.',
};

/**
 * Whether the provider honours `acr_values` and `max_age` (RFC 9470 §4, OIDC Core §3.1.2.1) when
 * the configured API asks for them. Each configured GET action is called; the first one that
 * answers `insufficient_user_authentication` gets the app's own step-up (a new authorization in
 * the browser, the redirect, the session's checks of `acr` and `auth_time`) and is called again.
 * Other methods are not tried, so a smoke run changes no data. `n/a` when nothing asks.
 */
export async function proveStepUp(context: FlowContext): Promise<StepOutcome> {
  const { config, session } = context;
  if (config.apiBaseUrl === undefined) return { status: 'n/a', message: 'No API configured.' };
  const base = config.apiBaseUrl;
  const where = ({ method, path }: { method: string; path: string }) =>
    `${method} ${resolveApiUrl(base, path).pathname}`;
  const untried = config.apiActions.filter((action) => action.method !== 'GET').map(where);
  const spared = untried.length > 0 ? ` Not tried, to change no data: ${untried.join(', ')}.` : '';

  let ask: AuthenticationAsk | undefined;
  for (const action of config.apiActions.filter((each) => each.method === 'GET')) {
    const answer = await session.callApi({ method: action.method, path: action.path });
    if (answer.ask?.kind === 'authentication') {
      ask = answer.ask as AuthenticationAsk;
      break;
    }
  }
  if (!ask) {
    return {
      status: 'n/a',
      message: `No configured GET request asks for a stronger or more recent sign-in (RFC 9470).${spared}`,
    };
  }
  const asked = describeAsk(ask);
  const request = where(ask.request);
  try {
    const answer = await stepUpInBrowser(context, ask);
    if (answer.status >= 200 && answer.status < 300) {
      context.facts.stepUp = true;
      return { message: `${request} asked for ${asked}; after the step-up it answered ${answer.status}.` };
    }
    context.facts.stepUp = false;
    return {
      status: 'fail',
      code: 'step_up_failed',
      message: `${request} asked for ${asked}; after the step-up it still answered ${answer.status}.`,
      fix: FIX_REFUSED,
    };
  } catch (error) {
    if (session.view().state === 'signed-in') session.cancel();
    if (error instanceof SmokeFailure) {
      return {
        status: 'fail',
        code: error.code,
        message: `${request} asked for ${asked}. ${error.message}`,
        fix: SMOKE_FIXES[error.code] ?? FIX_DOCTOR,
      };
    }
    if (!isAuthError(error)) throw error;
    if (error.code === 'step_up_failed') context.facts.stepUp = false;
    return {
      status: 'fail',
      code: error.code,
      message: `${request} asked for ${asked}. ${error.message}`,
      fix: FIX_REFUSED,
    };
  }
}

/** Continue in browser, as the window's button does: log in, second factor, redirect, the retried call. */
async function stepUpInBrowser(context: FlowContext, ask: AuthenticationAsk): Promise<ApiResponseView> {
  const opened = context.nextOpened();
  const answer = context.session.stepUp(ask.id);
  // A step-up that fails before it opens the browser (a PAR refusal) ends the race with its error.
  const authorizationUrl = await Promise.race([
    opened,
    answer.then(() => {
      throw new SmokeFailure('browser_launch_failed', 'The step-up ended without opening the browser.');
    }),
  ]);
  const { screenshotsDir } = context;
  const login = await loginInBrowser({
    ...context,
    // Beside, never over, the first login's pictures.
    screenshotsDir: screenshotsDir === undefined ? undefined : join(screenshotsDir, 'step-up'),
    authorizationUrl,
    loginSteps: [...context.loginSteps, ...context.stepUpSteps],
    isRedirect: redirectMatcher(context),
  });
  try {
    // A loopback listener has the redirect already (the browser went there); a scheme needs the OS.
    const delivered =
      context.redirect === 'scheme'
        ? deliverSchemeRedirect(context.config, context.session, login.callbackUrl).outcome.then((outcome) =>
            refused(context, outcome),
          )
        : Promise.resolve();
    // The redirect is in: the exchange and the retried call must not wait for the attempt's expiry.
    const finished = Promise.all([delivered, answer]);
    try {
      const [, response] = await within(finished, context.loginTimeoutSeconds);
      return response;
    } catch (error) {
      // Let the exchange end (its own HTTP timeout bounds it) before the next step judges the session.
      context.session.cancel();
      await within(finished, context.config.httpTimeoutSeconds).catch(() => undefined);
      throw error;
    }
  } finally {
    await login.page.close().catch(() => undefined);
  }
}

/** Throws when the app would not take the redirect (stale, forged), as its window would say. */
function refused(context: FlowContext, outcome: RedirectOutcome): void {
  if (outcome !== 'ignored' && outcome !== 'rejected') return;
  const view = context.session.view();
  const said = 'error' in view && view.error ? ` (${view.error.message})` : '';
  throw new SmokeFailure('callback_invalid', `The app ${outcome} the step-up's redirect${said}.`);
}

/** The step-up's outcome, or a step-up timeout after `seconds`. */
async function within<T>(promise: Promise<T>, seconds: number): Promise<T> {
  const outcome = await settleWithin(promise, seconds * 1000);
  if (outcome === LATE) {
    throw new SmokeFailure(
      'step_up_timeout',
      `The step-up did not finish within ${seconds} s of the redirect.`,
    );
  }
  return outcome;
}

/** "acr_values urn:example:mfa and max_age 300 s", as the API asked. */
function describeAsk(ask: AuthenticationAsk): string {
  const parts = [
    ...(ask.acrValues.length > 0 ? [`acr_values ${ask.acrValues.join(' ')}`] : []),
    ...(ask.maxAge === undefined ? [] : [`max_age ${ask.maxAge} s`]),
  ];
  return parts.length > 0 ? parts.join(' and ') : 'a new sign-in';
}
