import { startDemoApi } from './api.js';
import type { DemoTls } from './loopback-server.js';
import { type DemoProvider, startDemoProvider } from './provider.js';
import { demoEndpoints, type ProviderHabits, type ResolvedHabits } from './provider-habits.js';

/** Options of {@link startDemo}; ports default to the demo constants, 0 picks ephemeral ports. */
export interface StartDemoOptions {
  readonly providerPort?: number;
  readonly apiPort?: number;
  readonly accessTokenTtlSeconds?: number;
  readonly logger?: (line: string) => void;
  /** A real provider's habits for the authorization server to take on (and the API to match). */
  readonly habits?: ProviderHabits;
  /** The API requires its own nonce in DPoP proofs (RFC 9449 §9). */
  readonly apiRequiresDpopNonce?: boolean;
  /**
   * Serve the provider and the API over https with this certificate (the hosted-provider path,
   * RFC 8252 §8.3); plain http on loopback when absent, so `npm start` shows no certificate
   * warning in the user's browser.
   */
  readonly tls?: DemoTls;
}

/** The running demo: authorization server and protected API. */
export interface RunningDemo {
  readonly issuer: string;
  readonly apiUrl: string;
  readonly habits: ResolvedHabits;
  /** The provider's one-time code for a second factor (`urn:example:mfa` sign-ins), made at start. */
  readonly secondFactorCode: string;
  /** Stops the API, then the provider. */
  close(): Promise<void>;
}

/**
 * Starts the bundled authorization server and then the API that trusts it, so `npm start`, the CLI
 * and the tests get a complete OAuth 2.0 setup (RFC 6749 §1.1 roles) on loopback with one call.
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const provider = await startDemoProvider({
    ...(options.providerPort === undefined ? {} : { port: options.providerPort }),
    ...(options.accessTokenTtlSeconds === undefined
      ? {}
      : { accessTokenTtlSeconds: options.accessTokenTtlSeconds }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.habits === undefined ? {} : { habits: options.habits }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  try {
    const api = await startDemoApi({
      issuer: provider.issuer,
      tokens: apiTokenVerification(provider),
      requireDpopNonce: options.apiRequiresDpopNonce ?? false,
      ...(options.tls === undefined ? {} : { tls: options.tls }),
      ...(options.apiPort === undefined ? {} : { port: options.apiPort }),
    });
    return {
      issuer: provider.issuer,
      apiUrl: api.url,
      habits: provider.habits,
      secondFactorCode: provider.secondFactorCode,
      close: async () => {
        await api.close();
        await provider.close();
      },
    };
  } catch (error) {
    await provider.close();
    throw error;
  }
}

/** The API verifies tokens the way the provider's habits call for. */
function apiTokenVerification(provider: DemoProvider) {
  const endpoints = demoEndpoints(provider.issuer);
  if (provider.habits.accessTokens === 'opaque') {
    return {
      format: 'opaque',
      introspection: { endpoint: endpoints.introspection, ...provider.apiClient },
    } as const;
  }
  // Without a discovery document, the API is told where the keys are, like the client is.
  return provider.habits.discovery === 'none'
    ? ({ format: 'jwt', jwksUri: endpoints.jwks } as const)
    : ({ format: 'jwt' } as const);
}
