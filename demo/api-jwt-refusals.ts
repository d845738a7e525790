import * as oauth from 'oauth4webapi';

import { isKeyConfirmation, UNCHECKABLE_BINDING } from './api-confirmation.js';
import { PROOF_FAULTS } from './api-dpop.js';

/** The API's words for a refused JWT access token (RFC 6750 §3.1 `error_description`). */
export const TOKEN_FAULTS = {
  expired: 'The access token expired',
  anotherAudience: 'The access token is not meant for this API',
  anotherIssuer: 'The access token was not issued by the trusted issuer',
  uncheckableBinding: UNCHECKABLE_BINDING,
  malformed: 'The access token is malformed or its signature is not valid',
} as const;

const claimNotValid = (claim: unknown) => `The access token claim ${String(claim)} is not valid`;

/**
 * oauth4webapi's codes for a JWT it refused; anything else (the provider unreachable, its key set
 * unusable, plain http where https is required) means the API could not decide.
 */
const REFUSAL_CODES = new Set<string | undefined>([
  oauth.INVALID_RESPONSE,
  oauth.INVALID_REQUEST,
  oauth.PARSE_ERROR,
  oauth.JWT_TIMESTAMP_CHECK,
  oauth.JWT_CLAIM_COMPARISON,
  oauth.KEY_SELECTION,
]);

/** What the library reports with a refusal: the claim it failed on, the claims, the header. */
function detailsOf(error: unknown): { claim?: unknown; claims?: unknown; header?: unknown } {
  const isError =
    error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError;
  return isError && typeof error.cause === 'object' && error.cause !== null ? error.cause : {};
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 9068 §2.2's required claims, in the order oauth4webapi checks them, and their JSON types. */
const REQUIRED_CLAIMS: readonly [string, (value: unknown) => boolean][] = [
  ['iss', (value) => typeof value === 'string'],
  ['exp', (value) => typeof value === 'number'],
  ['aud', (value) => typeof value === 'string' || Array.isArray(value)],
  ['sub', (value) => typeof value === 'string'],
  ['iat', (value) => typeof value === 'number'],
  ['jti', (value) => typeof value === 'string'],
  ['client_id', (value) => typeof value === 'string'],
];

/** The API's words for a claim that is missing or of the wrong type. */
function describeClaim(claim: string): string {
  if (claim === 'iss') return TOKEN_FAULTS.anotherIssuer;
  if (claim === 'aud') return TOKEN_FAULTS.anotherAudience;
  return claimNotValid(claim);
}

/** A `typ` as RFC 7515 §4.1.9 compares it: any case, `application/` left out (RFC 9068 §2.1 at+jwt). */
const mediaType = (typ: unknown) =>
  String(typ)
    .toLowerCase()
    .replace(/^application\//, '');

/** Whether `validateJwtAccessToken` refused a JWT, rather than failing to decide about it. */
export function isRefusal(error: unknown): boolean {
  return (
    error instanceof oauth.UnsupportedOperationError ||
    (error instanceof oauth.OperationProcessingError && REFUSAL_CODES.has(error.code))
  );
}

/**
 * Whether the library refused a request that carried no proof because its token is DPoP-bound
 * (RFC 9449 §7.1): the one refusal it makes about the request's headers once the token itself
 * passed, given an Authorization header it can read.
 */
export function isBoundTokenWithoutProof(error: unknown, request: Request): boolean {
  return (
    error instanceof oauth.OperationProcessingError &&
    typeof error.cause === 'object' &&
    error.cause !== null &&
    'headers' in error.cause &&
    error.cause.headers === request.headers
  );
}

/**
 * The API's description of a refused access token. The library's code and the claim it names
 * say most; where its code is a generic one, the claims and header it reports show what was wrong.
 */
export function describeTokenRefusal(error: unknown): string {
  const { claim, claims, header } = detailsOf(error);
  const code = error instanceof oauth.OperationProcessingError ? error.code : undefined;
  if (code === oauth.JWT_TIMESTAMP_CHECK)
    return claim === 'exp' ? TOKEN_FAULTS.expired : claimNotValid(claim);
  if (code === oauth.JWT_CLAIM_COMPARISON && claim === 'aud') return TOKEN_FAULTS.anotherAudience;
  if (code === oauth.JWT_CLAIM_COMPARISON && claim === 'iss') return TOKEN_FAULTS.anotherIssuer;
  if (code === oauth.KEY_SELECTION) return TOKEN_FAULTS.malformed;
  if (isObject(claims)) {
    if (claims['cnf'] !== undefined && !isKeyConfirmation(claims['cnf']))
      return TOKEN_FAULTS.uncheckableBinding;
    const wrong = REQUIRED_CLAIMS.find(([name, valid]) => !valid(claims[name]));
    if (wrong) return describeClaim(wrong[0]);
  }
  if (isObject(header) && mediaType(header['typ']) !== 'at+jwt') return claimNotValid('typ');
  return TOKEN_FAULTS.malformed;
}

/** What each proof claim the library compares means when it does not match (RFC 9449 §4.3). */
const PROOF_CLAIM_FAULTS: Readonly<Record<string, string>> = {
  htm: PROOF_FAULTS.anotherMethod,
  htu: PROOF_FAULTS.anotherUrl,
  ath: PROOF_FAULTS.anotherToken,
  'cnf.jkt': PROOF_FAULTS.anotherKey,
};

/** The API's description of a refused proof for a token that itself passed. */
export function describeProofRefusal(error: unknown, proof: string | undefined): string {
  if (proof === undefined) return PROOF_FAULTS.missing;
  if (error instanceof oauth.OperationProcessingError && error.code === oauth.JWT_CLAIM_COMPARISON) {
    return PROOF_CLAIM_FAULTS[String(detailsOf(error).claim)] ?? PROOF_FAULTS.malformed;
  }
  return PROOF_FAULTS.malformed;
}
