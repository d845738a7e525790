import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError } from '../auth/auth-error.js';
import type { RedirectOutcome, RedirectReceiver } from '../auth/redirect-receiver.js';
import { LANDING_PAGE_CSP, landingPage } from './loopback-pages.js';

/**
 * The loopback redirect (RFC 8252 §7.3, §8.3): an HTTP listener bound to the loopback IP literal
 * only, on an ephemeral port unless the configured URI names one, that accepts exactly one request
 * on the callback path, answers with a landing page, and closes. Every other request gets a 404.
 */
export function loopbackRedirect(configuredUri: string, appName: string): RedirectReceiver {
  const configured = new URL(configuredUri);
  const host = configured.hostname === '[::1]' ? '::1' : '127.0.0.1';
  return {
    async open(onRedirect) {
      let used = false;
      const server = createServer((request, response) => {
        const url = new URL(request.url ?? '/', `http://${configured.host}`);
        if (request.method !== 'GET' || url.pathname !== configured.pathname)
          return reply(response, 404, 'ignored');
        if (used) return reply(response, 410, 'rejected');
        used = true;
        const address = `${redirectBase()}${url.search}`;
        request.resume();
        void onRedirect(address)
          .catch((): RedirectOutcome => 'failed')
          .then((outcome) => {
            response.once('finish', stop);
            reply(response, outcome === 'completed' ? 200 : 400, outcome);
          });
      });
      // A request being answered keeps its connection until the landing page is sent.
      const stop = (): void => {
        server.close();
        server.closeIdleConnections();
      };
      const redirectBase = (): string => {
        const { port } = server.address() as AddressInfo;
        return `http://${configured.hostname}:${port}${configured.pathname}`;
      };
      await new Promise<void>((resolve, reject) => {
        server.once('error', (error) =>
          reject(
            new AuthError('browser_launch_failed', 'Could not listen for the sign-in on this computer.', {
              cause: error,
            }),
          ),
        );
        server.listen(Number(configured.port || 0), host, resolve);
      });
      return { redirectUri: redirectBase(), mode: 'loopback', close: stop };
    },
  };

  function reply(response: ServerResponse, status: number, outcome: RedirectOutcome): void {
    response.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': LANDING_PAGE_CSP,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      connection: 'close',
    });
    response.end(landingPage(outcome, appName));
  }
}
