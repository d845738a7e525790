import { describe, expect, it } from 'vitest';
import { resolveApiUrl } from '../../../../electron/auth/api/api-client.js';
import { isAllowedExternalUrl } from '../../../../electron/auth/policy/external-url-guard.js';
import { findRedirectInArgv } from '../../../../electron/main/redirect-intake.js';
import { resolveRendererFile } from '../../../../electron/main/renderer-protocol.js';

describe('resolveApiUrl', () => {
  const base = 'https://api.example.test/v1';
  it.each([
    ['/appointments', 'https://api.example.test/v1/appointments'],
    ['/appointments?from=2026-01-01', 'https://api.example.test/v1/appointments?from=2026-01-01'],
    ['/', 'https://api.example.test/v1/'],
  ])('resolves %s below the base URL', (path, expected) => {
    expect(resolveApiUrl(base, path).href).toBe(expected);
  });

  it.each([
    ['/..%2fadmin', 'https://api.example.test/v1/..%2fadmin'],
    ['/./appointments', 'https://api.example.test/v1/appointments'],
  ])('keeps %s below the base URL, as %s', (path, expected) => {
    expect(resolveApiUrl(base, path).href).toBe(expected);
  });

  it.each([
    ['an absolute URL', 'https://evil.example/steal'],
    ['a scheme-relative URL', '//evil.example/steal'],
    ['a path without a leading slash', 'appointments'],
    ['a dot-dot escape', '/../admin'],
    ['a percent-encoded dot-dot escape', '/%2e%2e/admin'],
    ['an escape into a sibling sharing the prefix', '/../v1x/admin'],
    ['a backslash', '/\\evil.example'],
    ['a control character', '/a\nb'],
  ])('refuses %s: %j', (_name, path) => {
    expect(() => resolveApiUrl(base, path)).toThrow(
      expect.objectContaining({
        name: 'AuthError',
        code: 'invalid_request',
        message: 'The API path must be a relative path under the configured API base URL.',
      }),
    );
  });
});

describe('isAllowedExternalUrl', () => {
  const endpoint = 'https://idp.example.test/oauth2/authorize';
  it.each([
    [
      'the authorization endpoint with a query',
      'https://idp.example.test/oauth2/authorize?client_id=a',
      true,
    ],
    ['another path on the provider', 'https://idp.example.test/admin', false],
    ['another origin', 'https://evil.example/oauth2/authorize', false],
    ['a downgrade to http', 'http://idp.example.test/oauth2/authorize', false],
    ['a file URL', 'file:///etc/passwd', false],
    ['a user name in the URL', 'https://user@idp.example.test/oauth2/authorize', false],
    ['a password in the URL', 'https://:pw@idp.example.test/oauth2/authorize', false],
    ['a fragment', 'https://idp.example.test/oauth2/authorize?client_id=a#top', false],
  ])('%s → %s', (_name, url, allowed) => {
    expect(isAllowedExternalUrl(new URL(url), [endpoint])).toBe(allowed);
  });

  it.each([
    [
      'allows plain http on loopback (the demo)',
      'http://127.0.0.1:4010/auth?x=1',
      'http://127.0.0.1:4010/auth',
      true,
    ],
    [
      'refuses plain http to a named host, even when it is the configured endpoint',
      'http://idp.example.test/auth?x=1',
      'http://idp.example.test/auth',
      false,
    ],
    ['refuses everything when the endpoint is unknown', endpoint, undefined, false],
    ['refuses everything when the endpoint is not a URL', endpoint, 'not a URL', false],
  ])('%s', (_name, url, allowedEndpoint, allowed) => {
    expect(isAllowedExternalUrl(new URL(url), [allowedEndpoint])).toBe(allowed);
  });
});

describe('findRedirectInArgv', () => {
  const url = 'com.example.desktop:/callback?code=a&state=b';
  it.each([
    ['a lone URL', ['app', url], url],
    ['a URL among Chromium switches', ['app', '--no-sandbox', url, '--flag=x'], url],
    [
      'a scheme in another case',
      ['app', url.replace('com.example', 'COM.example')],
      url.replace('com.example', 'COM.example'),
    ],
    ['no URL', ['app', '--flag'], undefined],
    ['two URLs', ['app', url, url], undefined],
    ['another scheme', ['app', 'com.example.other:/callback?code=a'], undefined],
    ['a scheme prefix lookalike', ['app', 'com.example.desktopx:/callback'], undefined],
  ])('%s', (_name, argv, expected) => {
    expect(findRedirectInArgv(argv, 'com.example.desktop')).toBe(expected);
  });
});

describe('resolveRendererFile', () => {
  const root = '/opt/app/renderer';
  it.each([
    ['app://renderer/', '/opt/app/renderer/index.html'],
    ['app://renderer/index.html', '/opt/app/renderer/index.html'],
    ['app://renderer/assets/main.js?v=1', '/opt/app/renderer/assets/main.js'],
    ['app://renderer/../secrets.txt', '/opt/app/renderer/secrets.txt'],
    ['app://renderer/%2e%2e/%2e%2e/etc/passwd', '/opt/app/renderer/etc/passwd'],
    ['app://renderer/..%2f..%2fetc%2fpasswd', undefined],
    ['app://renderer/a%00b', undefined],
    ['app://other/index.html', undefined],
    ['app://renderer/%E0%A4%A', undefined],
  ])('%s → %s', (url, expected) => {
    expect(resolveRendererFile(root, url)).toBe(expected);
  });
});
