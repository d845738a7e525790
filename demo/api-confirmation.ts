/**
 * Why the API refuses a token confirmed by anything but a DPoP key: one bound to an mTLS
 * certificate (RFC 8705 §3), say, is no Bearer token either, and the API cannot check it.
 */
export const UNCHECKABLE_BINDING = 'The access token is bound to a key in a way this API cannot check';

/**
 * Whether a `cnf` claim (RFC 7800 §3.1), from a JWT or an introspection answer (RFC 7662 §2.2),
 * names no confirmation method but a DPoP key thumbprint (`jkt`, RFC 9449 §6), the one this API
 * can check.
 */
export function isKeyConfirmation(cnf: unknown): cnf is { readonly jkt?: unknown } {
  return (
    typeof cnf === 'object' &&
    cnf !== null &&
    !Array.isArray(cnf) &&
    Object.keys(cnf).every((method) => method === 'jkt')
  );
}
