import { JSON_ATTRIBUTE_COMPARISON } from 'oauth4webapi';
import type { HttpFetch } from '../auth/ports.js';
import * as oidc from 'openid-client';
import type { AppConfig } from '../auth/config/config.js';
import { ProviderClient } from '../auth/provider/provider-client.js';
import { connectionProblem } from './connection-checks.js';
import { describeFailure, likelyCause } from './describe-failure.js';
import { type DoctorCheck, doctorCheck, printableUrl } from './doctor-report.js';
import { getJson } from './doctor-http.js';

/** The provider as the app will see it, or why it cannot be seen. */
export type ResolvedProvider =
  | { readonly found: true; readonly configuration: oidc.Configuration; readonly checks: DoctorCheck[] }
  | { readonly found: false; readonly checks: DoctorCheck[] };

const METADATA = 'Provider metadata';
const ISSUER = 'Issuer';

/**
 * Checks (a) and (b): resolve the provider's metadata exactly as the app does (explicit endpoints
 * or discovery, OIDC Discovery 1.0 §4 / RFC 8414 §3), and compare the configured issuer with the
 * published one character for character (OIDC Discovery §4.3, RFC 8414 §3.3). When only the
 * issuer disagrees, the rest of the checks run against the published issuer so they can still help.
 */
export async function resolveProvider(config: AppConfig, fetch: HttpFetch): Promise<ResolvedProvider> {
  const discoveryUrl = discoveryUrlOf(config.issuer);
  try {
    const configuration = await new ProviderClient(config, { fetch }).get();
    if (config.endpoints) {
      return {
        found: true,
        configuration,
        checks: [
          doctorCheck(
            'metadata',
            METADATA,
            'ok',
            'Explicit endpoints configured; no discovery document is read.',
          ),
          doctorCheck('issuer', ISSUER, 'n/a', 'Explicit endpoints: the issuer is taken as configured.'),
        ],
      };
    }
    const published = configuration.serverMetadata().issuer;
    return {
      found: true,
      configuration,
      checks: [readCheck(discoveryUrl), compareIssuer(config.issuer, published)],
    };
  } catch (error) {
    const published = await publishedIssuerOnMismatch(error, discoveryUrl, fetch, config.httpTimeoutSeconds);
    if (published === undefined) {
      const detail = `Could not read ${printableUrl(discoveryUrl)}.`;
      const connection = connectionProblem(error);
      if (connection) {
        const metadata = doctorCheck('metadata', METADATA, 'fail', detail, connection.blocks);
        return { found: false, checks: [connection.check, metadata] };
      }
      const fix = `${likelyCause(describeFailure(error), config.httpTimeoutSeconds)} URL tried: ${printableUrl(discoveryUrl)}.`;
      return { found: false, checks: [doctorCheck('metadata', METADATA, 'fail', detail, fix)] };
    }
    const checks = [readCheck(discoveryUrl), compareIssuer(config.issuer, published)];
    try {
      const configuration = await new ProviderClient({ ...config, issuer: published }, { fetch }).get();
      return { found: true, configuration, checks };
    } catch {
      return { found: false, checks };
    }
  }
}

/** Where discovery looks: the issuer's path plus `/.well-known/openid-configuration` (§4.1). */
export function discoveryUrlOf(issuer: string): string {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  return `${url.origin}${path}/.well-known/openid-configuration`;
}

function readCheck(discoveryUrl: string): DoctorCheck {
  return doctorCheck(
    'metadata',
    METADATA,
    'ok',
    `Discovery document read from ${printableUrl(discoveryUrl)}.`,
  );
}

/** The ID token's `iss` and RFC 9207's `iss` are compared with exactly this string. */
export function compareIssuer(configured: string, published: string): DoctorCheck {
  if (configured === published) return doctorCheck('issuer', ISSUER, 'ok', `"${published}" matches exactly.`);
  const detail = `Configured "${configured}", but the provider publishes "${published}".`;
  if (configured.replace(/\/$/, '') === published.replace(/\/$/, '')) {
    const change = published.endsWith('/') ? 'with the trailing slash' : 'without the trailing slash';
    return doctorCheck(
      'issuer',
      ISSUER,
      'fail',
      `${detail} Only a trailing slash differs.`,
      `Set "issuer" to "${published}", ${change}: issuers are compared character for character, so a trailing slash makes them different (OIDC Discovery §4.3).`,
    );
  }
  return doctorCheck(
    'issuer',
    ISSUER,
    'fail',
    detail,
    `Set "issuer" to "${published}" exactly as published, if this is the provider you mean to use; otherwise fix the URL.`,
  );
}

/** When discovery failed only because the issuer differs, read the issuer the provider publishes. */
async function publishedIssuerOnMismatch(
  error: unknown,
  discoveryUrl: string,
  fetch: HttpFetch,
  timeoutSeconds: number,
): Promise<string | undefined> {
  const cause = error instanceof Error ? error.cause : undefined;
  if (!(cause instanceof oidc.ClientError) || cause.code !== JSON_ATTRIBUTE_COMPARISON) return undefined;
  const document = await getJson(fetch, discoveryUrl, timeoutSeconds).catch(() => undefined);
  const issuer = document?.['issuer'];
  return typeof issuer === 'string' ? issuer : undefined;
}
