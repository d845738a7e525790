import type { RedirectOutcome, RedirectReceiver } from '../auth/ports.js';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError } from '../auth/errors.js';
import { LANDING_PAGE_CSP, landingPage } from './loopback-pages.js';

/**
 * The loopback redirect (RFC 8252 §7.3, §8.3): an HTTP listener bound to the loopback IP literal
 * only, on an ephemeral port unless the configured URI names one, that takes one redirect on the
 * callback path, answers with a landing page, and closes.
 *
 * Any local process, and any web page whose browser lets it reach 127.0.0.1, can send requests
 * here, so nothing they send may end the listener or throw: a target that is not a URL gets a 400,
 * other paths a 404, and a request the session refuses (wrong or missing `state`) the "already used
 * or expired" page, however many arrive. Only a redirect whose `state` matched (signed in, or the
 * provider's error) closes it; the attempt's own timeout bounds its life otherwise.
 */
export function loopbackRedirect(configuredUri: string, appName: string): RedirectReceiver {
  const configured = new URL(configuredUri);
  const host = configured.hostname === '[::1]' ? '::1' : '127.0.0.1';
  return {
    async open(onRedirect) {
      // Only a redirect the session accepts or fails ends the listener: a stray or forged request
      // to the callback path must not use up the one shot the real redirect needs.
      let phase: 'open' | 'busy' | 'done' = 'open';
      const server = createServer((request, response) => {
        request.resume();
        const url = URL.parse(request.url ?? '/', `http://${configured.host}`);
        if (url === null) return reply(response, 400, 'ignored');
        if (request.method !== 'GET' || url.pathname !== configured.pathname) {
          return reply(response, 404, 'ignored');
        }
        if (phase !== 'open') return reply(response, phase === 'done' ? 410 : 409, 'rejected');
        phase = 'busy';
        void onRedirect(`${redirectBase()}${url.search}`)
          .catch((): RedirectOutcome => 'failed')
          .then((outcome) => {
            const final = outcome === 'completed' || outcome === 'failed';
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
        // Kept for the listener's whole life: an 'error' event with no listener would throw in main.
        server.on('error', (error) =>
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
