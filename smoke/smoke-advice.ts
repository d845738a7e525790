import type { DoctorReport } from '../electron/doctor/doctor-report.js';
import type { SmokeStep } from './smoke-report.js';

/** The doctor checks that bear on each step, so a failure can carry the doctor's own fix. */
const RELATED_CHECKS: Readonly<Record<string, readonly string[]>> = {
  // A proxy or certificate problem comes first: it kept the request from the provider.
  'provider metadata': ['proxy', 'tls', 'metadata', 'issuer'],
  'authorization request': ['redirect-scheme', 'redirect-loopback', 'client-auth', 'pkce', 'par', 'dpop'],
  'browser login': ['redirect-scheme', 'redirect-loopback'],
  'code exchange': ['client-auth', 'issuer', 'iss-parameter', 'dpop'],
  'API call': ['proxy', 'tls', 'api', 'dpop'],
  'step-up': ['api', 'resource-metadata'],
  refresh: ['refresh-token', 'dpop'],
  'sign-out': ['revocation', 'end-session'],
};

/** Advice by error code when the doctor has nothing specific to say. */
const BY_CODE: Readonly<Record<string, string>> = {
  provider_unreachable:
    'Check that "issuer" is right and the provider is up and reachable from this machine.',
  login_timeout:
    'Check the login steps (selectors, SMOKE_USERNAME / SMOKE_PASSWORD); run with --headful or --screenshots <dir> to see the page.',
  api_unauthorized:
    'The API refused the token: check that it trusts this issuer and that "scopes" / "authorizationParams" (audience, resource) name the API.',
  api_unreachable: 'Check "apiBaseUrl" and that the API is up.',
  keychain_unavailable: 'Unlock the system keychain (on Linux, a running and unlocked Secret Service).',
  session_expired:
    'The provider refused the refresh token: check refresh-token rotation and lifetime settings for this client.',
  refresh_token_missing:
    'Ask for a refresh token: "offline_access" in "scopes" (or the provider\'s own parameter, e.g. Google\'s access_type=offline).',
};

/**
 * Give each failed step a concrete fix: its own when it brought one (it knows what happened, e.g.
 * a locked keyring), else the doctor's fixes for the checks related to that step when it found
 * problems there, else advice for the error code.
 */
export function withFixes(steps: readonly SmokeStep[], doctor: DoctorReport | undefined): SmokeStep[] {
  return steps.map((step) => {
    if (step.status !== 'fail' || step.fix !== undefined) return step;
    const related = new Set(RELATED_CHECKS[step.name] ?? []);
    const fixes = (doctor?.checks ?? [])
      .filter((check) => related.has(check.id) && check.status === 'fail' && check.fix !== undefined)
      .map((check) => check.fix as string);
    const fix =
      fixes.length > 0
        ? fixes.join(' ')
        : (BY_CODE[step.code ?? ''] ??
          'Run `npm run doctor` to check this configuration against the provider.');
    return { ...step, fix };
  });
}
