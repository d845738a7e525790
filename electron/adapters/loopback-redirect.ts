import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError } from '../auth/auth-error.js';
import type { RedirectOutcome, RedirectReceiver } from '../auth/redirect-receiver.js';
import { LANDING_PAGE_CSP, landingPage } from './loopback-pages.js';

/**
 * The loopback redirect (RFC 8252 §7.3, §8.3): an HTTP listener bound to the loopback IP literal
 * only, on an ephemeral port unless the configured URI names one, that takes one redirect on the
 * callback path, answers with a landing page, and closes. Other paths get a 404; a request the
 * session refuses (wrong or missing `state`) gets the "already used or expired" page and the
 * listener keeps waiting for the real redirect.
 */
/** After this many refused requests the listener gives up (and the attempt times out as usual). */
const MAX_REFUSED = 10;

export function loopbackRedirect(configuredUri: string, appName: string): RedirectReceiver {
  const configured = new URL(configuredUri);
  const host = configured.hostname === '[::1]' ? '::1' : '127.0.0.1';
  return {
    async open(onRedirect) {
      // Only a redirect the session accepts or fails ends the listener: a stray or forged request
      // to the callback path must not use up the one shot the real redirect needs.
      let phase: 'open' | 'busy' | 'done' = 'open';
      let refused = 0;
      const server = createServer((request, response) => {
        const url = new URL(request.url ?? '/', `http://${configured.host}`);
        request.resume();
        if (request.method !== 'GET' || url.pathname !== configured.pathname) {
          return reply(response, 404, 'ignored');
        }
        if (phase !== 'open') return reply(response, phase === 'done' ? 410 : 409, 'rejected');
        phase = 'busy';
        void onRedirect(`${redirectBase()}${url.search}`)
          .catch((): RedirectOutcome => 'failed')
          .then((outcome) => {
            const final = outcome === 'completed' || outcome === 'failed' || ++refused >= MAX_REFUSED;
            phase = final ? 'done' : 'open';
            if (final) response.once('finish', stop);
            reply(response, outcome === 'completed' ? 200 : 400, outcome, url.searchParams.get('error'));
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

  function reply(
    response: ServerResponse,
    status: number,
    outcome: RedirectOutcome,
    providerError: string | null = null,
  ): void {
    response.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': LANDING_PAGE_CSP,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      connection: 'close',
    });
    response.end(landingPage(outcome, appName, providerError));
  }
}
