import * as oauth from 'oauth4webapi';

/** How long the API waits for the provider's discovery document or key set. */
const PROVIDER_TIMEOUT_MS = 5000;

/**
 * oauth4webapi's transport options for a request to `url`: a timeout, and plain http allowed
 * only when the URL is plain http (the demo on loopback), never for https.
 */
export function providerRequestOptions(url: string | URL): oauth.HttpRequestOptions<'GET'> {
  return {
    signal: () => AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    ...(new URL(url).protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  const response = await oauth.discoveryRequest(url, { algorithm: 'oidc', ...providerRequestOptions(url) });
  const metadata = await oauth.processDiscoveryResponse(url, response);
  // RFC 8414 §3.3: the metadata names exactly the issuer it was fetched for; oauth4webapi compares
  // the two as URLs, the demo compares them as published, as the client does.
  if (metadata.issuer !== issuer || typeof metadata.jwks_uri !== 'string') {
    throw new Error('discovery document does not match the issuer');
  }
  return { issuer, jwks_uri: metadata.jwks_uri };
}

/**
 * The authorization server as `validateJwtAccessToken` needs it: the issuer whose tokens are
 * accepted, and where its keys are (`jwks_uri`), found by discovery (RFC 8414 §3, OpenID Connect
 * Discovery 1.0 §4) unless given. Discovery runs on first use and again after a failure, so the
 * API may start before the provider. The same object is answered every time: oauth4webapi keeps
 * its key set cache per authorization server object.
 */
export function issuerMetadata(issuer: string, jwksUri?: string): () => Promise<oauth.AuthorizationServer> {
  if (jwksUri !== undefined) {
    const server = Promise.resolve({ issuer, jwks_uri: jwksUri });
    return () => server;
  }
  let server: Promise<oauth.AuthorizationServer> | undefined;
  return () => {
    server ??= discover(issuer).catch((error: unknown) => {
      server = undefined;
      throw error;
    });
    return server;
  };
}
