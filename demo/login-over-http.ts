import { DEMO_USER } from './demo-constants.js';

/** Answers the demo provider's pages the way a person at a browser would. */
export interface DemoLoginOptions {
  /** Default the demo account's (`DEMO_USER`); `DEMO_OTHER_USER` signs in as someone else. */
  readonly username?: string;
  readonly password?: string;
  /**
   * The one-time code for the second-factor page, shown when the request asks for
   * `urn:example:mfa` (the running provider's `secondFactorCode`). Without it that page fails
   * the walk.
   */
  readonly secondFactorCode?: string;
  readonly consent?: 'allow' | 'deny';
  /** Sees each page's HTML before it is answered. */
  readonly onPage?: (html: string) => void;
  /**
   * The browser's cookies, for walks that must share the provider's session (a later request
   * that finds the user signed in); each walk has its own by default.
   */
  readonly cookies?: DemoCookieJar;
}

interface StoredCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

/** A one-host cookie jar: enough of RFC 6265 (§5.1.4 path matching, §5.3 expiry) for the demo. */
export class DemoCookieJar {
  #cookies: StoredCookie[] = [];

  store(requestUrl: URL, setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const attribute = (key: string): string | undefined =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const defaultPath = requestUrl.pathname.slice(0, requestUrl.pathname.lastIndexOf('/')) || '/';
      const path = attribute('path') ?? defaultPath;
      const maxAge = attribute('max-age');
      const expires = attribute('expires');
      const expired =
        (maxAge !== undefined && Number(maxAge) <= 0) ||
        (expires !== undefined && Date.parse(expires) <= Date.now());
      this.#cookies = this.#cookies.filter((c) => !(c.name === name && c.path === path));
      if (!expired) this.#cookies.push({ name, value, path });
    }
  }

  header(url: URL): string {
    const matches = (path: string): boolean =>
      url.pathname === path ||
      (url.pathname.startsWith(path) && (path.endsWith('/') || url.pathname[path.length] === '/'));
    return this.#cookies
      .filter((c) => matches(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function formAction(html: string, pageUrl: URL): URL {
  const action = /<form[^>]*\saction="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form on the page at ${pageUrl.pathname}`);
  return new URL(decodeEntities(action), pageUrl);
}

function pageError(html: string): string | undefined {
  const text = /id="error"[^>]*>([\s\S]*?)<\/(?:p|div)>/.exec(html)?.[1];
  return text === undefined ? undefined : decodeEntities(text.replace(/<[^>]*>/g, '')).trim();
}

/**
 * Walks the demo provider's login and consent pages with plain `fetch`, the way a browser would:
 * manual redirects, a cookie jar, form posts to the forms' actions. Returns the authorization
 * response URL (RFC 6749 §4.1.2) the provider redirects to — the private-use scheme or a loopback
 * URL on another origin — without following it. Throws with the page's message when a page shows
 * an error (for instance a wrong password or one-time code), since no redirect happens then.
 */
export async function completeLoginOverHttp(
  authorizationUrl: string,
  options: DemoLoginOptions = {},
): Promise<string> {
  const providerOrigin = new URL(authorizationUrl).origin;
  const jar = options.cookies ?? new DemoCookieJar();
  let url = new URL(authorizationUrl);
  let body: URLSearchParams | undefined;
  let lastPage: 'login' | 'second-factor' | 'consent' | undefined;

  for (let step = 0; step < 20; step += 1) {
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = jar.header(url);
    if (cookie) headers['cookie'] = cookie;
    const init: RequestInit = body ? { method: 'POST', headers, body } : { method: 'GET', headers };
    const response = await fetch(url, { ...init, redirect: 'manual' });
    jar.store(url, response.headers.getSetCookie());
    body = undefined;

    if (REDIRECT_STATUSES.has(response.status)) {
      const location = response.headers.get('location');
      if (!location) throw new Error(`redirect without Location from ${url.pathname}`);
      const next = new URL(location, url);
      if (next.origin !== providerOrigin) return next.href;
      url = next;
      continue;
    }

    const html = await response.text();
    options.onPage?.(html);
    const error = pageError(html);
    if (error !== undefined || response.status !== 200) {
      throw new Error(
        `demo provider page ${url.pathname} answered ${response.status}: ${error ?? 'no message'}`,
      );
    }
    if (html.includes('id="username"') && lastPage !== 'login') {
      body = new URLSearchParams({
        username: options.username ?? DEMO_USER.username,
        password: options.password ?? DEMO_USER.password,
      });
      lastPage = 'login';
    } else if (html.includes('id="code"') && lastPage !== 'second-factor') {
      if (options.secondFactorCode === undefined) {
        throw new Error(`the provider asks for a one-time code at ${url.pathname}, and none was given`);
      }
      body = new URLSearchParams({ code: options.secondFactorCode });
      lastPage = 'second-factor';
    } else if (html.includes('id="allow"') && lastPage !== 'consent') {
      body = new URLSearchParams({ decision: options.consent ?? 'allow' });
      lastPage = 'consent';
    } else {
      throw new Error(`unexpected page at ${url.pathname}`);
    }
    url = formAction(html, url);
  }
  throw new Error('too many steps without reaching the redirect URI');
}
