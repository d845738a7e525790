import type { HttpFetch } from '../auth/ports.js';
import type * as oidc from 'openid-client';
import { buildAuthorizationRequestUrl } from '../auth/sign-in/authorization-request.js';
import type { AppConfig } from '../auth/config/config.js';
import { createPendingAuthorization } from '../auth/sign-in/pending-authorizations.js';
import { classifyAuthorizationAnswer, classifyRequestFailure } from './classify-authorization-answer.js';
import { type DoctorCheck, doctorCheck } from './doctor-report.js';
import { httpGet } from './doctor-http.js';

/** One redirect URI the app may send, and how the doctor names its check. */
export interface RedirectTarget {
  readonly id: string;
  readonly title: string;
  readonly redirectUri: string;
  /** The loopback URI exactly as configured, when a port had to be filled in. */
  readonly configuredUri?: string;
}

/**
 * Is each redirect URI the app may use accepted? A real authorization request is built
 * exactly as sign-in builds it (PKCE, state, nonce, PAR when offered) and sent without following
 * redirects; the provider's answer says whether the URI is registered (RFC 6749 §3.1.2.4, §4.1.2.1,
 * RFC 9126 §2.3). No one signs in, so the attempt simply expires at the provider.
 */
export async function checkRedirects(
  config: AppConfig,
  configuration: oidc.Configuration,
  fetch: HttpFetch,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const target of redirectTargets(config))
    checks.push(await checkRedirect(target, config, configuration, fetch));
  return checks;
}

/**
 * The redirect URIs in use: the private-use scheme unless loopback-only (RFC 8252 §7.1), the
 * loopback one unless scheme-only (§7.3), with a concrete port when none is configured, because
 * the app sends one and the provider must accept any (§7.3).
 */
export function redirectTargets(config: AppConfig, port = ephemeralPort()): RedirectTarget[] {
  const targets: RedirectTarget[] = [];
  if (config.redirect !== 'loopback' && config.redirectUri !== undefined) {
    targets.push({ id: 'redirect-scheme', title: 'Redirect URI (scheme)', redirectUri: config.redirectUri });
  }
  if (config.redirect !== 'scheme') {
    const loopback = new URL(config.loopbackRedirectUri);
    const title = 'Redirect URI (loopback)';
    if (loopback.port !== '') {
      targets.push({ id: 'redirect-loopback', title, redirectUri: loopback.href });
    } else {
      loopback.port = String(port);
      targets.push({
        id: 'redirect-loopback',
        title,
        redirectUri: loopback.href,
        configuredUri: config.loopbackRedirectUri,
      });
    }
  }
  return targets;
}

async function checkRedirect(
  target: RedirectTarget,
  config: AppConfig,
  configuration: oidc.Configuration,
  fetch: HttpFetch,
): Promise<DoctorCheck> {
  const pending = await createPendingAuthorization(target.redirectUri, 60, Date.now);
  let url: URL;
  try {
    url = await buildAuthorizationRequestUrl(configuration, config, pending);
  } catch (error) {
    return classifyRequestFailure(target, config, error, 'pushed');
  }
  let response: Response;
  try {
    response = await httpGet(fetch, url.href, config.httpTimeoutSeconds);
  } catch (error) {
    return classifyRequestFailure(target, config, error, 'authorization');
  }
  try {
    return await classifyAuthorizationAnswer(target, config, response, url);
  } catch {
    return doctorCheck(
      target.id,
      target.title,
      'fail',
      'The authorization endpoint sent an unreadable answer.',
    );
  } finally {
    await response.body?.cancel().catch(() => undefined);
  }
}

/** A port from the dynamic range (RFC 6335 §6), as the OS would hand the loopback listener. */
function ephemeralPort(): number {
  return 49152 + Math.floor(Math.random() * 16384);
}
