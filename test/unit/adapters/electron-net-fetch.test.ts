/**
 * The fetch port over Electron's `net.request` (Chromium's network stack), against a fake `net`:
 * what each request is built with, what comes back, and what each Chromium failure becomes, in
 * the words a person sees. Where it can, Node's fetch plays Chromium against a real server on
 * 127.0.0.1, so responses, redirects and bodies really pass through.
 */
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { Net } from 'electron';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseResolvedProxy } from '../../../electron/adapters/chromium-net-errors.js';
import { createElectronNetFetch } from '../../../electron/adapters/electron-net-fetch.js';
import { fromOAuthFailure } from '../../../electron/auth/errors.js';
import type { HttpFetch } from '../../../electron/auth/ports.js';
import { ProxyFailure } from '../../../electron/auth/provider/proxy-problem.js';
import { TlsFailure } from '../../../electron/auth/provider/tls-problem.js';
import { validateConfig } from '../../../electron/auth/config/config.js';
import { checkProtectedApi } from '../../../electron/doctor/api-check.js';
import { connectionProblem } from '../../../electron/doctor/connection-checks.js';
import { FakeNet, FakeSession } from '../../../harness/fake-electron-net.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly bytes: Buffer;
}

let server: Server;
let origin: string;
const seen: Seen[] = [];

function answer(request: IncomingMessage, response: ServerResponse, bytes: Buffer): void {
  const body = bytes.toString();
  seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, bytes });
  if (request.url === '/token') {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify({ access_token: 'at', token_type: 'Bearer' }));
  } else if (request.url?.startsWith('/authorize')) {
    response.writeHead(302, { location: '/login?step=1' });
    response.end('<a href="/login?step=1">moved</a>');
  } else if (request.url === '/empty') {
    response.writeHead(204);
    response.end();
  } else if (request.url === '/stall') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"access_token":'); // and nothing more
  } else if (request.url === '/echo') {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(bytes);
  } else if (request.url === '/api') {
    response.setHeader('dpop-nonce', 'eyJ7S_zG.9oqW');
    response.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
    response.setHeader('www-authenticate', [
      'Bearer realm="api"',
      'DPoP algs="ES256", error="use_dpop_nonce"',
    ]);
    response.writeHead(401);
    response.end();
  } else if (request.url !== '/never') {
    response.writeHead(404);
    response.end();
  }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => answer(request, response, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let net: FakeNet;
let session: FakeSession;
let ready: boolean;
let fetch: HttpFetch;
beforeEach(() => {
  seen.length = 0;
  net = new FakeNet();
  session = new FakeSession();
  ready = true;
  fetch = createElectronNetFetch({
    request: net.request as unknown as Net['request'],
    resolveProxy: (url) => session.resolveProxy(url),
    isReady: () => ready,
  });
});

/** A request as openid-client sends it: explicit headers, `redirect: 'manual'`, a timeout signal. */
const tokenRequest = (url: string, signal = AbortSignal.timeout(5000)) =>
  fetch(url, {
    method: 'POST',
    headers: { accept: 'application/json', 'user-agent': 'oauth4webapi/v3' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: 'c0de' }),
    redirect: 'manual',
    signal,
  });

const rejection = async (promise: Promise<unknown>): Promise<Error> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error)) throw new Error('expected a rejection with an Error');
  return error;
};

describe('createElectronNetFetch: the request', () => {
  it('goes out without cookies, cache or custom protocols, redirects manual, headers and body as given', async () => {
    const response = await tokenRequest(`${origin}/token`);

    expect(net.requests).toHaveLength(1);
    const [request] = net.requests;
    expect(request?.options).toEqual({
      method: 'POST',
      url: `${origin}/token`,
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
      bypassCustomProtocolHandlers: true,
    });
    // The form body as fetch serialises it, with the content type fetch gives it.
    expect(request?.headers).toEqual({
      accept: 'application/json',
      'user-agent': 'oauth4webapi/v3',
      'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
    });
    expect(request?.body?.toString()).toBe('grant_type=authorization_code&code=c0de');
    expect(seen[0]).toMatchObject({ method: 'POST', body: 'grant_type=authorization_code&code=c0de' });
    expect(seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');

    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ access_token: 'at', token_type: 'Bearer' });
  });

  it('hands back a redirect as the real 3xx with its Location, never following it', async () => {
    const response = await fetch(`${origin}/authorize?client_id=desktop`, {
      method: 'GET',
      headers: { accept: 'text/html' },
      body: undefined,
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?step=1');
    expect(await response.text()).toBe(''); // Chromium reports a redirect without its body
    expect(seen.map(({ url }) => url)).toEqual(['/authorize?client_id=desktop']);
    expect(net.requests[0]?.aborted).toBe(true);
  });

  it('gives a 204 no body, and sends no body for a GET', async () => {
    const response = await fetch(`${origin}/empty`, {
      method: 'GET',
      headers: {},
      body: undefined,
      redirect: 'manual',
    });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(net.requests[0]?.body).toBeUndefined();
  });

  it('aborts the request when the signal fires, rejecting with its reason (the timeout)', async () => {
    const error = await rejection(tokenRequest(`${origin}/never`, AbortSignal.timeout(50)));
    expect(error.name).toBe('TimeoutError');
    expect(net.requests[0]?.aborted).toBe(true);
    expect(fromOAuthFailure(error, 'token').message).toMatch(/did not answer in time/);
  });

  it('errors a stalled body when the signal fires after the headers, aborting the request', async () => {
    const response = await tokenRequest(`${origin}/stall`, AbortSignal.timeout(300));
    expect(response.status).toBe(200);
    const started = Date.now();
    const error = await rejection(response.text());
    expect(error.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(net.requests[0]?.aborted).toBe(true);
  });

  it('aborts the request when the body is cancelled', async () => {
    const response = await tokenRequest(`${origin}/stall`);
    await response.body?.cancel();
    expect(net.requests[0]?.aborted).toBe(true);
  });

  it.each([
    ['breaks off', (message: PassThrough) => message.destroy(new Error('net::ERR_CONNECTION_RESET'))],
    ['is aborted', (message: PassThrough) => message.emit('aborted')],
    ['closes before its end', (message: PassThrough) => message.destroy()],
  ])('ends the body with TypeError("terminated") when the message %s', async (_, breakOff) => {
    const message = Object.assign(new PassThrough(), { statusCode: 200, statusMessage: 'OK', headers: {} });
    net.carry = (request) => {
      request.emit('response', message);
    };
    const response = await tokenRequest(`${origin}/token`);
    message.write('{"access_token":');
    breakOff(message);
    const error = await rejection(response.text());
    expect([error.name, error.message]).toEqual(['TypeError', 'terminated']);
  });

  it('sends nothing for a signal already aborted', async () => {
    const error = await rejection(tokenRequest(`${origin}/token`, AbortSignal.abort()));
    expect(error.name).toBe('AbortError');
    expect(net.requests).toEqual([]);
  });

  it('sends nothing for a signal aborted while the body was read', async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      pull(stream) {
        stream.enqueue(new TextEncoder().encode('grant_type=refresh_token'));
        controller.abort();
        stream.close();
      },
    });
    const sending = fetch(`${origin}/token`, {
      method: 'POST',
      headers: {},
      body,
      duplex: 'half',
      redirect: 'manual',
      signal: controller.signal,
    });
    const error = await rejection(sending);
    expect(error.name).toBe('AbortError');
    expect(net.requests).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('refuses any redirect mode but manual, sending nothing', async () => {
    const error = await rejection(
      fetch(`${origin}/token`, {
        method: 'GET',
        headers: {},
        body: undefined,
        redirect: 'follow' as 'manual',
      }),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      "Electron's network stack is used with redirect: 'manual' only (as openid-client sends it), " +
        "not 'follow'; nothing was sent.",
    );
    expect(net.requests).toEqual([]);
  });

  it.each([
    ['a string', 'grant_type=refresh_token&refresh_token=r%C3%A9fresh'],
    ['bytes', new Uint8Array([0, 1, 127, 128, 254, 255, 13, 10])],
  ])('sends %s as the body, intact', async (_, body) => {
    const response = await fetch(`${origin}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
      redirect: 'manual',
    });
    const sent = Buffer.from(body);
    expect(seen[0]?.bytes).toEqual(sent);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(sent);
  });

  it('refuses to fetch before the app is ready, sending nothing', async () => {
    ready = false;
    await expect(tokenRequest(`${origin}/token`)).rejects.toThrow(
      "Electron's network stack cannot be used before the app is ready; nothing was sent.",
    );
    expect(net.requests).toEqual([]);
    expect(seen).toEqual([]);
  });
});

describe('createElectronNetFetch: response headers', () => {
  const apiCall = () =>
    fetch(`${origin}/api`, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' });

  it('hands on a DPoP nonce, each cookie, and every challenge', async () => {
    const response = await apiCall();
    expect(response.status).toBe(401);
    expect(response.headers.get('dpop-nonce')).toBe('eyJ7S_zG.9oqW');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
    // As openid-client reads them: a 401's challenges, thrown as WWWAuthenticateChallengeError.
    const thrown = await oauth
      .processUserInfoResponse({ issuer: origin }, { client_id: 'desktop' }, oauth.skipSubjectCheck, response)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(thrown).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const challenges = (thrown as oauth.WWWAuthenticateChallengeError).cause;
    expect(challenges.map(({ scheme, parameters }) => [scheme, parameters])).toEqual([
      ['bearer', { realm: 'api' }],
      ['dpop', { algs: 'ES256', error: 'use_dpop_nonce' }],
    ]);
  });

  it('come as Electron formats them: the first of a singleton, others joined, cookies apart', async () => {
    net.carry = (request) =>
      request.respond(200, {
        'Content-Type': ['application/json', 'text/html'],
        location: ['/first', '/second'],
        'www-authenticate': ['Bearer', 'DPoP algs="ES256"'],
        'set-cookie': 'only=1',
      });
    const response = await apiCall();
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('location')).toBe('/first');
    expect(response.headers.get('www-authenticate')).toBe('Bearer, DPoP algs="ES256"');
    expect(response.headers.getSetCookie()).toEqual(['only=1']);
  });
});

describe('createElectronNetFetch: nothing thrown escapes into main', () => {
  const expectFetchFailed = async (cause: ErrorConstructor | RangeErrorConstructor) => {
    const error = await rejection(tokenRequest('https://login.example.com/token'));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('fetch failed');
    expect(error.cause).toBeInstanceOf(cause);
    expect(net.requests.at(-1)?.aborted).toBe(true);
  };

  it('a status a Response cannot carry is fetch failed', async () => {
    net.carry = (request) => request.respond(600, {}, 'odd');
    await expectFetchFailed(RangeError);
  });

  it('a header value Headers refuses is fetch failed, in a response or a redirect', async () => {
    net.carry = (request) => request.respond(200, { 'x-odd': 'a\nb' });
    await expectFetchFailed(TypeError);
    net.carry = (request) => {
      request.emit('redirect', 302, 'GET', 'https://x.example/', { location: ['a\nb'] });
    };
    await expectFetchFailed(TypeError);
  });

  it('a request Electron refuses to send rejects with its error, and a later abort does nothing', async () => {
    const refusal = new Error("Invalid header name: 'x'");
    fetch = createElectronNetFetch({
      request: ((options: never) => {
        const request = net.request(options);
        request.setHeader = () => {
          throw refusal;
        };
        return request;
      }) as unknown as Net['request'],
      resolveProxy: (url) => session.resolveProxy(url),
      isReady: () => true,
    });
    const controller = new AbortController();
    expect(await rejection(tokenRequest(`${origin}/token`, controller.signal))).toBe(refusal);
    expect(net.requests[0]?.aborted).toBe(true);
    // Nothing listens any more: a later abort cannot reject a promise nobody holds.
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(seen).toEqual([]);
  });
});

describe('createElectronNetFetch: what a Chromium failure becomes', () => {
  const failWith = (message: string) => {
    net.carry = (request) => request.fail(message);
    return rejection(tokenRequest('https://login.example.com/token'));
  };

  it.each([
    [
      'net::ERR_CERT_AUTHORITY_INVALID',
      'The certificate of login.example.com is not trusted by this computer (issued by an authority ' +
        'this computer does not trust). If your organisation uses its own certificate authority (a ' +
        "TLS-inspecting proxy, for instance), it must be installed in this computer's certificate " +
        "store: ask your IT department; otherwise the server's certificate is wrong.",
    ],
    ['net::ERR_CERT_DATE_INVALID', /^The certificate of login\.example\.com is outside its validity dates/],
    [
      'net::ERR_CERT_COMMON_NAME_INVALID',
      /^The certificate of login\.example\.com was issued for another host/,
    ],
    ['net::ERR_CERT_REVOKED', /^The certificate of login\.example\.com has been revoked/],
    [
      'net::ERR_SSL_PROTOCOL_ERROR',
      /^The secure connection to login\.example\.com failed \(TLS protocol error/,
    ],
    [
      'net::ERR_CERT_KNOWN_INTERCEPTION_BLOCKED',
      /^This computer refused the secure connection to login\.example\.com \(a certificate known to be used to intercept.*ask your IT department\.$/,
    ],
    [
      'net::ERR_CERT_UNABLE_TO_CHECK_REVOCATION',
      /^This computer refused the secure connection to login\.example\.com \(revocation status could not be checked.*ask your IT department\.$/,
    ],
    [
      'net::ERR_CERT_SOMETHING_NEW',
      /^The secure connection to login\.example\.com failed \(ERR_CERT_SOMETHING_NEW\)/,
    ],
  ])('%s is a TLS failure naming the host', async (message, words) => {
    const error = await failWith(message);
    expect(error).toBeInstanceOf(TlsFailure);
    expect((error as TlsFailure).host).toBe('login.example.com');
    expect((error as TlsFailure).problem.store).toBe('system');
    const shown = fromOAuthFailure(error, 'discovery');
    expect(shown.code).toBe('provider_unreachable');
    if (typeof words === 'string') expect(shown.message).toBe(words);
    else expect(shown.message).toMatch(words);
    expect(shown.message).not.toContain('NODE_EXTRA_CA_CERTS');
  });

  it("a proxy's 407 after the unanswered login prompt names the proxy that challenged", async () => {
    const answered: unknown[][] = [];
    net.carry = (request) => {
      const authInfo = { isProxy: true, scheme: 'basic', host: 'proxy.corp', port: 8080, realm: 'Corp' };
      request.emit('login', authInfo, (...args: unknown[]) => answered.push(args));
      request.respond(407, { 'proxy-authenticate': 'Basic realm="Corp"' }); // as Chromium after CancelAuth
    };
    const error = await rejection(tokenRequest('https://login.example.com/token'));

    expect(answered).toEqual([[]]); // cancelled: no credentials, no prompt
    expect(error).toBeInstanceOf(ProxyFailure);
    expect((error as ProxyFailure).proxy).toEqual({
      hostname: 'proxy.corp',
      port: 8080,
      variable: undefined,
      hasCredentials: false,
    });
    const shown = fromOAuthFailure(error, 'token');
    expect(shown.code).toBe('provider_unreachable');
    expect(shown.message).toBe(
      'The proxy at proxy.corp:8080 refused the connection: it requires authentication (HTTP 407), ' +
        'and this app does not ask for a proxy password. Ask your IT department to let this app ' +
        'reach login.example.com through the proxy, or to allow signing in to the proxy with your ' +
        'computer account (Kerberos or NTLM).',
    );
    expect(shown.message).not.toMatch(/HTTPS_PROXY|NO_PROXY|variable/);
    expect(session.resolved).toEqual([]);
  });

  it('a proxy sign-in Chromium cannot do names the proxy the system settings choose', async () => {
    session.proxy = 'PROXY proxy.corp:3128; DIRECT';
    const error = await failWith('net::ERR_PROXY_AUTH_UNSUPPORTED');
    expect(session.resolved).toEqual(['https://login.example.com/token']);
    expect(fromOAuthFailure(error, 'token').message).toMatch(
      /^The proxy at proxy\.corp:3128 refused the connection: it requires authentication \(HTTP 407\)/,
    );
  });

  it('a proxy that cannot be reached, or will not open the tunnel, is named with its fix', async () => {
    session.proxy = 'PROXY proxy.corp:3128';
    expect(fromOAuthFailure(await failWith('net::ERR_PROXY_CONNECTION_FAILED'), 'discovery').message).toBe(
      'The proxy at proxy.corp:3128 could not be reached (ERR_PROXY_CONNECTION_FAILED). Check the ' +
        "proxy in this computer's network settings (or its automatic configuration script), and that " +
        'the proxy is running; your IT department knows which proxy it should be.',
    );
    expect(fromOAuthFailure(await failWith('net::ERR_TUNNEL_CONNECTION_FAILED'), 'discovery').message).toBe(
      'The proxy at proxy.corp:3128 refused to connect to login.example.com. The proxy blocks that ' +
        'server or cannot reach it: ask your IT department to allow it.',
    );
  });

  it('does not wait on a proxy lookup that never answers: the failure comes, naming no proxy', async () => {
    session.resolveProxy = () => new Promise(() => undefined); // a PAC script that hangs
    const started = Date.now();
    const failure = await failWith('net::ERR_PROXY_CONNECTION_FAILED');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fromOAuthFailure(failure, 'discovery').message).toMatch(
      /^The proxy in this computer's settings could not be reached \(ERR_PROXY_CONNECTION_FAILED\)/,
    );
  });

  it('a proxy the settings no longer name, and a PAC script that fails, still say it is the proxy', async () => {
    session.proxy = 'DIRECT';
    expect(fromOAuthFailure(await failWith('net::ERR_TUNNEL_CONNECTION_FAILED'), 'token').message).toMatch(
      /^The proxy in this computer's settings refused to connect to login\.example\.com\./,
    );
    expect(fromOAuthFailure(await failWith('net::ERR_PAC_SCRIPT_FAILED'), 'token').message).toMatch(
      /^This computer's proxy configuration could not be used \(ERR_PAC_SCRIPT_FAILED\)/,
    );
  });

  it('gets a row of its own in the provider check', async () => {
    session.proxy = 'PROXY proxy.corp:3128';
    const proxy = connectionProblem(await failWith('net::ERR_PROXY_CONNECTION_FAILED'));
    expect(proxy?.check).toMatchObject({
      id: 'proxy',
      status: 'fail',
      detail:
        'The proxy at proxy.corp:3128 (system settings) could not be reached (ERR_PROXY_CONNECTION_FAILED).',
    });
    const tls = connectionProblem(await failWith('net::ERR_CERT_AUTHORITY_INVALID'));
    expect(tls?.check).toMatchObject({ id: 'tls', status: 'fail' });
    expect(tls?.check.detail).toMatch(/^login\.example\.com: issued by an authority/);
  });

  it("gives the API's certificate the certificate's fix in the provider check, not 'start the API'", async () => {
    net.carry = (request) => request.fail('net::ERR_CERT_AUTHORITY_INVALID');
    const config = validateConfig({
      issuer: 'https://login.example.com',
      clientId: 'desktop',
      redirectUri: 'com.example.desktop:/callback',
      apiBaseUrl: 'https://api.example.com',
    });
    const row = await checkProtectedApi(config, fetch);
    expect(row).toMatchObject({
      status: 'fail',
      detail:
        'https://api.example.com/appointments: issued by an authority this computer does not trust ' +
        '(ERR_CERT_AUTHORITY_INVALID).',
    });
    expect(row.fix).toMatch(
      /^The certificate of the API at api\.example\.com is not trusted by this computer/,
    );
  });

  it('anything else is fetch’s own TypeError with the code, "could not be reached"', async () => {
    const error = await failWith('net::ERR_NAME_NOT_RESOLVED');
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('fetch failed');
    expect(error.cause).toMatchObject({
      message: 'net::ERR_NAME_NOT_RESOLVED',
      code: 'ERR_NAME_NOT_RESOLVED',
    });
    expect(fromOAuthFailure(error, 'discovery').message).toMatch(/could not be reached while/);
  });

  it('a refused connection to a real port fails as Chromium reports it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await rejection(tokenRequest(`http://127.0.0.1:${port}/token`));
    expect(error.cause).toMatchObject({ code: 'ERR_CONNECTION_REFUSED' });
  });
});

describe('parseResolvedProxy', () => {
  it.each([
    ['PROXY proxy.corp:8080; DIRECT', { hostname: 'proxy.corp', port: 8080 }],
    ['DIRECT;PROXY b:1', { hostname: 'b', port: 1 }],
    ['HTTPS secure.proxy:443', { hostname: 'secure.proxy', port: 443 }],
    ['SOCKS5 [::1]:1080', { hostname: '[::1]', port: 1080 }],
    ['DIRECT', undefined],
    ['', undefined],
  ])('%j', (answer, expected) => {
    expect(parseResolvedProxy(answer)).toEqual(expected);
  });
});
