import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A certificate to serve https with: PEM key, and PEM certificate chain (the leaf first, then any
 * intermediates). Hosted providers are reached only over TLS (RFC 8252 §8.3, RFC 9700 §2.6); this
 * lets the tests take that path against the demo, with a CA they made and the client trusts.
 */
export interface DemoTls {
  readonly key: string;
  readonly cert: string;
}

/** A plain http server, or an https one when `tls` is given: the demo's two transports. */
export function createDemoServer(listener: RequestListener, tls?: DemoTls): Server {
  return tls ? createTlsServer({ key: tls.key, cert: tls.cert }, listener) : createServer(listener);
}

/** The origin a demo server is reached at: `http(s)://127.0.0.1:<port>`, no trailing slash. */
export function loopbackOrigin(port: number, tls?: DemoTls): string {
  return `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
}

/**
 * Starts `server` on 127.0.0.1 only (never all interfaces: the demo must not be reachable from the
 * network, RFC 8252 §8.3) and resolves with the bound port, which differs from `port` when 0 asks
 * the OS for an ephemeral one.
 */
export function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Stops accepting connections and drops idle and active keep-alive sockets too, so a test that
 * closes the server is not kept waiting by a client's pooled connection.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
