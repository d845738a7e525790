import { causeChain } from '../cause-chain.js';

/**
 * The proxy a request went through, as it may be shown: host and port only, never the
 * credentials a proxy URL can carry (`http://user:password@host:port`).
 */
export interface ProxyRoute {
  /** Empty when the system's proxy settings no longer say which proxy it was (see {@link proxyName}). */
  readonly hostname: string;
  readonly port: number;
  /**
   * The environment variable the proxy came from, e.g. `HTTPS_PROXY` or `http_proxy` (the tools);
   * undefined for the operating system's proxy settings (system proxy, PAC), which the app follows
   * through Chromium's network stack. The fix differs: a variable to edit, or settings IT owns.
   */
  readonly variable: string | undefined;
  /** Whether that variable carried credentials, so a 407 can say "refused" rather than "requires". */
  readonly hasCredentials: boolean;
}

/**
 * What a proxy did with a request, in the terms a fix needs: it wants credentials (HTTP 407 to
 * the CONNECT, none sent), it refused the credentials it got (407, some sent), it would not open
 * the tunnel to the server (any other status: blocked, or the server is out of its reach; Chromium
 * does not say which status), the proxy itself could not be reached (connection refused, unknown
 * host, timeout), or the system's proxy configuration (a PAC script) could not be used at all.
 */
export type ProxyProblem =
  | { readonly kind: 'auth-required' | 'credentials-refused'; readonly status: 407 }
  | { readonly kind: 'tunnel-refused'; readonly status?: number }
  | { readonly kind: 'unreachable' | 'configuration-failed'; readonly code: string };

/**
 * undici's words when a proxy answers CONNECT with anything but 200 (ProxyAgent tunnels every
 * request, http and https alike), and when a forwarding proxy answers 407.
 */
const TUNNEL_REFUSED = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/;
const FORWARD_407 = /^Proxy Authentication Required \(407\)$/;

/** Socket errors that mean the connection never got to the proxy. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Find, in a failed request's `cause` chain, what the proxy `route` did wrong; undefined when the
 * failure is not the proxy's (e.g. the server's certificate, which a tunnel passes through). A
 * socket error counts only when it names the proxy's port or host, not the server's.
 */
export function classifyProxyError(error: unknown, route: ProxyRoute): ProxyProblem | undefined {
  for (const link of causeChain(error)) {
    if (!(link instanceof Error)) return undefined;
    const status = FORWARD_407.test(link.message) ? 407 : Number(TUNNEL_REFUSED.exec(link.message)?.[1]);
    if (status === 407) {
      return { kind: route.hasCredentials ? 'credentials-refused' : 'auth-required', status };
    }
    if (status > 0) return { kind: 'tunnel-refused', status };
    const code = 'code' in link ? link.code : undefined;
    if (typeof code === 'string' && UNREACHABLE.has(code) && namesProxy(link, route)) {
      return { kind: 'unreachable', code };
    }
  }
  return undefined;
}

/** Whether a socket error is about the proxy: its port, or the host it could not resolve. */
function namesProxy(link: Error, route: ProxyRoute): boolean {
  const port = 'port' in link ? link.port : undefined;
  const hostname = 'hostname' in link ? link.hostname : undefined;
  if (typeof port === 'number') return port === route.port;
  if (typeof hostname === 'string') return hostname.toLowerCase() === route.hostname.toLowerCase();
  // A connect timeout names neither; through a proxy the only connection made is to the proxy.
  return true;
}

/** `host:port` of a proxy, or undefined when the system's settings could not say which it was. */
export function proxyName(route: ProxyRoute): string | undefined {
  return route.hostname === '' ? undefined : `${route.hostname}:${route.port}`;
}

/**
 * A request a proxy refused or could not carry, naming the proxy (host and port) and the server
 * the request was for. A `TypeError` like the fetch failure it wraps, so openid-client passes it
 * on unchanged (as it does {@link TlsFailure}).
 */
export class ProxyFailure extends TypeError {
  override readonly name = 'ProxyFailure';

  constructor(
    readonly proxy: ProxyRoute,
    /** `host:port` the request was for. */
    readonly target: string,
    readonly problem: ProxyProblem,
    options: { readonly cause: unknown },
  ) {
    const name = proxyName(proxy);
    super(`${name ? `The proxy at ${name}` : 'The system proxy'} failed a request to ${target}`, options);
  }
}

/** The {@link ProxyFailure} in an error's `cause` chain, if there is one. */
export function findProxyFailure(error: unknown): ProxyFailure | undefined {
  return causeChain(error).find((link): link is ProxyFailure => link instanceof ProxyFailure);
}
