import type { HttpFetch } from '../../electron/auth/ports.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../demo/demo-constants.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { createFileMetadataCache } from '../../electron/adapters/file-metadata-cache.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';
import { completeLoginOverHttp } from '../../demo/login-over-http.js';
import { demoConfig, demoSession, networkFetch } from '../support/demo-session.js';

let demo: RunningDemo;
let config: AppConfig;
let userData: string;
let attacker: { server: Server; origin: string; requests: string[] };

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  config = demoConfig(demo);
  userData = await mkdtemp(join(tmpdir(), 'metadata-trust-'));
  // Another program running as the same user, waiting for whatever the app sends it.
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  attacker = { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
});

afterAll(async () => {
  const keychain = demoSession(config).secrets;
  for (const account of Object.values(keychainAccounts(config.issuer, config.clientId)))
    await keychain.delete(account);
  await new Promise((resolve) => attacker.server.close(resolve));
  await rm(userData, { recursive: true, force: true });
  await demo.close();
});

const metadataPath = () => join(userData, 'provider-metadata.json');
/** A start of the app: the metadata file in its data folder, the real keychain. */
const start = (options: { fetch?: HttpFetch } = {}) =>
  demoSession(config, { metadataCache: createFileMetadataCache(metadataPath()), ...options });
const paths = (app: ReturnType<typeof start>) => app.seen.map(({ url }) => url.pathname);

/** Rewrite the saved metadata as another program could: same issuer, every endpoint its own. */
async function pointCacheAtAttacker(): Promise<void> {
  const record = JSON.parse(await readFile(metadataPath(), 'utf8')) as {
    metadata: Record<string, unknown>;
  };
  for (const [field, value] of Object.entries(record.metadata)) {
    if (typeof value === 'string' && (field.endsWith('_endpoint') || field === 'jwks_uri'))
      record.metadata[field] = `${attacker.origin}${new URL(value).pathname}`;
  }
  await writeFile(metadataPath(), `${JSON.stringify(record, null, 2)}\n`);
}

describe('provider metadata on disk decides nothing the app did not write itself', () => {
  it('saves the metadata it discovered at the first sign-in', async () => {
    const app = start();
    await app.session.signIn();
    expect(await app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href))).toBe(
      'completed',
    );
    expect(paths(app)[0]).toBe('/.well-known/openid-configuration');
    expect(await readFile(metadataPath(), 'utf8')).toContain(`"issuer": "${demo.issuer}"`);
  });

  it('restores with exactly one request (the refresh) while the saved metadata is intact', async () => {
    const app = start();
    expect((await app.session.restore()).state).toBe('signed-in');
    expect(paths(app)).toEqual(['/token']);
  });

  it('after a rewrite, sends the refresh token nowhere but the real provider, discovered again', async () => {
    await pointCacheAtAttacker();
    const app = start();
    expect(await app.session.restore()).toMatchObject({
      state: 'signed-in',
      user: { subject: DEMO_USER.subject },
    });
    expect(attacker.requests).toEqual([]);
    expect(paths(app)).toEqual(['/.well-known/openid-configuration', '/token']);
    // What was discovered replaced the rewrite, so the next start is one request again.
    const next = start();
    expect((await next.session.restore()).state).toBe('signed-in');
    expect(paths(next)).toEqual(['/token']);
  });

  it('after a rewrite, pushes the sign-in and opens the browser only at the real provider', async () => {
    await pointCacheAtAttacker();
    const app = start();
    await app.session.signIn();
    expect(app.browser.last.origin).toBe(new URL(demo.issuer).origin);
    await app.session.handleRedirect(await completeLoginOverHttp(app.browser.last.href));
    expect(app.session.view().state).toBe('signed-in');
    await app.session.signOut();
    expect(attacker.requests).toEqual([]);
  });

  it('refuses a discovery document that names a plain-http endpoint off this computer', async () => {
    await rm(metadataPath());
    const downgrade: HttpFetch = async (url, init) => {
      const response = await networkFetch(url, init);
      if (!url.endsWith('/.well-known/openid-configuration')) return response;
      const metadata = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...metadata, token_endpoint: 'http://idp.example.test/token' });
    };
    const app = start({ fetch: downgrade });
    const view = await app.session.signIn();
    expect(view).toMatchObject({ state: 'signed-out', error: { code: 'provider_error' } });
    expect(view.state === 'signed-out' && view.error?.message).toMatch(
      /token_endpoint as http:\/\/idp\.example\.test\/token, which is neither https/,
    );
    expect(paths(app)).toEqual(['/.well-known/openid-configuration']);
    await expect(readFile(metadataPath(), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
