import type { Refusal } from './api-access.js';
import { PROOF_ALGORITHMS } from './api-dpop.js';
import { DEMO_API_REALM } from './demo-constants.js';

/** An auth-param value as a quoted-string (RFC 9110 §11.2, §5.6.4); the API's values hold no `"` or `\`. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

/**
 * The `WWW-Authenticate` value of a refusal. No credentials at all: both schemes and no error code
 * (RFC 6750 §3.1, RFC 9449 §7.1); otherwise the scheme the client used or must use, with the
 * error, its description and what the error asks for: `scope` for `insufficient_scope` (RFC 6750
 * §3), `acr_values` and `max_age` (a number, unquoted) for `insufficient_user_authentication`
 * (RFC 9470 §3). Every challenge names where the API's protected resource metadata is
 * (`resource_metadata`, RFC 9728 §5.1), so a client can learn which authorization server and
 * scopes it takes.
 */
export function challengeFor(refusal: Refusal, resourceMetadataUrl: string): string {
  const metadata = `resource_metadata=${quoted(resourceMetadataUrl)}`;
  const bearer = `Bearer realm=${quoted(DEMO_API_REALM)}`;
  const dpop = `DPoP realm=${quoted(DEMO_API_REALM)}, algs=${quoted(PROOF_ALGORITHMS.join(' '))}`;
  if (!refusal.error) return `${bearer}, ${metadata}, ${dpop}, ${metadata}`;
  const parts = [refusal.scheme === 'DPoP' ? dpop : bearer];
  parts.push(`error=${quoted(refusal.error)}`, `error_description=${quoted(refusal.description)}`);
  if (refusal.scope !== undefined) parts.push(`scope=${quoted(refusal.scope)}`);
  if (refusal.acrValues !== undefined) parts.push(`acr_values=${quoted(refusal.acrValues)}`);
  if (refusal.maxAge !== undefined) parts.push(`max_age=${refusal.maxAge}`);
  parts.push(metadata);
  return parts.join(', ');
}
