import { type BodyInit as UndiciBodyInit, EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { ProxyFailure, classifyProxyError } from '../auth/provider/proxy-problem.js';
import type { HttpFetch } from '../auth/ports.js';
import { nodeFetch } from '../auth/provider/provider-client.js';
import { type ProxySettings, proxyFor, readProxySettings, toProxyRoute } from './proxy-settings.js';

/** The fetch a command-line tool uses, the proxy settings behind it, and how to let go of it. */
export interface EnvProxyFetch {
  readonly fetch: HttpFetch;
  /** Undefined when no proxy variable is set: then `fetch` is Node's own, unchanged. */
  readonly settings: ProxySettings | undefined;
  /** Close the proxy connections (kept alive between requests) so the process can end. */
  close(): Promise<void>;
}

/**
 * The fetch port for `npm run doctor` and `npm run smoke`, honouring `HTTP_PROXY`, `HTTPS_PROXY`
 * and `NO_PROXY` (see proxy-settings.ts), which Node's fetch ignores: on a corporate network the
 * provider is often reachable only through a proxy. Not for the Electron app, whose requests will
 * go through Chromium's network stack with the OS proxy settings.
 *
 * Why undici's own `fetch` with undici's `EnvHttpProxyAgent`, not Node's fetch with that agent as
 * `dispatcher`: Node bundles its own undici (6 in Node 20), whose fetch calls a dispatcher through
 * the handler interface of its own version, which a dispatcher from another major need not keep.
 * The agent verifies certificates against Node's default CA store, which holds the certificates
 * of `NODE_EXTRA_CA_CERTS` (Node adds them at start-up), so an organisation's CA (a TLS-inspecting
 * proxy) is trusted the same way with or without the proxy. Proxy credentials in the URL
 * (`http://user:password@host:port`) go in the `Proxy-Authorization` header of the CONNECT.
 *
 * Every response is handed back as a global `Response`: undici's package has its own class, and
 * the core and openid-client recognise responses by the global one. A failure that is the
 * proxy's becomes a {@link ProxyFailure} naming the proxy (never its credentials) and the server.
 *
 * @throws {import('./proxy-settings.js').ProxySettingsError} when a proxy variable is no proxy URL.
 */
export function createEnvProxyFetch(env: Readonly<Record<string, string | undefined>>): EnvProxyFetch {
  const settings = readProxySettings(env);
  if (settings === undefined) return { fetch: nodeFetch, settings, close: () => Promise.resolve() };
  const agent = new EnvHttpProxyAgent({
    // Explicit values, so undici reads exactly what was read and printed; '' means none.
    httpProxy: settings.http?.url.href ?? '',
    httpsProxy: settings.https?.url.href ?? '',
    noProxy: settings.noProxy.trim(),
  });
  const fetch: HttpFetch = async (url, init) => {
    try {
      const response = await undiciFetch(url, {
        method: init.method,
        headers: init.headers,
        body: (init.body ?? null) as UndiciBodyInit | null,
        redirect: init.redirect,
        dispatcher: agent,
        ...(init.signal ? { signal: init.signal } : {}),
        ...(init.duplex ? { duplex: init.duplex } : {}),
      });
      return new Response(response.body as ReadableStream<Uint8Array> | null, {
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers],
      });
    } catch (error) {
      const target = new URL(url);
      const proxy = proxyFor(target, settings);
      const route = proxy && toProxyRoute(proxy);
      const problem = route && classifyProxyError(error, route);
      throw route && problem ? new ProxyFailure(route, target.host, problem, { cause: error }) : error;
    }
  };
  return { fetch, settings, close: () => agent.close() };
}
