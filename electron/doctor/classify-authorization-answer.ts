import { isAuthError } from '../auth/errors.js';
import type { AppConfig } from '../auth/config/config.js';
import { explainAuthorizationError } from './authorization-error-words.js';
import { describeFailure, likelyCause } from './describe-failure.js';
import { type DoctorCheck, doctorCheck, printableText, printableUrl } from './doctor-report.js';
import type { RedirectTarget } from './redirect-checks.js';

/**
 * The answer to a browser-style GET of the authorization URL, without following redirects. A
 * redirect back to the redirect URI proves the URI is registered (RFC 6749 §4.1.2.1: errors go
 * there only then); a redirect elsewhere or a page is the provider's sign-in; a 4xx page is the
 * refusal a provider must show when the client or redirect URI is wrong (§4.1.2.1, §3.1.2.4).
 */
export async function classifyAuthorizationAnswer(
  target: RedirectTarget,
  config: AppConfig,
  response: Response,
  requestUrl: URL,
): Promise<DoctorCheck> {
  const { id, title } = target;
  const shown = shownUri(target);
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location !== null) {
    const next = new URL(location, requestUrl);
    if (printableUrl(next) !== printableUrl(target.redirectUri)) {
      return doctorCheck(id, title, 'ok', `${shown} accepted: the provider continues to its sign-in page.`);
    }
    const params = new URLSearchParams(next.search || next.hash.slice(1));
    const error = params.get('error');
    if (error === null)
      return doctorCheck(id, title, 'ok', `${shown} accepted: the provider redirected straight back.`);
    return providerErrorCheck(target, error, params.get('error_description'));
  }
  if (response.status >= 200 && response.status < 300) {
    return doctorCheck(id, title, 'ok', `${shown} accepted: the provider shows its sign-in page.`);
  }
  if (response.status >= 500) {
    return doctorCheck(
      id,
      title,
      'fail',
      `The authorization endpoint failed with HTTP ${response.status}.`,
      'The provider is down or misconfigured; try again later.',
    );
  }
  const hint = codeMentioned((await response.text()).slice(0, 20_000));
  return refusal(target, config, `HTTP ${response.status}${hint ? `, ${hint}` : ''}`);
}

/**
 * A request that never reached the browser step: the PAR endpoint's JSON error (RFC 9126 §2.3)
 * decides, or the endpoint could not be reached at all.
 */
export function classifyRequestFailure(
  target: RedirectTarget,
  config: AppConfig,
  error: unknown,
  step: 'pushed' | 'authorization',
): DoctorCheck {
  const { id, title } = target;
  const where = step === 'pushed' ? 'PAR endpoint' : 'authorization endpoint';
  const cause = describeFailure(error);
  if (cause.oauthError !== undefined) {
    const description = cause.oauthDescription ?? '';
    if (
      cause.oauthError === 'invalid_client' ||
      cause.oauthError === 'invalid_redirect_uri' ||
      /redirect_uri/i.test(description)
    ) {
      return refusal(
        target,
        config,
        `${cause.oauthError}${description ? `: ${printableText(description)}` : ''}`,
      );
    }
    return providerErrorCheck(target, cause.oauthError, cause.oauthDescription);
  }
  if (isAuthError(error) && error.cause === undefined) {
    return doctorCheck(id, title, 'n/a', `Not tried: ${error.message}`);
  }
  return doctorCheck(
    id,
    title,
    'fail',
    `The ${where} could not be used.`,
    likelyCause(cause, config.httpTimeoutSeconds),
  );
}

function refusal(target: RedirectTarget, config: AppConfig, reason: string): DoctorCheck {
  const port =
    target.configuredUri === undefined
      ? ''
      : ' (registered without a port: the provider must accept any loopback port, RFC 8252 §7.3)';
  const register = `register this exact redirect URI for client "${config.clientId}" at the provider: ${target.configuredUri ?? target.redirectUri}${port}`;
  const client = `check that "clientId" ("${config.clientId}") is the client registered for this app`;
  // invalid_client: the provider does not know the client (or its credentials), so say that first.
  const fix = /invalid_client/.test(reason)
    ? `The provider does not recognise client "${config.clientId}": ${client} (and "clientAuthentication"); then ${register}.`
    : `${capitalize(register)}; and ${client}.`;
  return doctorCheck(target.id, target.title, 'fail', `Refused ${shownUri(target)} (${reason}).`, fix);
}

function providerErrorCheck(
  target: RedirectTarget,
  error: string,
  description: string | null | undefined,
): DoctorCheck {
  const [meaning, fix] = explainAuthorizationError(error);
  const said = description ? ` ("${printableText(description)}")` : '';
  return doctorCheck(
    target.id,
    target.title,
    'fail',
    `${shownUri(target)} is accepted, but sign-in fails: ${meaning} (${printableText(error)})${said}.`,
    fix,
  );
}

function shownUri(target: RedirectTarget): string {
  const picked = target.configuredUri === undefined ? '' : ' (port picked for this check)';
  return `${printableUrl(target.redirectUri)}${picked}`;
}

/** An OAuth error code named on a provider's error page, if any; never the page itself. */
function codeMentioned(page: string): string | undefined {
  const codes = [
    'invalid_redirect_uri',
    'redirect_uri',
    'invalid_client',
    'unauthorized_client',
    'invalid_request',
  ];
  const found = codes.find((code) => page.includes(code));
  return found === undefined ? undefined : `the page mentions ${found}`;
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
