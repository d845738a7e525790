import type { ProxyRoute } from '../auth/provider/proxy-problem.js';

/**
 * The proxy environment of the command-line tools (`npm run doctor`, `npm run smoke`), read once:
 * `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`, each also in lower case. Node's fetch ignores them,
 * so the tools hand these values to undici's `EnvHttpProxyAgent` (see env-proxy-fetch.ts) and use
 * the same values to say which proxy they use and to name it when it fails. The Electron app does
 * not read them: Chromium's network stack has the OS proxy settings.
 *
 * The rules are undici's: the lower-case form wins; https requests use `HTTPS_PROXY`, else
 * `HTTP_PROXY`; plain http requests use `HTTP_PROXY` only; `NO_PROXY` lists hosts (`host`,
 * `.domain`, `*.domain`, `host:port`, comma or space separated, `*` for all) reached directly,
 * subdomains included. Loopback is not exempt by itself: list `127.0.0.1,localhost` in
 * `NO_PROXY` to reach a provider on this computer without the proxy. One difference: an empty
 * variable counts as unset here, so `http_proxy=` does not hide `HTTP_PROXY`.
 */

/** One proxy, with the variable it came from. `url` may hold credentials: never print it as is. */
export interface ProxySetting {
  readonly url: URL;
  readonly variable: string;
}

export interface ProxySettings {
  /** For plain http requests. */
  readonly http: ProxySetting | undefined;
  /** For https requests: `HTTPS_PROXY`, else the `HTTP_PROXY` one. */
  readonly https: ProxySetting | undefined;
  /** As set (empty when unset), and the variable it came from. */
  readonly noProxy: string;
  readonly noProxyVariable: string | undefined;
}

/** A proxy variable whose value is no proxy address; the tools refuse to start with it. */
export class ProxySettingsError extends Error {
  override readonly name = 'ProxySettingsError';
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The proxy settings in `env`, or undefined when neither proxy variable is set (then nothing
 * changes: requests go out directly, and nothing is printed). A value without a scheme
 * (`proxy.example.com:3128`) is taken as `http://`, as curl does.
 *
 * @throws {ProxySettingsError} when a value is not an http(s) proxy URL.
 */
export function readProxySettings(env: Env): ProxySettings | undefined {
  const http = proxySetting(env, 'http_proxy', 'HTTP_PROXY');
  const https = proxySetting(env, 'https_proxy', 'HTTPS_PROXY') ?? http;
  if (http === undefined && https === undefined) return undefined;
  const noProxyVariable = firstSet(env, 'no_proxy', 'NO_PROXY');
  return {
    http,
    https,
    noProxy: noProxyVariable === undefined ? '' : (env[noProxyVariable] ?? ''),
    noProxyVariable,
  };
}

function firstSet(env: Env, ...names: readonly string[]): string | undefined {
  return names.find((name) => (env[name] ?? '').trim() !== '');
}

function proxySetting(env: Env, lower: string, upper: string): ProxySetting | undefined {
  const variable = firstSet(env, lower, upper);
  if (variable === undefined) return undefined;
  const value = (env[variable] ?? '').trim();
  const url = URL.parse(/^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new ProxySettingsError(
      `${variable} is not a proxy address: expected http://host:port (or http://user:password@host:port).`,
    );
  }
  return { url, variable };
}

/** A proxy URL as it may be printed: scheme, host and port, with any credentials masked. */
export function printableProxyUrl(url: URL): string {
  const credentials = url.password !== '' ? '***:***@' : url.username !== '' ? '***@' : '';
  return `${url.protocol}//${credentials}${url.host}`;
}

/** The port a URL connects to, its scheme's default when none is written. */
function portOf(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

/** The proxy in the terms an error may name: host, port, variable, whether it has credentials. */
export function toProxyRoute(setting: ProxySetting): ProxyRoute {
  return {
    hostname: setting.url.hostname,
    port: portOf(setting.url),
    variable: setting.variable,
    hasCredentials: setting.url.username !== '' || setting.url.password !== '',
  };
}

/**
 * The proxy a request to `url` goes through, by the rules above (undici's, so that an error is
 * pinned on the proxy that really carried the request); undefined when it goes directly.
 */
export function proxyFor(url: URL, settings: ProxySettings): ProxySetting | undefined {
  const setting = url.protocol === 'https:' ? settings.https : settings.http;
  if (setting === undefined || bypassesProxy(url, settings.noProxy)) return undefined;
  return setting;
}

/** Whether `NO_PROXY` sends a request to `url` directly. */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  if (noProxy.trim() === '*') return true;
  const entries = noProxy.split(/[,\s]/).filter((entry) => entry !== '');
  // `url.host` keeps the brackets of an IPv6 address, as NO_PROXY entries write them.
  const hostname = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = portOf(url);
  return entries.some((entry) => {
    const withPort = /^(.+):(\d+)$/.exec(entry);
    const host = (withPort?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
    if (withPort && Number(withPort[2]) !== port) return false;
    return hostname === host || hostname.endsWith(`.${host}`);
  });
}

/**
 * The line a tool prints before its first request, e.g. "Using the proxy http://127.0.0.1:3128
 * from HTTPS_PROXY (NO_PROXY: 127.0.0.1)." Credentials are masked.
 */
export function describeProxySettings(settings: ProxySettings): string {
  const { http, https } = settings;
  const noProxy = `(${settings.noProxyVariable ?? 'NO_PROXY'}: ${settings.noProxy.trim() || 'not set'})`;
  const named = (setting: ProxySetting): string =>
    `${printableProxyUrl(setting.url)} from ${setting.variable}`;
  if (https === undefined) return 'Using no proxy.';
  if (http === undefined) {
    return `Using the proxy ${named(https)} for https requests; plain http requests go directly ${noProxy}.`;
  }
  if (http.url.href === https.url.href) {
    const from = http.variable === https.variable ? http.variable : `${https.variable} and ${http.variable}`;
    return `Using the proxy ${printableProxyUrl(http.url)} from ${from} ${noProxy}.`;
  }
  return `Using the proxy ${named(https)} for https requests and ${named(http)} for plain http requests ${noProxy}.`;
}
