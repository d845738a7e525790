import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OAuth2Server from '@node-oauth/oauth2-server';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * `@node-oauth/oauth2-server` from npm, a third-party OAuth 2.0 authorization server engine, on
 * 127.0.0.1 with the small in-memory model it asks its users to write. The engine does the
 * protocol (authorization endpoint, code grant with PKCE S256, refresh with rotation, error
 * responses); the model only stores things, names the one user (signed in without a page, as
 * a mock), and adds an ID token to token responses so the server speaks OpenID Connect enough for
 * this client. It publishes no discovery document, no revocation and no userinfo endpoint.
 */
export interface NodeOAuthServer {
  readonly issuer: string;
  readonly endpoints: { readonly authorization: string; readonly token: string; readonly jwks: string };
  close(): Promise<void>;
}

interface StoredCode {
  readonly authorizationCode: string;
  readonly expiresAt: Date;
  readonly redirectUri: string;
  readonly scope?: string[];
  readonly codeChallenge?: string;
  readonly codeChallengeMethod?: string;
  readonly client: OAuth2Server.Client;
  readonly user: OAuth2Server.User;
}

export async function startNodeOAuthServer(options: {
  readonly clientId: string;
  readonly redirectUris: readonly string[];
}): Promise<NodeOAuthServer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const client: OAuth2Server.Client = {
    id: options.clientId,
    redirectUris: [...options.redirectUris],
    grants: ['authorization_code', 'refresh_token'],
  };
  const codes = new Map<string, StoredCode>();
  const tokens = new Map<string, OAuth2Server.Token>();
  let issuer = '';

  const idToken = (user: OAuth2Server.User, nonce: unknown) =>
    new SignJWT({ name: 'Grace Hopper', ...(typeof nonce === 'string' ? { nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setAudience(options.clientId)
      .setSubject(String(user['id']))
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

  const model: OAuth2Server.AuthorizationCodeModel & OAuth2Server.RefreshTokenModel = {
    getClient: (clientId) => Promise.resolve(clientId === client.id ? client : false),
    saveAuthorizationCode: (code, codeClient, user) => {
      const stored = { ...code, client: codeClient, user };
      codes.set(code.authorizationCode, stored);
      return Promise.resolve(stored);
    },
    getAuthorizationCode: (code) => Promise.resolve(codes.get(code) ?? false),
    revokeAuthorizationCode: (code) => Promise.resolve(codes.delete(code.authorizationCode)),
    saveToken: async (token, tokenClient, user) => {
      // Only the code grant passes `authorizationCode`; it is the one response that carries the nonce.
      const fromCode = typeof token['authorizationCode'] === 'string';
      const nonce: unknown = fromCode ? user['nonce'] : undefined;
      const saved: OAuth2Server.Token = { ...token, client: tokenClient, user };
      delete saved['authorizationCode']; // else the engine would echo it as an extended attribute
      saved['id_token'] = await idToken(user, nonce);
      tokens.set(token.accessToken, saved);
      if (token.refreshToken) tokens.set(token.refreshToken, saved);
      return saved;
    },
    getAccessToken: (accessToken) => Promise.resolve(tokens.get(accessToken) ?? false),
    getRefreshToken: (refreshToken) => {
      const token = tokens.get(refreshToken);
      return Promise.resolve(token?.refreshToken === refreshToken ? { ...token, refreshToken } : false);
    },
    revokeToken: (token) => Promise.resolve(tokens.delete(token.refreshToken)),
    validateScope: (_user, _client, scope) => Promise.resolve(scope ?? ['openid']),
  };
  const oauth = new OAuth2Server({ model });
  // The one user, signed in without a page; the nonce rides along to the ID token (OIDC Core §3.1.2.1).
  const authenticateHandler = {
    handle: (request: OAuth2Server.Request) => ({ id: 'grace', nonce: request.query?.['nonce'] }),
  };

  const server: Server = createServer((req, res) => {
    void handle(req).then(({ status, headers, body }) => {
      res.writeHead(status, headers).end(body);
    });
  });
  async function handle(req: IncomingMessage) {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/jwks') return json(200, jwks);
    const request = new OAuth2Server.Request({
      method: req.method ?? 'GET',
      headers: req.headers as Record<string, string>,
      query: Object.fromEntries(url.searchParams),
      body: Object.fromEntries(new URLSearchParams(await readBody(req))),
    });
    const response = new OAuth2Server.Response();
    try {
      if (url.pathname === '/authorize') await oauth.authorize(request, response, { authenticateHandler });
      else if (url.pathname === '/token')
        await oauth.token(request, response, {
          allowExtendedTokenAttributes: true,
          requireClientAuthentication: { authorization_code: false, refresh_token: false },
        });
      else return json(404, { error: 'not_found' });
    } catch (error) {
      const failure = error as OAuth2Server.OAuthError;
      return json(failure.code, { error: failure.name, error_description: failure.message });
    }
    const headers = { ...(response.headers ?? {}) };
    const body = response.body === undefined ? '' : JSON.stringify(response.body);
    return {
      status: response.status ?? 200,
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    endpoints: { authorization: `${issuer}/authorize`, token: `${issuer}/token`, jwks: `${issuer}/jwks` },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(status: number, body: unknown) {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
