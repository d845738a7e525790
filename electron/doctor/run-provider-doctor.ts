import type { HttpFetch } from '../auth/ports.js';
import type { AppConfig } from '../auth/config/config.js';
import { checkProtectedApi } from './api-check.js';
import {
  checkClientAuthentication,
  checkDpop,
  checkIssParameter,
  checkPkce,
  checkPushedAuthorization,
} from './capability-checks.js';
import { type DoctorCheck, type DoctorReport, doctorCheck, toDoctorReport } from './doctor-report.js';
import { platformFetch } from './doctor-http.js';
import { resolveProvider } from './metadata-checks.js';
import { checkRedirects, redirectTargets } from './redirect-checks.js';
import { checkResourceMetadata } from './resource-metadata-check.js';
import { checkRefreshToken, checkScopes } from './scope-checks.js';
import { checkEndSession, checkRevocation } from './sign-out-checks.js';

export interface ProviderDoctorOptions {
  /** Every request goes through it: the provider's, the authorization probe's and the API's. */
  readonly fetch?: HttpFetch;
}

/** The checks that need provider metadata, in table order, for the "unavailable" rows. */
const NEEDS_METADATA: ReadonlyArray<readonly [string, string]> = [
  ['issuer', 'Issuer'],
  ['pkce', 'PKCE S256'],
  ['client-auth', 'Client authentication'],
  ['scopes', 'Scopes'],
  ['refresh-token', 'Refresh token'],
  ['par', 'Pushed authorization requests'],
  ['iss-parameter', 'Response iss (RFC 9207)'],
  ['dpop', 'DPoP (RFC 9449)'],
  ['revocation', 'Revocation (RFC 7009)'],
  ['end-session', 'End provider session'],
];

/**
 * Check the configured provider against what this app needs, live and without signing in:
 * metadata (RFC 8414), issuer, PKCE (RFC 7636), client authentication, scopes and refresh tokens,
 * redirect URIs (RFC 8252 §7, by a real authorization request), PAR (RFC 9126), RFC 9207 `iss`,
 * DPoP (RFC 9449), revocation (RFC 7009), RP-initiated logout, the protected API (RFC 6750 §3) and its metadata (RFC 9728).
 * Each problem comes with the change that fixes it; nothing secret is ever put in the report.
 */
export async function runProviderDoctor(
  config: AppConfig,
  options: ProviderDoctorOptions = {},
): Promise<DoctorReport> {
  const fetch = options.fetch ?? platformFetch;
  const provider = await resolveProvider(config, fetch);
  const api = await Promise.all([checkProtectedApi(config, fetch), checkResourceMetadata(config, fetch)]);
  if (!provider.found) {
    const reported = new Set(provider.checks.map((check) => check.id));
    const redirects = redirectTargets(config).map(({ id, title }) => [id, title] as const);
    const missing = [...NEEDS_METADATA.slice(0, 5), ...redirects, ...NEEDS_METADATA.slice(5)].filter(
      ([id]) => !reported.has(id),
    );
    const unavailable = missing.map(([id, title]) =>
      doctorCheck(id, title, 'n/a', 'Not checked: provider metadata unavailable.'),
    );
    return toDoctorReport([...provider.checks, ...unavailable, ...api]);
  }
  const metadata = provider.configuration.serverMetadata();
  const checks: DoctorCheck[] = [
    ...provider.checks,
    checkPkce(metadata),
    checkClientAuthentication(config, metadata),
    checkScopes(config, metadata),
    checkRefreshToken(config, metadata),
    ...(await checkRedirects(config, provider.configuration, fetch)),
    checkPushedAuthorization(config, metadata),
    checkIssParameter(metadata),
    checkDpop(metadata, config),
    checkRevocation(metadata),
    checkEndSession(config, metadata),
    ...api,
  ];
  return toDoctorReport(checks);
}
