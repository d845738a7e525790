import type { ServerMetadata } from 'openid-client';
import type { AppConfig } from '../auth/config/config.js';
import { type DoctorCheck, doctorCheck, printableUrl } from './doctor-report.js';

/** Token revocation (RFC 7009 §2), which sign-out uses to end the refresh token. */
export function checkRevocation(metadata: ServerMetadata): DoctorCheck {
  const title = 'Revocation (RFC 7009)';
  const endpoint = metadata.revocation_endpoint;
  if (endpoint !== undefined) {
    return doctorCheck(
      'revocation',
      title,
      'ok',
      `${printableUrl(endpoint)}; sign-out revokes the refresh token.`,
    );
  }
  return doctorCheck(
    'revocation',
    title,
    'warn',
    'Not advertised: sign-out cannot revoke the refresh token, only delete it from the keychain.',
    'Enable token revocation at the provider; if it has an endpoint it does not advertise, configure "endpoints" by hand with "revocation".',
  );
}

/** RP-Initiated Logout (OpenID Connect RP-Initiated Logout 1.0 §2), when configured. */
export function checkEndSession(config: AppConfig, metadata: ServerMetadata): DoctorCheck {
  const title = 'End provider session';
  const endpoint = metadata.end_session_endpoint;
  if (!config.endProviderSession) {
    return doctorCheck(
      'end-session',
      title,
      'n/a',
      '"endProviderSession" is false; sign-out stays in the app.',
    );
  }
  if (endpoint === undefined) {
    return doctorCheck(
      'end-session',
      title,
      'fail',
      '"endProviderSession" is true, but the provider advertises no end_session_endpoint.',
      'Set "endProviderSession" to false, or enable RP-Initiated Logout at the provider (or configure "endpoints.endSession").',
    );
  }
  return doctorCheck(
    'end-session',
    title,
    'ok',
    `${printableUrl(endpoint)}; sign-out also ends the provider session.`,
  );
}
