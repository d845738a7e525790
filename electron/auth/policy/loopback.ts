/**
 * Whether a host name is this machine. Plain-HTTP issuers and APIs are accepted only here
 * (the bundled demo), because on loopback there is no network path to intercept (RFC 8252 §8.3).
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === '[::1]' || hostname === 'localhost';
}

/** Plain http to this machine: the one case openid-client must be told to allow. */
export function isPlainHttpOnLoopback(url: URL): boolean {
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** https anywhere, or plain http on this machine only: the transports this client will use. */
export function isHttpsOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || isPlainHttpOnLoopback(url);
}
