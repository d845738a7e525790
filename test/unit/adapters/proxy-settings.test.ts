import { describe, expect, it } from 'vitest';
import {
  bypassesProxy,
  describeProxySettings,
  printableProxyUrl,
  proxyFor,
  ProxySettingsError,
  readProxySettings,
  toProxyRoute,
} from '../../../electron/adapters/proxy-settings.js';

const read = (env: Record<string, string>) => {
  const settings = readProxySettings(env);
  if (settings === undefined) throw new Error('no settings');
  return settings;
};

describe('readProxySettings', () => {
  it('is undefined when no proxy variable is set, or only NO_PROXY, or an empty one', () => {
    expect(readProxySettings({})).toBeUndefined();
    expect(readProxySettings({ NO_PROXY: '127.0.0.1' })).toBeUndefined();
    expect(readProxySettings({ HTTPS_PROXY: '', http_proxy: '  ' })).toBeUndefined();
  });

  it.each([
    [{ HTTPS_PROXY: 'http://p:1' }, undefined, 'HTTPS_PROXY'],
    [{ HTTP_PROXY: 'http://p:1' }, 'HTTP_PROXY', 'HTTP_PROXY'],
    [{ http_proxy: 'http://a:1', HTTP_PROXY: 'http://b:1' }, 'http_proxy', 'http_proxy'],
    [
      { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:1', HTTP_PROXY: 'http://c:1' },
      'HTTP_PROXY',
      'https_proxy',
    ],
    // An empty lower-case variable does not hide the upper-case one.
    [{ https_proxy: '', HTTPS_PROXY: 'http://b:1' }, undefined, 'HTTPS_PROXY'],
  ])('%j: http from %s, https from %s', (env, http, https) => {
    const settings = read(env);
    expect(settings.http?.variable).toBe(http);
    expect(settings.https?.variable).toBe(https);
  });

  it('takes a value without a scheme as http://, as curl does', () => {
    expect(read({ HTTPS_PROXY: 'proxy.example.com:3128' }).https?.url.href).toBe(
      'http://proxy.example.com:3128/',
    );
  });

  it('reads NO_PROXY, lower case first, and says which variable', () => {
    expect(read({ HTTP_PROXY: 'http://p:1', no_proxy: 'a', NO_PROXY: 'b' })).toMatchObject({
      noProxy: 'a',
      noProxyVariable: 'no_proxy',
    });
    expect(read({ HTTP_PROXY: 'http://p:1' })).toMatchObject({ noProxy: '', noProxyVariable: undefined });
  });

  it.each(['socks4://127.0.0.1:1080', 'ftp://proxy:21', 'http://', '::::'])('refuses %s', (value) => {
    expect(() => readProxySettings({ HTTPS_PROXY: value })).toThrow(ProxySettingsError);
    expect(() => readProxySettings({ HTTPS_PROXY: value })).toThrow(/^HTTPS_PROXY is not a proxy address/);
  });
});

describe('printableProxyUrl', () => {
  it.each([
    ['http://user:secret@127.0.0.1:3128', 'http://***:***@127.0.0.1:3128'],
    ['http://token@proxy.example.com:8080/', 'http://***@proxy.example.com:8080'],
    ['https://proxy.example.com', 'https://proxy.example.com'],
    ['http://[::1]:3128', 'http://[::1]:3128'],
  ])('%s is shown as %s', (url, shown) => {
    expect(printableProxyUrl(new URL(url))).toBe(shown);
  });
});

describe('toProxyRoute', () => {
  it('keeps host, port (or the default) and whether there were credentials, not the credentials', () => {
    const route = toProxyRoute({ url: new URL('http://u:p@proxy.example.com'), variable: 'HTTPS_PROXY' });
    expect(route).toEqual({
      hostname: 'proxy.example.com',
      port: 80,
      variable: 'HTTPS_PROXY',
      hasCredentials: true,
    });
    expect(JSON.stringify(route)).not.toMatch(/"u"|"p"/);
  });
});

describe('proxyFor and NO_PROXY (undici rules)', () => {
  const settings = read({ HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://h:1' });

  it('sends https through HTTPS_PROXY and plain http through HTTP_PROXY', () => {
    expect(proxyFor(new URL('https://id.example.com/'), settings)?.variable).toBe('HTTPS_PROXY');
    expect(proxyFor(new URL('http://127.0.0.1:3000/'), settings)?.variable).toBe('HTTP_PROXY');
  });

  it('sends plain http directly when only HTTPS_PROXY is set', () => {
    expect(proxyFor(new URL('http://127.0.0.1:3000/'), read({ HTTPS_PROXY: 'http://s:1' }))).toBeUndefined();
  });

  it('does not exempt loopback by itself', () => {
    expect(bypassesProxy(new URL('http://127.0.0.1:3000/'), '')).toBe(false);
    expect(bypassesProxy(new URL('http://localhost:3000/'), 'example.com')).toBe(false);
  });

  it.each([
    ['http://127.0.0.1:3000/', '127.0.0.1', true],
    ['http://127.0.0.1:3000/', 'localhost, 127.0.0.1', true],
    ['http://127.0.0.1:3000/', '127.0.0.1:3000', true],
    ['http://127.0.0.1:3000/', '127.0.0.1:4000', false],
    ['https://id.example.com/', 'example.com', true],
    ['https://id.example.com/', '.example.com', true],
    ['https://id.example.com/', '*.example.com', true],
    ['https://id.example.com:443/', 'id.example.com:443', true],
    ['https://badexample.com/', 'example.com', false],
    ['https://ID.Example.COM/', 'id.example.com', true],
    ['http://[::1]:3000/', '[::1]', true],
    ['https://anything.test/', '*', true],
  ])('%s with NO_PROXY=%s goes directly: %s', (url, noProxy, direct) => {
    expect(bypassesProxy(new URL(url), noProxy)).toBe(direct);
  });
});

describe('describeProxySettings', () => {
  it('names the proxy, its variable and NO_PROXY, with credentials masked', () => {
    expect(
      describeProxySettings(read({ HTTPS_PROXY: 'http://u:pw@127.0.0.1:3128', NO_PROXY: 'localhost' })),
    ).toBe(
      'Using the proxy http://***:***@127.0.0.1:3128 from HTTPS_PROXY for https requests; plain http requests go directly (NO_PROXY: localhost).',
    );
    expect(describeProxySettings(read({ HTTP_PROXY: 'http://127.0.0.1:3128' }))).toBe(
      'Using the proxy http://127.0.0.1:3128 from HTTP_PROXY (NO_PROXY: not set).',
    );
  });

  it('says one proxy once when both variables name it, and both when they differ', () => {
    expect(
      describeProxySettings(read({ HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1', no_proxy: 'a' })),
    ).toBe('Using the proxy http://p:1 from HTTPS_PROXY and HTTP_PROXY (no_proxy: a).');
    expect(describeProxySettings(read({ HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://h:1' }))).toBe(
      'Using the proxy http://s:1 from HTTPS_PROXY for https requests and http://h:1 from HTTP_PROXY for plain http requests (NO_PROXY: not set).',
    );
  });
});
