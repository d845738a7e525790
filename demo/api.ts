import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { type AccessCheck, createAccessCheck } from './api-auth.js';
import { createProofPolicy, PROOF_ALGORITHMS } from './api-dpop.js';
import { createIntrospectionVerifier, type IntrospectionClient } from './api-introspection-verifier.js';
import { createJwtVerifier } from './api-jwt-verifier.js';
import { createOpaqueVerifier } from './api-opaque-verifier.js';
import { appointmentsFor } from './appointments.js';
import { DEFAULT_API_PORT, DEMO_API_AUDIENCE, DEMO_API_REALM, DEMO_API_SCOPE } from './demo-constants.js';
import {
  closeServer,
  createDemoServer,
  type DemoTls,
  listenOnLoopback,
  loopbackOrigin,
} from './loopback-server.js';

/** Options of {@link startDemoApi}. */
export interface DemoApiOptions {
  /** TCP port on 127.0.0.1; default {@link DEFAULT_API_PORT}, 0 for an ephemeral port. */
  readonly port?: number;
  /** The only issuer whose tokens are accepted (exact match, RFC 9068 §4). */
  readonly issuer: string;
  /** Expected `aud`; default {@link DEMO_API_AUDIENCE}. */
  readonly audience?: string;
  /**
   * How tokens are verified: JWTs against the issuer's keys (found by discovery unless `jwksUri`
   * is given), or opaque tokens by introspection. Default: JWTs, by discovery.
   */
  readonly tokens?:
    | { readonly format: 'jwt'; readonly jwksUri?: string; readonly algorithms?: readonly string[] }
    | { readonly format: 'opaque'; readonly introspection: IntrospectionClient };
  /** Require a server-issued nonce in DPoP proofs (RFC 9449 §9), sent in `DPoP-Nonce`. */
  readonly requireDpopNonce?: boolean;
  /**
   * Serve https with this certificate instead of plain http. The API's own requests to the
   * provider (discovery, keys, introspection) use Node's trust store, so the process running it
   * must trust the provider's CA (`NODE_EXTRA_CA_CERTS`).
   */
  readonly tls?: DemoTls;
}

/** A running demo API. */
export interface DemoApi {
  /** Base URL, `http(s)://127.0.0.1:<port>` without a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * The RFC 6750 §3 / RFC 9449 §7.1 challenge: both schemes and no error code when no credentials
 * were sent at all (RFC 6750 §3.1), otherwise the scheme the client used or must use.
 */
function challenge(check: Exclude<AccessCheck, { ok: true }>): string {
  const dpop = `DPoP realm="${DEMO_API_REALM}", algs="${PROOF_ALGORITHMS.join(' ')}"`;
  if (!check.error) return `Bearer realm="${DEMO_API_REALM}", ${dpop}`;
  const parts = [check.scheme === 'DPoP' ? dpop : `Bearer realm="${DEMO_API_REALM}"`];
  if (check.error) parts.push(`error="${check.error}"`, `error_description="${check.description}"`);
  if (check.error === 'insufficient_scope') parts.push(`scope="${DEMO_API_SCOPE}"`);
  return parts.join(', ');
}

/**
 * Starts the demo's protected resource server: `GET /appointments` needs an access token from the
 * demo provider, as a Bearer token (RFC 6750) or DPoP-bound with a proof (RFC 9449): a JWT
 * validated with oauth4webapi (RFC 9068), or an opaque one introspected (RFC 7662). It answers
 * with the subject's appointments; `GET /health` is open. Tokens are never logged or echoed.
 */
export async function startDemoApi(options: DemoApiOptions): Promise<DemoApi> {
  const audience = options.audience ?? DEMO_API_AUDIENCE;
  const tokens = options.tokens ?? { format: 'jwt' };
  const nonce = options.requireDpopNonce ? rotatingNonce() : undefined;
  const checkAccess = createAccessCheck(
    tokens.format === 'opaque'
      ? createOpaqueVerifier(createIntrospectionVerifier(tokens.introspection, options.issuer, audience))
      : createJwtVerifier(options.issuer, audience, tokens),
    createProofPolicy(nonce ? { nonce } : {}),
  );
  // A server that wants nonces hands out the current one with every protected answer (§9).
  const nonceHeader = (): Record<string, string> => (nonce ? { 'dpop-nonce': nonce() } : {});

  /** Where the API listens, known once it does; requests arrive only after that. */
  let origin = '';
  const server = createDemoServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== '/health' && path !== '/appointments') {
      sendJson(res, 404, { error: 'not_found', error_description: 'No such resource' });
      return;
    }
    if (req.method !== 'GET') {
      sendJson(
        res,
        405,
        { error: 'method_not_allowed', error_description: 'Only GET is supported' },
        { allow: 'GET' },
      );
      return;
    }
    if (path === '/health') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    const proof = req.headers.dpop;
    checkAccess({
      authorization: req.headers.authorization,
      proof: typeof proof === 'string' ? proof : undefined,
      method: req.method,
      // The API's own URL for the resource, which a proof must name (RFC 9449 §4.3 `htu`): never
      // one built from the Host header or an absolute request target, which the client chooses.
      url: new URL(path, origin),
    }).then(
      (check) => {
        if (check.ok) {
          sendJson(
            res,
            200,
            { subject: check.subject, appointments: appointmentsFor(check.subject) },
            nonceHeader(),
          );
          return;
        }
        const body = { error: check.error ?? 'unauthorized', error_description: check.description };
        const headers: Record<string, string> =
          check.status === 503 ? {} : { 'www-authenticate': challenge(check), ...nonceHeader() };
        sendJson(res, check.status, body, headers);
      },
      () => sendJson(res, 500, { error: 'server_error', error_description: 'Unexpected error' }),
    );
  }, options.tls);

  origin = loopbackOrigin(await listenOnLoopback(server, options.port ?? DEFAULT_API_PORT), options.tls);
  return { url: origin, close: () => closeServer(server) };
}

/** A nonce that changes every five minutes, so a proof cannot be made long in advance (RFC 9449 §9). */
function rotatingNonce(): () => string {
  let value = randomBytes(16).toString('base64url');
  let issuedAt = Date.now();
  return () => {
    if (Date.now() - issuedAt > 5 * 60_000) {
      value = randomBytes(16).toString('base64url');
      issuedAt = Date.now();
    }
    return value;
  };
}
