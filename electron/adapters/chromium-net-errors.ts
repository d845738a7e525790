import type { AuthInfo } from 'electron';
import { ProxyFailure, type ProxyProblem } from '../auth/provider/proxy-problem.js';
import { TlsFailure, type TlsProblem, type TlsProblemKind } from '../auth/provider/tls-problem.js';

// Chromium's network errors as Electron reports them, in the core's terms. A failed `net.request`
// emits `error` with a plain `Error` whose message is `net::ErrorToString(code)`, e.g.
// `net::ERR_CERT_AUTHORITY_INVALID` (electron `shell/common/api/electron_api_url_loader.cc`
// `OnComplete`, `lib/common/api/net-client-request.ts`); there is no `code` property. The codes
// and their meanings are Chromium's `net/base/net_error_list.h`.

/**
 * The `ERR_…` code of a Chromium network error, or undefined for any other error.
 *
 * @see https://www.electronjs.org/docs/latest/api/client-request#event-error
 * @see https://source.chromium.org/chromium/chromium/src/+/main:net/base/net_error_list.h
 */
export function chromiumNetErrorCode(error: unknown): string | undefined {
  return error instanceof Error ? /^net::(ERR_[A-Z0-9_]+)$/.exec(error.message)?.[1] : undefined;
}

type Known = { readonly kind: TlsProblemKind; readonly reason: string };

/** Certificate and TLS errors (net_error_list.h -107…-218): the server's certificate as the OS judged it. */
const TLS: Readonly<Record<string, Known>> = {
  ERR_CERT_AUTHORITY_INVALID: {
    kind: 'untrusted',
    reason: 'issued by an authority this computer does not trust',
  },
  ERR_CERT_INVALID: { kind: 'untrusted', reason: 'certificate invalid' },
  ERR_CERT_CONTAINS_ERRORS: { kind: 'untrusted', reason: 'certificate contains errors' },
  ERR_CERT_WEAK_SIGNATURE_ALGORITHM: { kind: 'untrusted', reason: 'weak signature algorithm' },
  ERR_CERT_WEAK_KEY: { kind: 'untrusted', reason: 'weak key' },
  ERR_CERT_NAME_CONSTRAINT_VIOLATION: { kind: 'untrusted', reason: 'name constraints violated' },
  ERR_CERT_VALIDITY_TOO_LONG: { kind: 'untrusted', reason: 'validity period too long' },
  ERR_CERT_SYMANTEC_LEGACY: { kind: 'untrusted', reason: 'legacy Symantec root' },
  ERR_CERTIFICATE_TRANSPARENCY_REQUIRED: { kind: 'untrusted', reason: 'Certificate Transparency required' },
  ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN: { kind: 'untrusted', reason: 'pinned key not in the chain' },
  ERR_CERT_DATE_INVALID: { kind: 'expired', reason: 'certificate expired or not yet valid' },
  ERR_CERT_COMMON_NAME_INVALID: { kind: 'wrong-host', reason: "host name not among the certificate's names" },
  ERR_CERT_NON_UNIQUE_NAME: { kind: 'wrong-host', reason: 'host name not unique' },
  ERR_CERT_REVOKED: { kind: 'revoked', reason: 'certificate revoked' },
  // Installing a CA fixes neither: Chromium blocks a certificate known to intercept traffic even
  // when the OS trusts it, and a revocation check fails when the CA's OCSP/CRL server is unreachable.
  ERR_CERT_KNOWN_INTERCEPTION_BLOCKED: {
    kind: 'blocked',
    reason: 'a certificate known to be used to intercept connections, which Chromium blocks',
  },
  ERR_CERT_UNABLE_TO_CHECK_REVOCATION: {
    kind: 'blocked',
    reason: "revocation status could not be checked; is the CA's revocation server blocked?",
  },
  ERR_SSL_PROTOCOL_ERROR: { kind: 'handshake', reason: 'TLS protocol error; is it plain http?' },
  ERR_SSL_VERSION_OR_CIPHER_MISMATCH: { kind: 'handshake', reason: 'no TLS version or cipher in common' },
  ERR_SSL_CLIENT_AUTH_CERT_NEEDED: { kind: 'handshake', reason: 'the server asks for a client certificate' },
  ERR_BAD_SSL_CLIENT_AUTH_CERT: { kind: 'handshake', reason: 'client certificate refused' },
};

/** Any other certificate or TLS code is still a TLS problem (Chromium's -2xx range and ERR_SSL_*). */
const TLS_LIKE = /^ERR_(CERT_|CERTIFICATE_|SSL_)/;

/** The TLS problem a Chromium code means, judged by the operating system's trust store. */
export function chromiumTlsProblem(code: string): TlsProblem | undefined {
  const known = TLS[code] ?? (TLS_LIKE.test(code) ? { kind: 'handshake', reason: code } : undefined);
  return known && { code, ...known, store: 'system' };
}

/** Proxy errors: what the system proxy (or its PAC script) did, in {@link ProxyProblem} terms. */
const PROXY: Readonly<Record<string, ProxyProblem>> = {
  // The proxy asked for credentials (HTTP 407) in a way, or at a moment, Chromium could not answer.
  ERR_PROXY_AUTH_REQUESTED: { kind: 'auth-required', status: 407 },
  ERR_PROXY_AUTH_UNSUPPORTED: { kind: 'auth-required', status: 407 },
  ERR_PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION: { kind: 'auth-required', status: 407 },
  // The proxy answered the CONNECT with another refusal; Chromium does not pass on the status.
  ERR_TUNNEL_CONNECTION_FAILED: { kind: 'tunnel-refused' },
  ERR_SOCKS_CONNECTION_HOST_UNREACHABLE: { kind: 'tunnel-refused' },
  ERR_PROXY_CONNECTION_FAILED: { kind: 'unreachable', code: 'ERR_PROXY_CONNECTION_FAILED' },
  ERR_SOCKS_CONNECTION_FAILED: { kind: 'unreachable', code: 'ERR_SOCKS_CONNECTION_FAILED' },
  ERR_PROXY_CERTIFICATE_INVALID: { kind: 'unreachable', code: 'ERR_PROXY_CERTIFICATE_INVALID' },
  ERR_MANDATORY_PROXY_CONFIGURATION_FAILED: {
    kind: 'configuration-failed',
    code: 'ERR_MANDATORY_PROXY_CONFIGURATION_FAILED',
  },
  ERR_PAC_SCRIPT_FAILED: { kind: 'configuration-failed', code: 'ERR_PAC_SCRIPT_FAILED' },
};

/** The proxy problem a Chromium code means; undefined when the code is not about the proxy. */
export function chromiumProxyProblem(code: string): ProxyProblem | undefined {
  return PROXY[code];
}

type ProxyAddress = { readonly hostname: string; readonly port: number };

/**
 * The proxy the system settings choose for `url`, from `Session.resolveProxy`'s PAC-style answer
 * (`"PROXY proxy.corp:8080; DIRECT"`, `"HTTPS host:443"`, `"SOCKS5 host:1080"`, `"DIRECT"`): the
 * first entry that is a proxy, or undefined when there is none.
 *
 * @see https://www.electronjs.org/docs/latest/api/session#sesresolveproxyurl
 */
export function parseResolvedProxy(answer: string): ProxyAddress | undefined {
  for (const entry of answer.split(';')) {
    const match = /^\s*(?:PROXY|HTTPS|HTTP|SOCKS[45]?|QUIC)\s+(\[[^\]]+\]|[^\s:]+):(\d+)\s*$/i.exec(entry);
    if (match?.[1] && match[2]) return { hostname: match[1], port: Number(match[2]) };
  }
  return undefined;
}

/**
 * `session.defaultSession.resolveProxy`: the system's proxy for a URL, as PAC-style text.
 *
 * @see https://www.electronjs.org/docs/latest/api/session#sesresolveproxyurl
 */
export type ResolveProxy = (url: string) => Promise<string>;

/**
 * A failed `net.request` in the core's terms: a {@link TlsFailure} for a certificate the OS would
 * not accept, a {@link ProxyFailure} naming the system proxy, otherwise fetch's own
 * `TypeError('fetch failed')` with the Chromium code on its cause (as Node's fetch puts `ECONNREFUSED`
 * there), which the core words as "could not be reached". All are `TypeError`s, which openid-client
 * passes on unchanged. Always rejects.
 *
 * @see https://www.electronjs.org/docs/latest/api/client-request#event-error
 */
export async function toFetchFailure(error: Error, url: string, resolveProxy: ResolveProxy): Promise<never> {
  const code = chromiumNetErrorCode(error);
  const proxy = code === undefined ? undefined : chromiumProxyProblem(code);
  if (proxy) throw systemProxyFailure(url, proxy, await proxyOf(url, resolveProxy), error);
  const tls = code === undefined ? undefined : chromiumTlsProblem(code);
  if (tls) throw new TlsFailure(new URL(url).host, tls, { cause: error });
  throw new TypeError('fetch failed', { cause: code ? Object.assign(error, { code }) : error });
}

/**
 * A proxy's 407, which Chromium hands back once the request's `login` event was answered without
 * credentials. The proxy is the one that challenged (`authInfo.isProxy`, its host and port), else
 * the one the system settings name. Always rejects.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5.8 (407 Proxy Authentication Required)
 * @see https://www.electronjs.org/docs/latest/api/client-request#event-login
 */
export async function proxyAuthFailure(
  url: string,
  challenge: AuthInfo | undefined,
  resolveProxy: ResolveProxy,
): Promise<never> {
  const proxy = challenge
    ? { hostname: challenge.host, port: challenge.port }
    : await proxyOf(url, resolveProxy);
  const problem: ProxyProblem = { kind: 'auth-required', status: 407 };
  throw systemProxyFailure(url, problem, proxy, new Error('HTTP 407 Proxy Authentication Required'));
}

/** How long naming the proxy may take: a courtesy, which a slow PAC lookup must not turn into a hang. */
const NAMING_PROXY_MS = 2_000;

function proxyOf(url: string, resolveProxy: ResolveProxy): Promise<ProxyAddress | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const unnamed = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, NAMING_PROXY_MS, undefined);
  });
  const named = resolveProxy(url).then(parseResolvedProxy, () => undefined);
  return Promise.race([named, unnamed]).finally(() => clearTimeout(timer));
}

/** A failure of the system's proxy: no variable it came from, no credentials the app sent. */
function systemProxyFailure(
  url: string,
  problem: ProxyProblem,
  proxy: ProxyAddress | undefined,
  cause: Error,
): ProxyFailure {
  const route = { hostname: proxy?.hostname ?? '', port: proxy?.port ?? 0, hasCredentials: false };
  return new ProxyFailure({ ...route, variable: undefined }, new URL(url).host, problem, { cause });
}
