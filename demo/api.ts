import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Refusal } from './api-access.js';
import { createAccessCheck } from './api-auth.js';
import { challengeFor } from './api-challenge.js';
import { createProofPolicy, rotatingNonce } from './api-dpop.js';
import { createIntrospectionVerifier, type IntrospectionClient } from './api-introspection-verifier.js';
import { createJwtVerifier } from './api-jwt-verifier.js';
import { createOpaqueVerifier } from './api-opaque-verifier.js';
import { resourceMetadataUrl } from './api-resource-metadata.js';
import { type ApiRoute, matchRoute } from './api-routes.js';
import { checkSignIn } from './api-step-up.js';
import { DEFAULT_API_PORT, DEMO_API_AUDIENCE } from './demo-constants.js';
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
  /**
   * The clock (epoch ms) against which the age of a token's sign-in is judged (RFC 9470 `max_age`);
   * default `Date.now`. Tests move it on to see a sign-in grow too old; token expiry and DPoP
   * proofs keep the real clock.
   */
  readonly clock?: () => number;
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
 * Starts the demo's protected resource server. Its routes (see {@link matchRoute}) need an access
 * token from the demo provider, as a Bearer token (RFC 6750) or DPoP-bound with a proof (RFC
 * 9449): a JWT validated with oauth4webapi (RFC 9068), or an opaque one introspected (RFC 7662).
 * Beyond a valid token, a route may need more scope (403 `insufficient_scope`) or a stronger,
 * more recent sign-in (401 `insufficient_user_authentication`, RFC 9470); every challenge points
 * at the API's protected resource metadata (RFC 9728), which is open. Tokens are never logged or
 * echoed.
 */
export async function startDemoApi(options: DemoApiOptions): Promise<DemoApi> {
  const audience = options.audience ?? DEMO_API_AUDIENCE;
  const tokens = options.tokens ?? { format: 'jwt' };
  const clock = options.clock ?? Date.now;
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
  const refuse = (res: ServerResponse, refusal: Refusal) => {
    const body = { error: refusal.error ?? 'unauthorized', error_description: refusal.description };
    const headers: Record<string, string> =
      refusal.status === 503
        ? {}
        : { 'www-authenticate': challengeFor(refusal, resourceMetadataUrl(origin)), ...nonceHeader() };
    sendJson(res, refusal.status, body, headers);
  };

  async function serveProtected(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    route: Extract<ApiRoute, { kind: 'protected' }>,
  ): Promise<void> {
    const proof = req.headers.dpop;
    const check = await checkAccess({
      authorization: req.headers.authorization,
      proof: typeof proof === 'string' ? proof : undefined,
      method: req.method ?? 'GET',
      // The API's own URL for the resource, which a proof must name (RFC 9449 §4.3 `htu`): never
      // one built from the Host header or an absolute request target, which the client chooses.
      url: new URL(path, origin),
      scopes: route.scopes,
    });
    if (!check.ok) return refuse(res, check);
    const weakSignIn = route.signIn && checkSignIn(check, route.signIn, clock());
    if (weakSignIn) return refuse(res, weakSignIn);
    const answer = route.answer(check);
    sendJson(res, answer.status, answer.body, nonceHeader());
  }

  const server = createDemoServer((req, res) => {
    // A body is never read (no route takes one); drain it so the connection stays usable.
    req.resume();
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const match = matchRoute(path);
    if (!match) {
      sendJson(res, 404, { error: 'not_found', error_description: 'No such resource' });
      return;
    }
    if (req.method !== match.method) {
      const description = `Only ${match.method} is supported`;
      sendJson(
        res,
        405,
        { error: 'method_not_allowed', error_description: description },
        { allow: match.method },
      );
      return;
    }
    const { route } = match;
    if (route.kind === 'open') {
      const answer = route.answer({ resource: origin, issuer: options.issuer });
      sendJson(res, answer.status, answer.body);
      return;
    }
    serveProtected(req, res, path, route).catch(() => {
      if (!res.headersSent)
        sendJson(res, 500, { error: 'server_error', error_description: 'Unexpected error' });
    });
  }, options.tls);

  origin = loopbackOrigin(await listenOnLoopback(server, options.port ?? DEFAULT_API_PORT), options.tls);
  return { url: origin, close: () => closeServer(server) };
}
