import { PROOF_ALGORITHMS } from './api-dpop.js';
import { DEMO_API_SCOPE, DEMO_API_WRITE_SCOPE, DEMO_RESOURCE_METADATA_PATH } from './demo-constants.js';

/** The API's name for people (RFC 9728 §2 `resource_name`). */
export const DEMO_API_NAME = 'Demo appointments API';

/**
 * Where the API's metadata is: the well-known path after its origin (RFC 9728 §3.1). The API's
 * resource identifier has no path, so nothing follows the well-known suffix.
 */
export function resourceMetadataUrl(resource: string): string {
  return `${resource}${DEMO_RESOURCE_METADATA_PATH}`;
}

/**
 * The API's protected resource metadata (RFC 9728 §2, served as §3.2 says). `resource` is the
 * API's origin exactly as a client is configured with it (`apiBaseUrl`, no trailing slash): a
 * client must check that it equals the URL it derived the well-known URL from (§3.3). The
 * authorization server is the demo provider; the API takes tokens only in the Authorization
 * header (RFC 6750 §2.1), and DPoP-bound ones with proofs of these algorithms (RFC 9449 §5.1).
 *
 * The tokens' audience is not this URL but the API's resource indicator, `urn:example:appointments-api`
 * (RFC 8707 §2), which the provider knows; the metadata does not say so, RFC 9728 has no field for it.
 */
export function protectedResourceMetadata(resource: string, issuer: string): Record<string, unknown> {
  return {
    resource,
    authorization_servers: [issuer],
    scopes_supported: [DEMO_API_SCOPE, DEMO_API_WRITE_SCOPE],
    bearer_methods_supported: ['header'],
    resource_name: DEMO_API_NAME,
    dpop_signing_alg_values_supported: [...PROOF_ALGORITHMS],
  };
}
