import { discoverResourceMetadata } from '../auth/api/resource-metadata.js';
import type { AppConfig } from '../auth/config/config.js';
import type { HttpFetch } from '../auth/ports.js';
import { type DoctorCheck, doctorCheck, printableUrl } from './doctor-report.js';

const ID = 'resource-metadata';
const TITLE = 'API metadata (RFC 9728)';

/**
 * What the API says about itself, when it says anything (RFC 9728 is optional): the document must
 * describe the configured API (§3.3), name the configured issuer among `authorization_servers`
 * (§2; the app refuses to step up for an API that does not, see `ApiAsks`), and share at least one
 * scope with the configuration (`scopes_supported`), or no token the app gets is meant for it.
 */
export async function checkResourceMetadata(config: AppConfig, fetch: HttpFetch): Promise<DoctorCheck> {
  if (config.apiBaseUrl === undefined)
    return doctorCheck(ID, TITLE, 'n/a', '"apiBaseUrl" is not configured.');
  const resource = new URL(config.apiBaseUrl);
  const shown = printableUrl(resource);
  let metadata;
  try {
    metadata = await discoverResourceMetadata(fetch, resource, config.httpTimeoutSeconds);
  } catch (error) {
    return doctorCheck(
      ID,
      TITLE,
      'warn',
      `The metadata at the well-known URL of ${shown} is not for it: ${(error as Error).message}.`,
      'Have the API publish its own "resource" URL there (RFC 9728 §3.3), or correct "apiBaseUrl".',
    );
  }
  if (metadata === undefined)
    return doctorCheck(ID, TITLE, 'n/a', `The API at ${shown} publishes no metadata (optional).`);
  const servers = metadata.authorization_servers;
  if (servers !== undefined && !servers.includes(config.issuer)) {
    return doctorCheck(
      ID,
      TITLE,
      'fail',
      `The API takes tokens from ${servers.join(', ') || 'no authorization server'}, not from ${config.issuer}.`,
      `Set "issuer" to the one the API names, or have the API trust ${config.issuer}.`,
    );
  }
  const supported = metadata.scopes_supported ?? [];
  const shared = config.scopes.filter((scope) => supported.includes(scope));
  if (supported.length > 0 && shared.length === 0) {
    return doctorCheck(
      ID,
      TITLE,
      'fail',
      `None of the configured scopes is one the API knows (${supported.join(', ')}).`,
      `Add the scope the API's main path needs to "scopes", e.g. "${supported[0] ?? ''}".`,
    );
  }
  const more = supported.filter((scope) => !config.scopes.includes(scope));
  return doctorCheck(
    ID,
    TITLE,
    'ok',
    `The API trusts ${config.issuer}` +
      (shared.length ? ` and knows the configured ${shared.join(', ')}` : '') +
      (more.length
        ? `; it also offers ${more.join(', ')}, which the app asks for when the API needs it.`
        : '.'),
  );
}
