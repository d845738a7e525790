import { startDemoApi } from './api.js';
import { startDemoProvider } from './provider.js';

/** Options of {@link startDemo}; ports default to the demo constants, 0 picks ephemeral ports. */
export interface StartDemoOptions {
  readonly providerPort?: number;
  readonly apiPort?: number;
  readonly accessTokenTtlSeconds?: number;
  readonly logger?: (line: string) => void;
}

/** The running demo: authorization server and protected API. */
export interface RunningDemo {
  readonly issuer: string;
  readonly apiUrl: string;
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
  });
  try {
    const api = await startDemoApi({
      issuer: provider.issuer,
      ...(options.apiPort === undefined ? {} : { port: options.apiPort }),
    });
    return {
      issuer: provider.issuer,
      apiUrl: api.url,
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
