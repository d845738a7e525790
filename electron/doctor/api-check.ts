import type { HttpFetch } from '../auth/ports.js';
import { resolveApiUrl } from '../auth/api/api-client.js';
import type { AppConfig } from '../auth/config/config.js';
import { tlsProblemMessage } from '../auth/provider/connection-problem-messages.js';
import { findTlsProblem } from '../auth/provider/tls-problem.js';
import { describeFailure } from './describe-failure.js';
import { type DoctorCheck, doctorCheck, printableUrl } from './doctor-report.js';
import { httpGet } from './doctor-http.js';

const TITLE = 'Protected API';
const BEARER_CHALLENGE = /(?:^|,)\s*(?:bearer|dpop)(?:\s|,|$)/i;

/**
 * The protected API is reachable and asks for a token the way RFC 6750 §3 says, with
 * `401` and a `WWW-Authenticate: Bearer` challenge. The app relies on that challenge to tell an
 * expired token (refresh and retry once) from any other refusal. The request carries no token and
 * goes to the configured `apiRequest.path`, the app's own; it is always a GET, so a probe never
 * changes anything on an API that would take a POST without a token.
 */
export async function checkProtectedApi(config: AppConfig, fetch: HttpFetch): Promise<DoctorCheck> {
  if (config.apiBaseUrl === undefined)
    return doctorCheck('api', TITLE, 'n/a', '"apiBaseUrl" is not configured.');
  const url = resolveApiUrl(config.apiBaseUrl, config.apiRequest.path);
  const shown = printableUrl(url);
  let response: Response;
  try {
    response = await httpGet(fetch, url.href, config.httpTimeoutSeconds);
  } catch (error) {
    const { kind, code, explanation } = describeFailure(error);
    if (kind === 'proxy') {
      return doctorCheck(
        'api',
        TITLE,
        'fail',
        `${shown} could not be reached through the proxy.`,
        explanation,
      );
    }
    const tls = kind === 'tls' ? findTlsProblem(error) : undefined;
    if (tls) {
      // A certificate this computer refuses is not an API that is down: say whose, and the fix.
      const detail = `${shown}: ${tls.reason} (${tls.code}).`;
      return doctorCheck('api', TITLE, 'fail', detail, tlsProblemMessage(tls, `the API at ${url.host}`));
    }
    const why = kind === 'timeout' ? 'no answer in time' : (code ?? kind);
    return doctorCheck(
      'api',
      TITLE,
      'fail',
      `${shown} could not be reached (${why}).`,
      'Start the API, or correct the host and port in "apiBaseUrl".',
    );
  }
  await response.body?.cancel().catch(() => undefined);
  const challenge = response.headers.get('www-authenticate') ?? '';
  const status = response.status;
  if (status === 401 && BEARER_CHALLENGE.test(challenge)) {
    return doctorCheck(
      'api',
      TITLE,
      'ok',
      `${shown} answers 401 with a Bearer challenge when no token is sent.`,
    );
  }
  if (status === 401) {
    return doctorCheck(
      'api',
      TITLE,
      'warn',
      `${shown} answers 401 without a Bearer challenge.`,
      'Have the API send "WWW-Authenticate: Bearer" with its 401s (RFC 6750 §3), so the app can tell an expired token from other refusals.',
    );
  }
  if (status >= 500) {
    return doctorCheck(
      'api',
      TITLE,
      'fail',
      `${shown} failed with HTTP ${status}.`,
      'The API is up but failing; check its logs.',
    );
  }
  if (status === 404) {
    return doctorCheck(
      'api',
      TITLE,
      'warn',
      `${shown} does not exist (HTTP 404).`,
      'Check the path in "apiBaseUrl": the app calls paths below it.',
    );
  }
  return doctorCheck(
    'api',
    TITLE,
    'warn',
    `${shown} answered HTTP ${status} to a request without a token, not 401.`,
    'Make sure this is the protected API and that it requires a Bearer token (RFC 6750 §3).',
  );
}
