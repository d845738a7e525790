import type { AccessCheck, Refusal, SignInFacts } from './api-access.js';
import { createProofPolicy, type ProofPolicy } from './api-dpop.js';

/** The authentication scheme a token is presented with (RFC 6750 §2.1, RFC 9449 §7.1). */
export type TokenScheme = 'Bearer' | 'DPoP';

/** What a presented token turned out to be: good for a subject and scopes, or not, and why. */
export type TokenVerdict =
  | (SignInFacts & {
      readonly valid: true;
      readonly subject: string;
      readonly scope: string;
      /** The key thumbprint a DPoP-bound token names in `cnf.jkt` (RFC 9449 §6). */
      readonly jkt: string | undefined;
    })
  | { readonly valid: false; readonly description: string };

/**
 * Decides whether an opaque token is valid for this API by asking the provider (RFC 7662). It
 * throws only when it cannot decide at all.
 */
export type TokenVerifier = (token: string) => Promise<TokenVerdict>;

/** One request's credentials as presented, and what a DPoP proof must match (RFC 9449 §4.3). */
export interface PresentedCredentials {
  readonly scheme: TokenScheme;
  readonly token: string;
  /** The `DPoP` header, if any. */
  readonly proof: string | undefined;
  readonly method: string;
  /** The API's own URL for the requested resource (its configured origin, never the Host header). */
  readonly url: URL;
}

/** What a verifier made of a request's token and proof, as far as RFC 9449 §7 tells them apart. */
export type CredentialsVerdict =
  | (SignInFacts & {
      readonly outcome: 'accepted';
      readonly subject: string;
      readonly scope: string;
      /** The verified proof, when the token is DPoP-bound: the API's own proof rules still apply. */
      readonly proof?: string;
    })
  | { readonly outcome: 'invalid-token'; readonly description: string }
  | { readonly outcome: 'bound-token-as-bearer' }
  | { readonly outcome: 'unbound-token-as-dpop' }
  | { readonly outcome: 'invalid-proof'; readonly description: string };

/**
 * Verifies a request's token and, for a DPoP-bound one, its proof: a JWT locally (RFC 9068) or an
 * opaque token by introspection (RFC 7662). It throws only when it cannot decide at all.
 */
export type CredentialsVerifier = (presented: PresentedCredentials) => Promise<CredentialsVerdict>;

/**
 * One request's credentials: the Authorization and DPoP headers, the resource asked for, and the
 * scopes that resource needs.
 */
export interface AccessRequest extends Omit<PresentedCredentials, 'scheme' | 'token'> {
  readonly authorization: string | undefined;
  readonly scopes: readonly string[];
}

/** `b64token` after the scheme (RFC 6750 §2.1; RFC 9449 §7.1); scheme names are case-insensitive. */
const CREDENTIALS = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*)$/i;

const refuse = (
  status: Refusal['status'],
  error: NonNullable<Refusal['error']>,
  description: string,
  scheme?: TokenScheme,
): Refusal => ({ ok: false, status, error, description, ...(scheme ? { scheme } : {}) });

/**
 * Builds the demo API's access check around a {@link CredentialsVerifier}: the credentials are
 * read per RFC 6750 §2.1 or RFC 9449 §7.1, verified, a DPoP-bound token accepted only with a valid
 * proof by its key and never as a Bearer token (§7.2), the proof held to the API's own rules, and
 * the resource's scopes required: a token without them is refused with `insufficient_scope` and
 * the scopes it lacks (RFC 6750 §3.1), which is what the client must ask for in addition.
 */
export function createAccessCheck(
  verify: CredentialsVerifier,
  checkProof: ProofPolicy = createProofPolicy(),
) {
  return async function checkAccess(request: AccessRequest): Promise<AccessCheck> {
    const { authorization, scopes, ...resource } = request;
    if (authorization === undefined || !/^(Bearer|DPoP)(\s|$)/i.test(authorization)) {
      return { ok: false, status: 401, description: 'An access token is required' };
    }
    const [, presented = '', token] = CREDENTIALS.exec(authorization.trim()) ?? [];
    if (!token) return refuse(400, 'invalid_request', 'The Authorization header is malformed');
    const scheme: TokenScheme = presented.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    let verdict: CredentialsVerdict;
    try {
      verdict = await verify({ ...resource, scheme, token });
    } catch {
      return refuse(503, 'temporarily_unavailable', 'Cannot verify tokens right now');
    }
    switch (verdict.outcome) {
      case 'invalid-token':
        return refuse(401, 'invalid_token', verdict.description, scheme);
      case 'bound-token-as-bearer':
        return refuse(
          401,
          'invalid_token',
          'This access token is DPoP-bound; present it with a DPoP proof',
          'DPoP',
        );
      case 'unbound-token-as-dpop':
        return refuse(
          401,
          'invalid_token',
          'This access token is not DPoP-bound; present it as a Bearer token',
          'Bearer',
        );
      case 'invalid-proof':
        return refuse(401, 'invalid_dpop_proof', verdict.description, 'DPoP');
      case 'accepted':
        break;
    }
    const problem = verdict.proof === undefined ? undefined : checkProof(verdict.proof);
    if (problem) return refuse(401, problem.error, problem.description, 'DPoP');
    const granted = verdict.scope.split(' ').filter(Boolean);
    const missing = scopes.filter((scope) => !granted.includes(scope));
    if (missing.length > 0) {
      const description = `The ${missing.join(' and ')} scope${missing.length > 1 ? 's are' : ' is'} required`;
      return { ...refuse(403, 'insufficient_scope', description, scheme), scope: missing.join(' ') };
    }
    const { subject, acr, authTime } = verdict;
    return { ok: true, subject, scopes: granted, scheme, acr, authTime };
  };
}
