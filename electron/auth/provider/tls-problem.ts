import { causeChain } from '../cause-chain.js';
import type { HttpFetch } from '../ports.js';

/**
 * What was wrong with a server's certificate, in the terms a fix needs: not trusted here (an
 * unknown or private CA, e.g. a TLS-inspecting proxy), outside its validity dates, issued for
 * another host, revoked, no TLS handshake at all (https to a plain http port), or refused by a
 * policy of this computer that no certificate authority changes (Chromium's interception block).
 */
export type TlsProblemKind = 'untrusted' | 'expired' | 'wrong-host' | 'revoked' | 'handshake' | 'blocked';

/** A TLS failure, classified: the system's code and the reason in the words Node (or Chromium) uses. */
export interface TlsProblem {
  readonly kind: TlsProblemKind;
  /** Node's / OpenSSL's code, e.g. `SELF_SIGNED_CERT_IN_CHAIN`, or Chromium's, e.g. `ERR_CERT_DATE_INVALID`. */
  readonly code: string;
  /** What went wrong, in a few words, e.g. "self-signed certificate in certificate chain". */
  readonly reason: string;
  /**
   * Whose trust store refused it: Node's (its bundled CAs plus `NODE_EXTRA_CA_CERTS`; the default)
   * or the operating system's, which Chromium's network stack uses in the app. The fix differs.
   */
  readonly store?: 'node' | 'system';
}

/** OpenSSL's verify results (as Node names them) and Node's own host check. */
const KNOWN: Readonly<Record<string, { readonly kind: TlsProblemKind; readonly reason: string }>> = {
  SELF_SIGNED_CERT_IN_CHAIN: { kind: 'untrusted', reason: 'self-signed certificate in certificate chain' },
  DEPTH_ZERO_SELF_SIGNED_CERT: { kind: 'untrusted', reason: 'self-signed certificate' },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { kind: 'untrusted', reason: 'unable to verify the first certificate' },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: { kind: 'untrusted', reason: 'unable to get local issuer certificate' },
  UNABLE_TO_GET_ISSUER_CERT: { kind: 'untrusted', reason: 'unable to get issuer certificate' },
  CERT_UNTRUSTED: { kind: 'untrusted', reason: 'certificate not trusted' },
  CERT_REJECTED: { kind: 'untrusted', reason: 'certificate rejected' },
  CERT_SIGNATURE_FAILURE: { kind: 'untrusted', reason: 'certificate signature failure' },
  INVALID_CA: { kind: 'untrusted', reason: 'invalid CA certificate' },
  CERT_CHAIN_TOO_LONG: { kind: 'untrusted', reason: 'certificate chain too long' },
  PATH_LENGTH_EXCEEDED: { kind: 'untrusted', reason: 'path length constraint exceeded' },
  INVALID_PURPOSE: { kind: 'untrusted', reason: 'unsupported certificate purpose' },
  CERT_HAS_EXPIRED: { kind: 'expired', reason: 'certificate has expired' },
  CERT_NOT_YET_VALID: { kind: 'expired', reason: 'certificate is not yet valid' },
  ERR_TLS_CERT_ALTNAME_INVALID: { kind: 'wrong-host', reason: "host name not among the certificate's names" },
  HOSTNAME_MISMATCH: { kind: 'wrong-host', reason: 'hostname mismatch' },
  CERT_REVOKED: { kind: 'revoked', reason: 'certificate revoked' },
  ERR_SSL_WRONG_VERSION_NUMBER: {
    kind: 'handshake',
    reason: 'the server did not answer in TLS; is it plain http?',
  },
};

/** Anything else that is plainly about TLS or certificates is still a TLS problem, never "unreachable". */
const TLS_LIKE = /^ERR_(SSL|TLS)_|CERT|SSL|TLS/;

/** Classify one system error code; undefined when it is not about TLS. */
export function classifyTlsCode(code: string): TlsProblem | undefined {
  const known = KNOWN[code];
  if (known) return { code, ...known };
  return TLS_LIKE.test(code) ? { kind: 'handshake', code, reason: code } : undefined;
}

/**
 * Find a TLS failure in an error and its `cause` chain. Node's fetch reports every failed
 * connection as `TypeError('fetch failed')`; the certificate's problem is a code on the cause.
 */
export function findTlsProblem(error: unknown): TlsProblem | undefined {
  for (const link of causeChain(error)) {
    if (!(link instanceof Error)) return undefined;
    if (link instanceof TlsFailure) return link.problem;
    const code = 'code' in link ? link.code : undefined;
    const problem = typeof code === 'string' ? classifyTlsCode(code) : undefined;
    if (problem) return problem;
  }
  return undefined;
}

/**
 * A request that failed in the TLS handshake, naming the host it went to, which Node's error does
 * not. A `TypeError` like the fetch failure it wraps, so openid-client passes it on unchanged.
 */
export class TlsFailure extends TypeError {
  override readonly name = 'TlsFailure';

  constructor(
    /** `host:port` the request went to. */
    readonly host: string,
    readonly problem: TlsProblem,
    options: { readonly cause: unknown },
  ) {
    super(`TLS with ${host} failed: ${problem.reason} (${problem.code})`, options);
  }
}

/**
 * The provider fetch seam, with TLS failures turned into {@link TlsFailure}s that name the host, so
 * the error a person sees can say whose certificate is not trusted. Certificates are always
 * verified (RFC 6749 §10.9); this only explains a refusal. Other failures pass as
 * they are.
 */
export function namingTlsFailures(fetch: HttpFetch): HttpFetch {
  return (url, init) =>
    fetch(url, init).catch((error: unknown) => {
      const problem = error instanceof TlsFailure ? undefined : findTlsProblem(error);
      throw problem ? new TlsFailure(new URL(url).host, problem, { cause: error }) : error;
    });
}
