import { describe, expect, it } from 'vitest';
import { fromOAuthFailure } from '../../../../electron/auth/errors.js';
import { proxyProblemMessage } from '../../../../electron/auth/provider/connection-problem-messages.js';
import {
  classifyProxyError,
  findProxyFailure,
  type ProxyProblem,
  ProxyFailure,
  type ProxyRoute,
} from '../../../../electron/auth/provider/proxy-problem.js';
import { describeFailure } from '../../../../electron/doctor/describe-failure.js';

const route: ProxyRoute = {
  hostname: 'proxy.corp',
  port: 3128,
  variable: 'HTTPS_PROXY',
  hasCredentials: false,
};

/** The chain undici's fetch throws when the proxy answers CONNECT with `status`. */
function tunnelRefused(status: number): TypeError {
  const abort = Object.assign(new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`), {
    name: 'AbortError',
    code: 'UND_ERR_ABORTED',
  });
  return new TypeError('fetch failed', { cause: new Error('Request was cancelled.', { cause: abort }) });
}

function socketFailure(fields: Record<string, unknown>): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('connect failed'), fields) });
}

describe('classifyProxyError', () => {
  it.each<[string, unknown, ProxyRoute, ProxyProblem | undefined]>([
    ['407 without credentials', tunnelRefused(407), route, { kind: 'auth-required', status: 407 }],
    [
      '407 with credentials',
      tunnelRefused(407),
      { ...route, hasCredentials: true },
      { kind: 'credentials-refused', status: 407 },
    ],
    ['403 to the CONNECT', tunnelRefused(403), route, { kind: 'tunnel-refused', status: 403 }],
    ['502 to the CONNECT', tunnelRefused(502), route, { kind: 'tunnel-refused', status: 502 }],
    [
      "a forwarding proxy's 407",
      new TypeError('fetch failed', { cause: new Error('Proxy Authentication Required (407)') }),
      route,
      { kind: 'auth-required', status: 407 },
    ],
    [
      'refused at the proxy port',
      socketFailure({ code: 'ECONNREFUSED', address: '10.0.0.1', port: 3128 }),
      route,
      { kind: 'unreachable', code: 'ECONNREFUSED' },
    ],
    [
      'an unknown proxy host',
      socketFailure({ code: 'ENOTFOUND', hostname: 'PROXY.corp' }),
      route,
      { kind: 'unreachable', code: 'ENOTFOUND' },
    ],
    ['refused at another port', socketFailure({ code: 'ECONNREFUSED', port: 443 }), route, undefined],
    [
      'another unknown host',
      socketFailure({ code: 'ENOTFOUND', hostname: 'id.example.com' }),
      route,
      undefined,
    ],
    ["the server's certificate", socketFailure({ code: 'SELF_SIGNED_CERT_IN_CHAIN' }), route, undefined],
    ['not an error', 'nope', route, undefined],
  ])('%s', (_name, error, proxy, expected) => {
    expect(classifyProxyError(error, proxy)).toEqual(expected);
  });
});

describe('proxyProblemMessage', () => {
  const failure = (problem: ProxyProblem, target = 'id.example.com:443', variable = 'HTTPS_PROXY') =>
    new ProxyFailure({ ...route, variable }, target, problem, { cause: undefined });

  it('names the proxy, the variable and the fix for each problem', () => {
    expect(proxyProblemMessage(failure({ kind: 'auth-required', status: 407 }))).toBe(
      'The proxy at proxy.corp:3128 refused the connection: it requires authentication (HTTP 407). ' +
        'Put the credentials in HTTPS_PROXY (http://user:password@host:port) or ask your IT department.',
    );
    expect(
      proxyProblemMessage(failure({ kind: 'credentials-refused', status: 407 }, undefined, 'https_proxy')),
    ).toMatch(
      /^The proxy at proxy\.corp:3128 refused the credentials in https_proxy \(HTTP 407\)\. Check the user name/,
    );
    expect(proxyProblemMessage(failure({ kind: 'tunnel-refused', status: 403 }))).toBe(
      'The proxy at proxy.corp:3128 would not connect to id.example.com:443 (HTTP 403). The proxy blocks ' +
        'that server or cannot reach it: ask your IT department to allow it, or add it to NO_PROXY if ' +
        'this computer reaches it without the proxy.',
    );
    expect(proxyProblemMessage(failure({ kind: 'unreachable', code: 'ENOTFOUND' }))).toBe(
      'The proxy at proxy.corp:3128 could not be reached (ENOTFOUND). Check the host and port in ' +
        'HTTPS_PROXY, and that the proxy is running.',
    );
  });

  it('says to list this computer in NO_PROXY when the server is on loopback', () => {
    expect(proxyProblemMessage(failure({ kind: 'tunnel-refused', status: 502 }, '127.0.0.1:3000'))).toContain(
      '127.0.0.1 is this computer, which the proxy cannot reach: add it to NO_PROXY',
    );
  });
});

describe('a ProxyFailure on its way through the core and the doctor', () => {
  const failure = new ProxyFailure(
    route,
    'id.example.com:443',
    { kind: 'auth-required', status: 407 },
    {
      cause: tunnelRefused(407),
    },
  );

  it('is found under openid-client-style wrapping', () => {
    expect(findProxyFailure(new Error('outer', { cause: failure }))).toBe(failure);
    expect(findProxyFailure(tunnelRefused(407))).toBeUndefined();
  });

  it('becomes provider_unreachable with the proxy sentence, at every step', () => {
    for (const step of ['discovery', 'token', 'refresh'] as const) {
      const error = fromOAuthFailure(failure, step);
      expect(error.code).toBe('provider_unreachable');
      expect(error.message).toBe(proxyProblemMessage(failure));
    }
  });

  it('is a proxy failure to the doctor, not a timeout (undici calls the refusal an AbortError)', () => {
    expect(describeFailure(failure)).toEqual({ kind: 'proxy', explanation: proxyProblemMessage(failure) });
  });
});
