import type { ServerMetadata } from 'openid-client';
import type { AppConfig } from '../auth/config/config.js';
import { type DoctorCheck, doctorCheck } from './doctor-report.js';

const OFFLINE = 'offline_access';

/**
 * First half of the scope check: every requested scope is one the provider advertises (RFC 8414 §2
 * `scopes_supported`, RFC 6749 §3.3). Providers may accept unadvertised scopes, so this only warns.
 */
export function checkScopes(config: AppConfig, metadata: ServerMetadata): DoctorCheck {
  const supported = metadata.scopes_supported;
  const requested = config.scopes.join(' ');
  if (supported === undefined) {
    return doctorCheck(
      'scopes',
      'Scopes',
      'n/a',
      `Requests "${requested}"; scopes_supported is not advertised.`,
    );
  }
  const unknown = config.scopes.filter((scope) => !supported.includes(scope));
  if (unknown.length === 0) return doctorCheck('scopes', 'Scopes', 'ok', `All advertised: ${requested}.`);
  return doctorCheck(
    'scopes',
    'Scopes',
    'warn',
    `Not advertised: ${unknown.join(', ')}.`,
    `Check the exact names of ${unknown.join(', ')} with the provider, or remove them from "scopes"; some providers silently drop unknown scopes.`,
  );
}

/**
 * Second half of the scope check: whether a refresh token can be expected, so the app can restore a
 * session at start (RFC 6749 §1.5). OpenID providers issue one for `offline_access` (OIDC Core
 * §11), and only when they offer the `refresh_token` grant (RFC 8414 §2 `grant_types_supported`).
 */
export function checkRefreshToken(config: AppConfig, metadata: ServerMetadata): DoctorCheck {
  const title = 'Refresh token';
  const grant = metadata.grant_types_supported?.includes('refresh_token');
  const requested = config.scopes.includes(OFFLINE);
  const offlineAdvertised = metadata.scopes_supported?.includes(OFFLINE);
  if (grant === false) {
    return doctorCheck(
      'refresh-token',
      title,
      'warn',
      'Not expected: grant_types_supported leaves out refresh_token; users sign in again at every start.',
      'Enable the refresh_token grant for this client at the provider.',
    );
  }
  const grantNote = grant === true ? 'the refresh_token grant is offered' : 'grant_types_supported is silent';
  if (requested && offlineAdvertised === false) {
    return doctorCheck(
      'refresh-token',
      title,
      'warn',
      `"${OFFLINE}" is requested but not advertised; ${grantNote}.`,
      `Find out how this provider issues refresh tokens (often a client setting) and drop "${OFFLINE}" if it is unknown.`,
    );
  }
  if (requested) {
    return doctorCheck('refresh-token', title, 'ok', `Expected: "${OFFLINE}" is requested and ${grantNote}.`);
  }
  if (offlineAdvertised === true) {
    return doctorCheck(
      'refresh-token',
      title,
      'warn',
      `Probably none: "${OFFLINE}" is advertised but not requested.`,
      `Add "${OFFLINE}" to "scopes" so the session survives a restart (OIDC Core §11).`,
    );
  }
  return doctorCheck(
    'refresh-token',
    title,
    grant === true ? 'ok' : 'warn',
    `Up to the provider's client settings: ${grantNote} and "${OFFLINE}" is not used.`,
    grant === true ? undefined : 'Confirm with the provider that this client is issued refresh tokens.',
  );
}
