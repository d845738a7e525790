import { describe, expect, it } from 'vitest';
import { ProofOfPossession } from '../../../../electron/auth/dpop/proof-of-possession.js';
import { RefreshTokenVault } from '../../../../electron/auth/tokens/refresh-token-vault.js';
import { refreshTokens } from '../../../../electron/auth/tokens/refresh-tokens.js';
import type { TokenSet } from '../../../../electron/auth/tokens/token-set.js';
import { MemorySecretStore } from '../../../support/fakes.js';
import { offlineConfig, offlineProvider, type RecordedRequest } from '../../../support/offline-provider.js';

const NOW = 1_800_000_000_000;
const config = offlineConfig();
const current: TokenSet & { refreshToken: string } = {
  accessToken: 'at-1',
  tokenType: 'Bearer',
  obtainedAt: NOW - 600_000,
  accessTokenExpiresAt: NOW,
  refreshToken: 'rt-1',
  scopes: ['openid'],
  user: { sub: 'user-1', name: 'Ada' },
  idToken: undefined,
};

function setup(answer: (request: RecordedRequest) => Response | Promise<Response>) {
  const { provider, requests } = offlineProvider(config, answer);
  const secrets = new MemorySecretStore();
  const vault = new RefreshTokenVault(secrets, config.issuer, config.clientId);
  const proofOfPossession = new ProofOfPossession(false, vault);
  const deps = {
    provider,
    vault,
    clock: () => NOW,
    requestedScopes: config.scopes,
    openId: true,
    proofOfPossession,
  };
  return { refresh: () => refreshTokens(deps, current), requests, secrets, account: vault.account };
}

const tokenResponse = (extra: Record<string, unknown> = {}) =>
  Response.json({ access_token: 'at-2', token_type: 'Bearer', expires_in: 600, ...extra });

describe('refreshTokens (RFC 6749 §6)', () => {
  it('saves a rotated refresh token to the keychain before returning the new access token', async () => {
    const { refresh, secrets, account } = setup(() => tokenResponse({ refresh_token: 'rt-2' }));
    const { tokens, persistError } = await refresh();
    expect(persistError).toBeUndefined();
    expect(tokens).toMatchObject({
      accessToken: 'at-2',
      refreshToken: 'rt-2',
      accessTokenExpiresAt: NOW + 600_000,
    });
    expect(secrets.entries.get(account)).toBe('rt-2');
  });

  it('keeps the old refresh token when the provider does not rotate', async () => {
    const { refresh, secrets } = setup(() => tokenResponse());
    const { tokens } = await refresh();
    expect(tokens.refreshToken).toBe('rt-1');
    expect(tokens.user).toEqual(current.user);
    expect(secrets.entries.size).toBe(0);
  });

  it('returns the new tokens with a keychain error when the rotated token cannot be saved', async () => {
    const { refresh, secrets } = setup(() => tokenResponse({ refresh_token: 'rt-2' }));
    secrets.failWith = new Error('Cannot create an item in a locked collection');
    const { tokens, persistError } = await refresh();
    expect(tokens.accessToken).toBe('at-2');
    expect(persistError).toMatchObject({ code: 'keychain_unavailable' });
  });

  const json = (body: unknown, status: number) => () => Response.json(body, { status });
  it.each([
    ['invalid_grant', 'session_expired', json({ error: 'invalid_grant' }, 400)],
    ['invalid_client', 'token_request_failed', json({ error: 'invalid_client' }, 401)],
    ['a 500 with an HTML body', 'provider_unreachable', () => new Response('<h1>oops</h1>', { status: 500 })],
    ['a 503 server_error', 'provider_unreachable', json({ error: 'temporarily_unavailable' }, 503)],
    ['a 400 with an HTML body', 'token_request_failed', () => new Response('<h1>bad</h1>', { status: 400 })],
    [
      'malformed JSON',
      'provider_error',
      () => new Response('{"access_token":', { headers: { 'content-type': 'application/json' } }),
    ],
    ['a refused connection', 'provider_unreachable', () => Promise.reject(new TypeError('fetch failed'))],
    [
      'a timeout',
      'provider_unreachable',
      () => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ],
  ])('maps %s to %s', async (_name, code, answer) => {
    const { refresh, secrets } = setup(answer);
    await expect(refresh()).rejects.toMatchObject({ code });
    expect(secrets.entries.size).toBe(0);
  });

  it('lets a new refresh start after a failed one', async () => {
    let calls = 0;
    const { refresh } = setup(() =>
      ++calls === 1 ? Promise.reject(new TypeError('fetch failed')) : tokenResponse(),
    );
    await expect(refresh()).rejects.toMatchObject({ code: 'provider_unreachable' });
    await expect(refresh()).resolves.toMatchObject({ tokens: { accessToken: 'at-2' } });
  });
});
