import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../../electron/auth/errors.js';
import {
  fromProviderErrorCode,
  fromTlsProblem,
  type OAuthStep,
  fromOAuthFailure,
} from '../../../electron/auth/errors.js';
import {
  namingTlsFailures,
  TlsFailure,
  type TlsProblem,
} from '../../../electron/auth/provider/tls-problem.js';

const ISSUER = 'https://idp.example.test';
const METADATA: oidc.ServerMetadata = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  pushed_authorization_request_endpoint: `${ISSUER}/par`,
  token_endpoint: `${ISSUER}/token`,
  revocation_endpoint: `${ISSUER}/revoke`,
  jwks_uri: `${ISSUER}/jwks`,
};
const STATE = 'state-1';
const NONCE = 'nonce-1';
const CODE_VERIFIER = 'v'.repeat(43);
const CALLBACK = 'com.example.desktop:/callback';

/** The steps that talk to the provider over HTTP; `authorization` is the browser's. */
type HttpStep = Exclude<OAuthStep, 'authorization'>;
const HTTP_STEPS: readonly HttpStep[] = ['discovery', 'par', 'token', 'refresh', 'revocation'];

/** How each step is named in a message (the oracle, written out rather than imported). */
const DOING: Record<OAuthStep, string> = {
  discovery: 'reading its configuration',
  par: 'receiving the sign-in request',
  authorization: 'signing in',
  token: 'exchanging the sign-in code',
  refresh: 'renewing your session',
  revocation: 'revoking the session',
};

/** The openid-client call the app makes at each step (same checks and options), against `fetch`. */
function callAt(step: HttpStep, fetch: oidc.CustomFetch, timeout?: number): Promise<unknown> {
  if (step === 'discovery') {
    return oidc.discovery(new URL(ISSUER), 'desktop', undefined, oidc.None(), {
      [oidc.customFetch]: fetch,
      ...(timeout === undefined ? {} : { timeout }),
    });
  }
  const configuration = offlineConfiguration(fetch);
  if (timeout !== undefined) configuration.timeout = timeout;
  switch (step) {
    case 'par':
      return oidc.buildAuthorizationUrlWithPAR(configuration, {
        response_type: 'code',
        redirect_uri: CALLBACK,
        scope: 'openid',
        state: STATE,
        nonce: NONCE,
        code_challenge: 'c'.repeat(43),
        code_challenge_method: 'S256',
      });
    case 'token':
      return oidc.authorizationCodeGrant(configuration, new URL(`${CALLBACK}?code=the-code&state=${STATE}`), {
        pkceCodeVerifier: CODE_VERIFIER,
        expectedState: STATE,
        expectedNonce: NONCE,
        idTokenExpected: true,
      });
    case 'refresh':
      return oidc.refreshTokenGrant(configuration, 'the-refresh-token');
    case 'revocation':
      return oidc.tokenRevocation(configuration, 'the-refresh-token', { token_type_hint: 'refresh_token' });
  }
}

/** The app's kind of client (public, no authentication) of the provider above, over `fetch`. */
function offlineConfiguration(fetch: oidc.CustomFetch): oidc.Configuration {
  const configuration = new oidc.Configuration(METADATA, 'desktop', undefined, oidc.None());
  configuration[oidc.customFetch] = fetch;
  return configuration;
}

/** What a step's call threw; a call that succeeds fails the test. */
function rejectionOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail, and it succeeded');
    },
    (error: unknown) => error,
  );
}

/** Produces, for a step, the error the app would catch there. */
type Fault = (step: OAuthStep) => Promise<unknown>;

function httpStep(step: OAuthStep): HttpStep {
  if (step === 'authorization') throw new Error('the authorization step makes no HTTP request');
  return step;
}

/** The provider answers every request with this response (openid-client builds the error). */
function answering(status: number, body: string, headers: Record<string, string>): Fault {
  return (step) =>
    rejectionOf(callAt(httpStep(step), () => Promise.resolve(new Response(body, { status, headers }))));
}
const json = (status: number, body: object, headers: Record<string, string> = {}): Fault =>
  answering(status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
const html = (status: number, headers: Record<string, string> = {}): Fault =>
  answering(status, '<h1>Something went wrong</h1>', { 'content-type': 'text/html', ...headers });
const challenge = (status: number, wwwAuthenticate: string): Fault =>
  answering(status, '', { 'www-authenticate': wwwAuthenticate });

/** The request never gets an answer: the fetch rejects with `failure()`, through the app's TLS seam. */
function failing(failure: () => Error): Fault {
  return (step) =>
    rejectionOf(
      callAt(
        httpStep(step),
        namingTlsFailures(() => Promise.reject(failure())),
      ),
    );
}

/** The provider never answers; openid-client's own timeout (here 20 ms) gives up. */
const hanging: Fault = (step) =>
  rejectionOf(
    callAt(
      httpStep(step),
      (_url, { signal }) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason as Error));
        }),
      0.02,
    ),
  );

/** The browser came back to the app with an error response (RFC 6749 §4.1.2.1). */
function redirectedWith(parameters: Record<string, string>): Fault {
  return () => {
    const configuration = new oidc.Configuration(METADATA, 'desktop', undefined, oidc.None());
    const url = new URL(`${CALLBACK}?${new URLSearchParams({ ...parameters, state: STATE }).toString()}`);
    return rejectionOf(
      oidc.authorizationCodeGrant(configuration, url, {
        pkceCodeVerifier: CODE_VERIFIER,
        expectedState: STATE,
      }),
    );
  };
}

/** Something thrown at the caller directly, not by openid-client. */
const thrown =
  (value: () => unknown): Fault =>
  () =>
    Promise.resolve(value());

/** What Node's fetch throws when no connection could be made: the reason is on the cause. */
function fetchFailure(code: string, message: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}
const refused = (): TypeError => fetchFailure('ECONNREFUSED', 'connect ECONNREFUSED 203.0.113.1:443');
const untrusted = (): TypeError =>
  fetchFailure('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain');

/** An unsigned ID token with the given claims (openid-client checks claims, not the signature, here). */
function idToken(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT' };
  const payload = {
    iss: ISSUER,
    aud: 'desktop',
    sub: 'user-1',
    iat: now,
    exp: now + 300,
    nonce: NONCE,
    ...claims,
  };
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(payload)}.c2ln`;
}
const tokens = (claims: Record<string, unknown>): object => ({
  access_token: 'at',
  token_type: 'Bearer',
  id_token: idToken(claims),
});

type Shape = abstract new (...args: never[]) => object;

interface Row {
  readonly shape: Shape;
  readonly step: OAuthStep;
  readonly fault: string;
  readonly produce: Fault;
  readonly code: AuthError['code'];
  readonly says: RegExp;
}

const row = (
  shape: Shape,
  step: OAuthStep,
  fault: string,
  produce: Fault,
  code: AuthError['code'],
  says: RegExp,
): Row => ({ shape, step, fault, produce, code, says });

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const doing = (step: OAuthStep): string => escape(DOING[step]);
const CHECK_CLIENT = 'Check clientId, clientAuthentication and clientSecret in the configuration\\.$';

const ROWS: readonly Row[] = [
  // The browser came back with an error: the step does not change what it means.
  row(
    oidc.AuthorizationResponseError,
    'authorization',
    'error=access_denied',
    redirectedWith({ error: 'access_denied', error_description: 'The user said no' }),
    'access_denied',
    /^Sign-in was cancelled or access was denied at the identity provider\.$/,
  ),
  row(
    oidc.AuthorizationResponseError,
    'token',
    'error=login_required with a description',
    redirectedWith({ error: 'login_required', error_description: 'Log in first' }),
    'provider_error',
    /^The identity provider could not complete the sign-in \(login_required: Log in first\)\.$/,
  ),

  // An OAuth error body (RFC 6749 §5.2): what it means depends on the step.
  row(
    oidc.ResponseBodyError,
    'token',
    '400 invalid_grant',
    json(400, { error: 'invalid_grant', error_description: 'code expired' }),
    'token_request_failed',
    /^The identity provider refused exchanging the sign-in code \(invalid_grant: code expired, HTTP 400\)\.$/,
  ),
  row(
    oidc.ResponseBodyError,
    'refresh',
    '400 invalid_grant',
    json(400, { error: 'invalid_grant', error_description: 'token revoked' }),
    'session_expired',
    /^Your session has ended\. Please sign in again\.$/,
  ),
  row(
    oidc.ResponseBodyError,
    'refresh',
    '400 invalid_scope',
    json(400, { error: 'invalid_scope' }),
    'token_request_failed',
    /^The identity provider refused renewing your session \(invalid_scope, HTTP 400\)\.$/,
  ),
  row(
    oidc.ResponseBodyError,
    'revocation',
    '400 invalid_grant',
    json(400, { error: 'invalid_grant' }),
    'token_request_failed',
    /^The identity provider refused revoking the session \(invalid_grant, HTTP 400\)\.$/,
  ),
  row(
    oidc.ResponseBodyError,
    'revocation',
    '400 unsupported_token_type',
    json(400, { error: 'unsupported_token_type' }),
    'token_request_failed',
    /^The identity provider refused revoking the session \(unsupported_token_type, HTTP 400\)\.$/,
  ),
  row(
    oidc.ResponseBodyError,
    'par',
    '400 invalid_request',
    json(400, { error: 'invalid_request', error_description: 'redirect_uri not registered' }),
    'provider_error',
    /^The identity provider refused receiving the sign-in request \(invalid_request: redirect_uri not registered, HTTP 400\)\.$/,
  ),
  row(
    oidc.ResponseBodyError,
    'token',
    '400 invalid_client',
    json(400, { error: 'invalid_client' }),
    'token_request_failed',
    new RegExp(
      `^The identity provider refused exchanging the sign-in code \\(invalid_client, HTTP 400\\)\\. ${CHECK_CLIENT}`,
    ),
  ),
  row(
    oidc.ResponseBodyError,
    'token',
    '400 with a 300-character description',
    json(400, { error: 'invalid_request', error_description: 'd'.repeat(300) }),
    'token_request_failed',
    /\(invalid_request: d{200}…, HTTP 400\)\.$/,
  ),

  // A challenge instead of a body (RFC 6749 §5.2 invalid_client, RFC 6750 §3).
  row(
    oidc.WWWAuthenticateChallengeError,
    'token',
    '401 Basic, no error parameter',
    challenge(401, 'Basic realm="idp"'),
    'token_request_failed',
    new RegExp(
      `^The identity provider refused exchanging the sign-in code \\(invalid_client, HTTP 401\\)\\. ${CHECK_CLIENT}`,
    ),
  ),
  row(
    oidc.WWWAuthenticateChallengeError,
    'refresh',
    '401 with error and description',
    challenge(401, 'Basic error="invalid_client", error_description="client secret expired"'),
    'token_request_failed',
    new RegExp(
      `^The identity provider refused renewing your session \\(invalid_client: client secret expired, HTTP 401\\)\\. ${CHECK_CLIENT}`,
    ),
  ),
  row(
    oidc.WWWAuthenticateChallengeError,
    'par',
    '401 Basic',
    challenge(401, 'Basic realm="idp"'),
    'provider_error',
    new RegExp(
      `^The identity provider refused receiving the sign-in request \\(invalid_client, HTTP 401\\)\\. ${CHECK_CLIENT}`,
    ),
  ),
  row(
    oidc.WWWAuthenticateChallengeError,
    'token',
    '403 Bearer, no error parameter',
    challenge(403, 'Bearer realm="idp"'),
    'token_request_failed',
    /^The identity provider refused exchanging the sign-in code \(unauthorized, HTTP 403\)\.$/,
  ),
  row(
    oidc.WWWAuthenticateChallengeError,
    'refresh',
    '503 with a challenge',
    challenge(503, 'Bearer error="invalid_grant"'),
    'provider_unreachable',
    /^The identity provider is not available right now \(HTTP 503\) while renewing your session\.$/,
  ),

  // openid-client's own ClientError: a response it could not use, or a token it would not accept.
  row(
    oidc.ClientError,
    'token',
    '400 text/html',
    html(400),
    'token_request_failed',
    /^The identity provider answered with an unexpected response \(HTTP 400\) while exchanging the sign-in code\.$/,
  ),
  row(
    oidc.ClientError,
    'refresh',
    '500 with an invalid_grant body',
    json(500, { error: 'invalid_grant' }),
    'provider_unreachable',
    /^The identity provider is not available right now \(HTTP 500\) while renewing your session\.$/,
  ),
  row(
    oidc.ClientError,
    'refresh',
    '502 text/html',
    html(502),
    'provider_unreachable',
    /^The identity provider is not available right now \(HTTP 502\) while renewing your session\.$/,
  ),
  row(
    oidc.ClientError,
    'discovery',
    '404 text/html',
    html(404),
    'token_request_failed',
    /^The identity provider answered with an unexpected response \(HTTP 404\) while reading its configuration\.$/,
  ),
  row(
    oidc.ClientError,
    'discovery',
    '200 text/html',
    html(200),
    'token_request_failed',
    /^The identity provider answered with an unexpected response \(HTTP 200\) while reading its configuration\.$/,
  ),
  row(
    oidc.ClientError,
    'discovery',
    'metadata for another issuer',
    json(200, { ...METADATA, issuer: 'https://other.example.test' }),
    'provider_error',
    /^The identity provider sent a response that could not be used while reading its configuration\.$/,
  ),
  row(
    oidc.ClientError,
    'token',
    '200 without an access token',
    json(200, { token_type: 'Bearer' }),
    'provider_error',
    /^The identity provider sent a response that could not be used while exchanging the sign-in code\.$/,
  ),
  row(
    oidc.ClientError,
    'token',
    'an ID token for another nonce',
    json(200, tokens({ nonce: 'another-nonce' })),
    'id_token_invalid',
    /^The identity provider sent an identity token that failed validation\.$/,
  ),
  row(
    oidc.ClientError,
    'token',
    'an ID token whose auth_time is older than the max_age asked',
    () =>
      rejectionOf(
        oidc.authorizationCodeGrant(
          offlineConfiguration(() =>
            Promise.resolve(
              Response.json(
                tokens({ auth_time: Math.floor(Date.now() / 1000) - 3600, acr: 'urn:example:mfa' }),
              ),
            ),
          ),
          new URL(`${CALLBACK}?code=the-code&state=${STATE}`),
          { pkceCodeVerifier: CODE_VERIFIER, expectedState: STATE, expectedNonce: NONCE, maxAge: 300 },
        ),
      ),
    'id_token_invalid',
    /^The identity provider did not ask you to sign in again: the sign-in it reported is older than the request allowed \(max_age\)\. /,
  ),
  row(
    oidc.ClientError,
    'token',
    'an expired ID token',
    json(200, tokens({ iat: 1_000_000, exp: 1_000_300 })),
    'id_token_invalid',
    /^The identity provider sent an identity token that failed validation\.$/,
  ),
  row(
    oidc.ClientError,
    'token',
    'an ID token for another audience',
    json(200, tokens({ aud: 'another-client' })),
    'id_token_invalid',
    /^The identity provider sent an identity token that failed validation\.$/,
  ),

  // No answer at all: the same meaning at every step, a refresh included (the session is kept).
  ...HTTP_STEPS.map((step) =>
    row(
      TypeError,
      step,
      'connection refused',
      failing(refused),
      'provider_unreachable',
      new RegExp(
        `^The identity provider could not be reached while ${doing(step)}\\. Check your connection and try again\\.$`,
      ),
    ),
  ),
  ...HTTP_STEPS.map((step) =>
    row(
      oidc.ClientError,
      step,
      'no answer before the timeout',
      hanging,
      'provider_unreachable',
      new RegExp(`^The identity provider did not answer in time while ${doing(step)}\\.$`),
    ),
  ),
  ...HTTP_STEPS.map((step) =>
    row(
      TlsFailure,
      step,
      'a certificate this computer does not trust',
      failing(untrusted),
      'provider_unreachable',
      /^The certificate of idp\.example\.test is not trusted by this computer \(self-signed certificate in certificate chain\)\. .*NODE_EXTRA_CA_CERTS/,
    ),
  ),
  ...HTTP_STEPS.map((step) =>
    row(
      oidc.ClientError,
      step,
      'an unexpected failure inside the fetch',
      failing(() => new Error('boom')),
      'provider_error',
      new RegExp(`^The identity provider sent a response that could not be used while ${doing(step)}\\.$`),
    ),
  ),

  // Thrown at the caller directly, not through openid-client.
  ...(['authorization', ...HTTP_STEPS] as const).map((step) =>
    row(
      DOMException,
      step,
      'a timeout DOMException',
      thrown(() => new DOMException('The operation timed out.', 'TimeoutError')),
      'provider_unreachable',
      new RegExp(`^The identity provider did not answer in time while ${doing(step)}\\.$`),
    ),
  ),
  ...(['authorization', ...HTTP_STEPS] as const).map((step) =>
    row(
      RangeError,
      step,
      'an unknown error',
      thrown(() => new RangeError('out of range')),
      'internal_error',
      new RegExp(`^Something unexpected went wrong while ${doing(step)}\\.$`),
    ),
  ),
  row(
    TypeError,
    'refresh',
    'a TypeError that is not a network failure',
    thrown(() => new TypeError('x is not a function')),
    'internal_error',
    /^Something unexpected went wrong while renewing your session\.$/,
  ),
  row(
    TypeError,
    'refresh',
    'a fetch failure with an expired certificate, outside the TLS seam',
    thrown(() => fetchFailure('CERT_HAS_EXPIRED', 'certificate has expired')),
    'provider_unreachable',
    /^The certificate of the identity provider is outside its validity dates \(certificate has expired\)\./,
  ),
];

describe('fromOAuthFailure: each foreign error, at each step, becomes one specific AuthError', () => {
  it.each(ROWS)('$shape.name ($fault) at $step → $code', async ({ shape, step, produce, code, says }) => {
    const error = await produce(step);
    expect(error).toBeInstanceOf(shape);

    const mapped = fromOAuthFailure(error, step);
    expect(mapped).toBeInstanceOf(AuthError);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toMatch(says);
    expect(mapped.cause).toBe(error);
  });

  it.each([
    ['a string', 'boom'],
    ['undefined', undefined],
    ['a plain object', { message: 'boom' }],
  ])('maps a thrown non-Error (%s) to internal_error', (_name, value) => {
    const mapped = fromOAuthFailure(value, 'token');
    expect(mapped.code).toBe('internal_error');
    expect(mapped.message).toBe('Something unexpected went wrong while exchanging the sign-in code.');
    expect(mapped.cause).toBe(value);
  });

  it.each(['authorization', ...HTTP_STEPS] as const)(
    'passes an AuthError through unchanged at %s',
    (step) => {
      const error = new AuthError('keychain_unavailable', 'The keychain is locked.');
      expect(fromOAuthFailure(error, step)).toBe(error);
    },
  );

  it.each([
    [
      'a refused refresh',
      'refresh',
      json(400, { error: 'invalid_client' }),
      /^Acme ID refused renewing your session/,
    ],
    [
      'no answer',
      'token',
      failing(refused),
      /^Acme ID could not be reached while exchanging the sign-in code/,
    ],
    [
      'a redirect error',
      'authorization',
      redirectedWith({ error: 'server_error' }),
      /^Acme ID could not complete the sign-in \(server_error\)\.$/,
    ],
    [
      'a certificate problem outside the TLS seam',
      'discovery',
      thrown(() => untrusted()),
      /^The certificate of Acme ID is not trusted by this computer/,
    ],
  ] as const)('names the provider it is given for %s', async (_name, step, produce, says) => {
    expect(fromOAuthFailure(await produce(step), step, 'Acme ID').message).toMatch(says);
  });
});

describe('fromProviderErrorCode: the error parameter of an authorization response', () => {
  it.each([
    [
      'access_denied, its description not repeated',
      'access_denied',
      'access_denied',
      'The user said no',
      /^Sign-in was cancelled or access was denied at the identity provider\.$/,
    ],
    [
      'another error without a description',
      'provider_error',
      'login_required',
      undefined,
      /^Acme ID could not complete the sign-in \(login_required\)\.$/,
    ],
    [
      'another error with an empty description',
      'provider_error',
      'consent_required',
      '',
      /^Acme ID could not complete the sign-in \(consent_required\)\.$/,
    ],
    [
      'another error with its description',
      'provider_error',
      'interaction_required',
      'Consent is needed',
      /^Acme ID could not complete the sign-in \(interaction_required: Consent is needed\)\.$/,
    ],
    [
      'a description over 200 characters, clipped',
      'provider_error',
      'server_error',
      'd'.repeat(300),
      /^Acme ID could not complete the sign-in \(server_error: d{200}…\)\.$/,
    ],
    [
      'an error code over 200 characters, clipped',
      'provider_error',
      'e'.repeat(300),
      undefined,
      /^Acme ID could not complete the sign-in \(e{200}…\)\.$/,
    ],
  ] as const)('%s → %s', (_name, code, error, description, says) => {
    const cause = new Error('the redirect');
    const mapped = fromProviderErrorCode(error, description, 'Acme ID', cause);
    expect(mapped).toBeInstanceOf(AuthError);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toMatch(says);
    expect(mapped.cause).toBe(cause);
  });
});

describe('fromTlsProblem: a certificate problem, named with its fix', () => {
  const subject = 'the API at api.example.test';
  it.each([
    [
      'untrusted',
      { kind: 'untrusted', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', reason: 'self-signed certificate' },
      /^The certificate of the API at api\.example\.test is not trusted by this computer \(self-signed certificate\)\. .*set NODE_EXTRA_CA_CERTS to its CA certificate/,
    ],
    [
      'expired',
      { kind: 'expired', code: 'CERT_HAS_EXPIRED', reason: 'certificate has expired' },
      /^The certificate of the API at api\.example\.test is outside its validity dates \(certificate has expired\)\. Check this computer's date and time/,
    ],
    [
      'wrong-host',
      { kind: 'wrong-host', code: 'HOSTNAME_MISMATCH', reason: 'hostname mismatch' },
      /^The certificate of the API at api\.example\.test was issued for another host \(hostname mismatch\)\. Check the host name in the configuration/,
    ],
    [
      'revoked',
      { kind: 'revoked', code: 'CERT_REVOKED', reason: 'certificate revoked' },
      /^The certificate of the API at api\.example\.test has been revoked \(certificate revoked\); the server needs a new one\.$/,
    ],
    [
      'handshake',
      { kind: 'handshake', code: 'ERR_SSL_WRONG_VERSION_NUMBER', reason: 'not TLS' },
      /^The secure connection to the API at api\.example\.test failed \(not TLS\)\. Check that the address is https on the right port\.$/,
    ],
  ] satisfies [string, TlsProblem, RegExp][])('%s', (_kind, problem, says) => {
    const cause = new TypeError('fetch failed');
    const mapped = fromTlsProblem(problem, subject, 'api_unreachable', cause);
    expect(mapped.code).toBe('api_unreachable');
    expect(mapped.message).toMatch(says);
    expect(mapped.message).not.toMatch(/could not be reached/);
    expect(mapped.cause).toBe(cause);
  });
});
