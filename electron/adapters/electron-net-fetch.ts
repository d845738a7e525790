import type { AuthInfo, IncomingMessage, Net } from 'electron';
import type { HttpFetch } from '../auth/ports.js';
import { proxyAuthFailure, toFetchFailure } from './chromium-net-errors.js';
import { toHeaders, toResponse } from './net-response.js';

/** The parts of Electron the adapter needs: `net.request`, the default session's proxy lookup, readiness. */
export interface ElectronNetDeps {
  readonly request: Net['request'];
  /** `session.defaultSession.resolveProxy`: names the system proxy when it fails. */
  readonly resolveProxy: (url: string) => Promise<string>;
  /** `app.isReady`. */
  readonly isReady: () => boolean;
}

/**
 * The fetch port over Chromium's network stack, for all HTTP from the app's main process: the
 * system proxy and PAC, the OS certificate store, Kerberos/NTLM proxy sign-in, none of which
 * Node's fetch has (DESIGN §7). What was checked (Electron 45: docs/api/net.md,
 * docs/api/client-request.md, lib/browser/api/net-fetch.ts, lib/common/api/net-client-request.ts,
 * shell/common/api/electron_api_url_loader.cc):
 *
 * - Built on `net.request`, not `net.fetch`: `net.fetch` is a thin wrapper over the same
 *   ClientRequest that never listens to its `redirect` event, so with `redirect: 'manual'` (which
 *   openid-client sends on every request) a 3xx rejects with "Redirect was cancelled" instead of
 *   returning the response (electron/electron#43715, closed as documented). Here the `redirect`
 *   event becomes the real 3xx with its headers (`Location`) and no body; it is never followed.
 *   The rest mirrors net-fetch.ts: the body and headers normalised by `new Request`, the
 *   response as a global `Response` (openid-client checks it), no body for 204/205/304/HEAD
 *   (net-response.ts).
 * - `credentials: 'omit'`: no cookies sent or stored, and no 401 `login` event (client-request.md).
 *   Without it Electron sends the session's auth data. `cache: 'no-store'`: Chromium's HTTP cache
 *   keeps nothing on disk (Node's fetch has none). `bypassCustomProtocolHandlers`: the app's own
 *   `protocol.handle` handlers never answer a request meant for the network.
 * - Headers: those given are sent as set (openid-client's `user-agent`, `accept`, `content-type`,
 *   `authorization`, `dpop`); no `Origin`, `Sec-Fetch-*` (no origin, no mode is set) or `Cookie`.
 *   The network stack adds its own transport headers (`Host`, `Content-Length`, `Accept-Encoding`,
 *   decoding the body itself); that part is Chromium's and not exercised here (no Electron binary).
 * - `AbortSignal` (openid-client's timeout): aborting calls `request.abort()` and rejects with the
 *   signal's reason (a `TimeoutError`), as net.fetch does; after the headers it errors the body
 *   with it instead, as Node's fetch does, so a stalled body cannot outlast the timeout.
 * - `redirect: 'manual'` only, which openid-client (oauth4webapi) sends on every request and its
 *   `CustomFetchOptions` type demands; any other value is refused before anything is sent.
 * - Nothing thrown escapes into main: Electron calls the request's listeners from native callbacks,
 *   so a status `Response` refuses (outside 200–599) or a header value `Headers` refuses becomes
 *   `TypeError('fetch failed')` with it as the cause.
 * - Failures are `Error('net::ERR_…')`; they become a `TlsFailure` (`store: 'system'`), a
 *   `ProxyFailure` naming the proxy (from the proxy's 407 challenge or `resolveProxy`), or
 *   `TypeError('fetch failed')` with the code, like Node's fetch (see chromium-net-errors.ts).
 * - Proxy authentication: the request's `login` event (not app `login`) fires for a proxy's 407;
 *   this app shows no prompt and cancels it, and Chromium then hands back the proxy's 407
 *   response (`URLRequestHttpJob::CancelAuth`), which becomes a ProxyFailure. Kerberos/NTLM
 *   proxies are answered by Chromium itself without the event.
 *
 * Before the app's `ready` nothing is fetched: Electron's `net` cannot be used then (net.md). The
 * request is refused with a clear error rather than held until ready: the composition fetches only
 * after `whenReady`, so a request before it is a wiring bug, and waiting would turn it into a
 * timeout that blames the provider.
 */
export function createElectronNetFetch(electron: ElectronNetDeps): HttpFetch {
  return async (url, init) => {
    if ((init.redirect as string) !== 'manual') {
      throw new TypeError(
        `Electron's network stack is used with redirect: 'manual' only (as openid-client sends it), ` +
          `not '${String(init.redirect)}'; nothing was sent.`,
      );
    }
    if (!electron.isReady()) {
      throw new Error("Electron's network stack cannot be used before the app is ready; nothing was sent.");
    }
    init.signal?.throwIfAborted();
    const normalised = new Request(url, {
      method: init.method,
      headers: init.headers,
      body: (init.body ?? null) as BodyInit | null,
      ...(init.duplex ? { duplex: init.duplex } : {}),
    });
    const body = normalised.body ? new Uint8Array(await normalised.arrayBuffer()) : undefined;
    init.signal?.throwIfAborted(); // an abort while the body was read fires no listener added later
    return send(electron, normalised, body, init.signal);
  };
}

function send(
  electron: ElectronNetDeps,
  normalised: Request,
  body: Uint8Array | undefined,
  signal: AbortSignal | undefined,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const request = electron.request({
      method: normalised.method,
      url: normalised.url,
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
      bypassCustomProtocolHandlers: true,
    });
    let settled = false;
    let challenge: AuthInfo | undefined;
    /** Settles once; `outcome` runs only then, so nothing rejects after it unobserved. */
    const settle = (outcome: () => Response | Promise<Response>): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort); // a body still streaming listens for itself
      try {
        resolve(outcome());
      } catch (error) {
        reject(new TypeError('fetch failed', { cause: error }));
        request.abort();
      }
    };
    const onAbort = (): void => {
      settle(() => Promise.reject(signal?.reason as Error));
      request.abort();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    // Electron calls these from native callbacks, where a throw would be uncaught in main: what
    // can throw (`new Response`, `Headers.append`) runs inside `settle`, the rest inside `guard`.
    const guard =
      <A extends unknown[]>(listener: (...args: A) => void) =>
      (...args: A): void => {
        try {
          listener(...args);
        } catch (error) {
          settle(() => {
            throw error;
          });
        }
      };
    request.on(
      'login',
      guard((authInfo: AuthInfo, callback: () => void) => {
        if (authInfo.isProxy) challenge = authInfo;
        callback(); // no credentials: the app shows no proxy prompt (see systemProxyMessage)
      }),
    );
    request.on(
      'redirect',
      guard((status: number, _method: string, _location: string, headers: Record<string, string[]>) => {
        settle(() => new Response(null, { status, headers: toHeaders(headers) }));
        request.abort(); // manual: the caller decides; Chromium never follows it
      }),
    );
    request.on(
      'response',
      guard((message: IncomingMessage) => {
        if (message.statusCode === 407) {
          settle(() => proxyAuthFailure(normalised.url, challenge, electron.resolveProxy));
          request.abort();
          return;
        }
        settle(() => toResponse(message, normalised.method, () => request.abort(), signal));
      }),
    );
    request.on(
      'error',
      guard((error: Error) => settle(() => toFetchFailure(error, normalised.url, electron.resolveProxy))),
    );

    try {
      for (const [name, value] of normalised.headers) request.setHeader(name, value);
      if (body) request.write(Buffer.from(body));
      request.end();
    } catch (error) {
      settle(() => Promise.reject(error instanceof Error ? error : new Error(String(error))));
      request.abort();
    }
  });
}
