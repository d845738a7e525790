import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createProxy } from 'proxy';

/** A real forwarding and CONNECT proxy on 127.0.0.1, started and stopped by a test. */
export interface RunningProxy {
  /** `http://127.0.0.1:PORT`, without credentials. */
  readonly url: string;
  readonly port: number;
  /** `host:port` of every tunnel asked for (CONNECT) and every request forwarded, in order. */
  readonly targets: readonly string[];
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Demand these credentials (Basic, RFC 7617); without them every request gets a 407. */
  readonly credentials?: { readonly username: string; readonly password: string };
}

/**
 * TooTallNate's `proxy` (the one the proxy-agents packages are tested against): CONNECT tunnels
 * for https and plain http alike (undici tunnels both), forwarding for absolute-form requests, and
 * 407 Proxy Authentication Required from its `authenticate` hook.
 */
export async function startHttpProxy(options: ProxyOptions = {}): Promise<RunningProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createProxy(createServer());
  // Tunnels leave the HTTP server's hands; they are ended here on close.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('connect', (request: IncomingMessage) => targets.push(request.url ?? ''));
  server.on('request', (request: IncomingMessage) => targets.push(URL.parse(request.url ?? '')?.host ?? ''));
  const { credentials } = options;
  if (credentials) {
    const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    server.authenticate = (request) => request.headers['proxy-authorization'] === expected;
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
