import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

import { DEFAULT_PROVIDER_PORT, DEMO_API_CLIENT_ID, DEMO_SIGNING_ALG } from './demo-constants.js';
import { createInteractionRoutes } from './interactions.js';
import {
  closeServer,
  createDemoServer,
  type DemoTls,
  listenOnLoopback,
  loopbackOrigin,
} from './loopback-server.js';
import { buildProviderConfiguration } from './provider-config.js';
import { type ProviderHabits, type ResolvedHabits, resolveHabits } from './provider-habits.js';
import { generateSecondFactorCode } from './second-factor.js';

/** Options of {@link startDemoProvider}. */
export interface DemoProviderOptions {
  /** TCP port on 127.0.0.1; default {@link DEFAULT_PROVIDER_PORT}, 0 for an ephemeral port. */
  readonly port?: number;
  /** Lifetime of access tokens; default 600 s. Tests shorten it to exercise expiry. */
  readonly accessTokenTtlSeconds?: number;
  /** Receives one line per notable event. Lines never contain tokens, codes or redirect URLs. */
  readonly logger?: (line: string) => void;
  /** A real provider's habits to take on; none by default. */
  readonly habits?: ProviderHabits;
  /** Serve https with this certificate instead of plain http; the issuer is then `https://…`. */
  readonly tls?: DemoTls;
}

/** A running demo authorization server. */
export interface DemoProvider {
  /** Issuer identifier, `http(s)://127.0.0.1:<port>` without a trailing slash (RFC 8414 §2). */
  readonly issuer: string;
  readonly habits: ResolvedHabits;
  /** The API's credentials for introspection (RFC 7662 §2.1); registered only for opaque tokens. */
  readonly apiClient: { readonly clientId: string; readonly clientSecret: string };
  /**
   * The one-time code the second-factor page accepts (six digits, made at this start), for a
   * sign-in asked to be `urn:example:mfa`. Shown to whoever runs the demo; never logged.
   */
  readonly secondFactorCode: string;
  /** Stops the server, including keep-alive connections. */
  close(): Promise<void>;
}

/**
 * Signing key and cookie keys are generated in memory at every start: this is a demo, so tokens,
 * sessions and keys are meant to vanish with the process (a real server keeps them in a KMS).
 */
async function generateSecrets(): Promise<{
  signingKey: object;
  cookieKeys: string[];
  apiClientSecret: string;
}> {
  const { privateKey } = await generateKeyPair(DEMO_SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return {
    signingKey: { ...jwk, kid, alg: DEMO_SIGNING_ALG, use: 'sig' },
    cookieKeys: [randomBytes(32).toString('base64url')],
    apiClientSecret: randomBytes(32).toString('base64url'),
  };
}

function describeError(error: Error): string {
  const description = (error as Error & { error_description?: unknown }).error_description;
  return typeof description === 'string' ? `${error.message} (${description})` : error.message;
}

/**
 * Starts the bundled OpenID Connect provider (oidc-provider) on loopback, so the desktop client can
 * run a real Authorization Code + PKCE flow (RFC 6749 §4.1, RFC 7636, RFC 8252) with no external
 * account. Its own login and consent pages are served under `/interaction/`.
 */
export async function startDemoProvider(options: DemoProviderOptions = {}): Promise<DemoProvider> {
  const log = options.logger ?? (() => undefined);
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createDemoServer((req, res) => handle(req, res), options.tls);
  const port = await listenOnLoopback(server, options.port ?? DEFAULT_PROVIDER_PORT);
  const issuer = loopbackOrigin(port, options.tls);
  const habits = resolveHabits(options.habits);
  const secondFactorCode = generateSecondFactorCode();
  let apiClientSecret: string;
  try {
    const secrets = await generateSecrets();
    apiClientSecret = secrets.apiClientSecret;
    const configuration = buildProviderConfiguration({
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 600,
      habits,
      ...secrets,
    });
    const provider = new Provider(issuer, configuration);
    // Error objects carry codes and descriptions, never token values; log only those.
    for (const event of ['server_error', 'authorization.error', 'grant.error', 'end_session.error']) {
      provider.on(event, (_ctx, error) => log(`${event}: ${describeError(error)}`));
    }
    const routeInteraction = createInteractionRoutes(provider, log, secondFactorCode);
    const callback = provider.callback();
    handle = (req, res) => {
      if (habits.discovery === 'none' && req.url?.startsWith('/.well-known/')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
        return;
      }
      routeInteraction(req, res).then(
        (handled) => handled || callback(req, res),
        () => res.writeHead(500).end(),
      );
    };
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  log(`demo provider listening at ${issuer}`);
  return {
    issuer,
    habits,
    apiClient: { clientId: DEMO_API_CLIENT_ID, clientSecret: apiClientSecret },
    secondFactorCode,
    close: () => closeServer(server),
  };
}
