import type { ServerMetadata } from 'openid-client';
import type { AppConfig } from '../auth/config/config.js';
import { DPOP_ALGORITHM } from '../auth/dpop/dpop-key.js';
import { type DoctorCheck, doctorCheck } from './doctor-report.js';

/**
 * PKCE with S256 (RFC 7636 §4.2, RFC 9700 §2.1.1). The app always sends S256 and
 * refuses a provider that advertises only other methods; one that says nothing may still accept it.
 */
export function checkPkce(metadata: ServerMetadata): DoctorCheck {
  const title = 'PKCE S256';
  const methods = metadata.code_challenge_methods_supported;
  if (methods === undefined) {
    return doctorCheck(
      'pkce',
      title,
      'warn',
      'code_challenge_methods_supported is not advertised; PKCE may still work.',
      'Make sure PKCE with S256 is enabled for this client at the provider (RFC 7636 §4.2); the app always sends it.',
    );
  }
  if (methods.includes('S256')) return doctorCheck('pkce', title, 'ok', 'S256 is advertised.');
  return doctorCheck(
    'pkce',
    title,
    'fail',
    `Advertises only ${methods.join(', ') || 'no method'}; the app sends only S256 and will refuse to sign in.`,
    'Enable PKCE with S256 at the provider; "plain" protects nothing (RFC 9700 §2.1.1).',
  );
}

/** The configured token endpoint authentication is one the provider accepts (RFC 8414 §2). */
export function checkClientAuthentication(config: AppConfig, metadata: ServerMetadata): DoctorCheck {
  const title = 'Client authentication';
  const method = config.clientAuthentication;
  const supported = metadata.token_endpoint_auth_methods_supported;
  if (supported === undefined) {
    return doctorCheck(
      'client-auth',
      title,
      'n/a',
      `"${method}" configured; the provider does not advertise its methods.`,
    );
  }
  if (supported.includes(method)) return doctorCheck('client-auth', title, 'ok', `"${method}" is supported.`);
  const usable = ['none', 'client_secret_basic', 'client_secret_post'].filter((name) =>
    supported.includes(name),
  );
  return doctorCheck(
    'client-auth',
    title,
    'fail',
    `"${method}" is not among ${supported.join(', ')}.`,
    usable.length > 0
      ? `Set "clientAuthentication" to ${usable.map((name) => `"${name}"`).join(' or ')} (with "clientSecret" unless "none"), as registered for this client.`
      : 'The provider supports none of the methods this app offers (none, client_secret_basic, client_secret_post).',
  );
}

/** Pushed Authorization Requests (RFC 9126): offered (§5), required (§5), or not offered. */
export function checkPushedAuthorization(config: AppConfig, metadata: ServerMetadata): DoctorCheck {
  const title = 'Pushed authorization requests';
  const offered = metadata.pushed_authorization_request_endpoint !== undefined;
  const auto = config.pushedAuthorizationRequests === 'auto';
  if (metadata.require_pushed_authorization_requests === true) {
    if (!offered) {
      return doctorCheck(
        'par',
        title,
        'fail',
        'Required by the provider, but it names no PAR endpoint.',
        'Ask the provider for its pushed_authorization_request_endpoint, or turn off "require PAR" for this client.',
      );
    }
    return auto
      ? doctorCheck('par', title, 'ok', 'Required by the provider; the app pushes every request.')
      : doctorCheck(
          'par',
          title,
          'fail',
          'Required by the provider, but "pushedAuthorizationRequests" is "never".',
          'Set "pushedAuthorizationRequests" to "auto".',
        );
  }
  if (!offered)
    return doctorCheck('par', title, 'n/a', 'Not offered; the request travels in the browser URL.');
  if (auto) {
    return doctorCheck(
      'par',
      title,
      'ok',
      'Offered; the browser URL carries only client_id and request_uri.',
    );
  }
  return doctorCheck(
    'par',
    title,
    'warn',
    'Offered, but "pushedAuthorizationRequests" is "never": the request travels in the browser URL.',
    'Set "pushedAuthorizationRequests" to "auto" unless the provider\'s PAR endpoint misbehaves.',
  );
}

/** RFC 9207 `iss` in the authorization response, the defence against mix-up (RFC 9700 §4.4). */
export function checkIssParameter(metadata: ServerMetadata): DoctorCheck {
  const title = 'Response iss (RFC 9207)';
  if (metadata.authorization_response_iss_parameter_supported === true) {
    return doctorCheck('iss-parameter', title, 'ok', 'Advertised; the app checks iss on every response.');
  }
  return doctorCheck(
    'iss-parameter',
    title,
    'warn',
    'Not advertised: mix-up protection (RFC 9700 §4.4) then relies on a separate redirect URI per provider.',
    'Use redirect URIs that no other provider of this app uses, or enable RFC 9207 at the provider.',
  );
}

/**
 * Sender-constrained tokens with DPoP (RFC 9449 §5.1). Informational unless the
 * configuration turns DPoP on, in which case the provider must offer it with the app's ES256.
 */
export function checkDpop(metadata: ServerMetadata, config: AppConfig): DoctorCheck {
  const title = 'DPoP (RFC 9449)';
  const algorithms = metadata.dpop_signing_alg_values_supported ?? [];
  if (config.dpop && !algorithms.includes(DPOP_ALGORITHM)) {
    return doctorCheck(
      'dpop',
      title,
      'fail',
      algorithms.length === 0
        ? '"dpop" is on, but the provider does not offer DPoP.'
        : `"dpop" is on, but the provider offers DPoP only with ${algorithms.join(', ')}.`,
      `Enable DPoP with ${DPOP_ALGORITHM} for this client at the provider, or set "dpop" to false.`,
    );
  }
  if (algorithms.length === 0)
    return doctorCheck('dpop', title, 'n/a', 'Not offered; access tokens are Bearer tokens.');
  const use = config.dpop
    ? "tokens are bound to the app's key"
    : 'not used: set "dpop" to true to bind tokens';
  return doctorCheck('dpop', title, 'ok', `Offered (${algorithms.join(', ')}); ${use}.`);
}
