import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../../electron/shared/ipc-contract.js';
import { ProofOfPossession } from '../../../../electron/auth/dpop/proof-of-possession.js';
import { classifyKeychainError } from '../../../../electron/auth/tokens/keychain-problem.js';
import { RefreshTokenVault, sessionNotSaved } from '../../../../electron/auth/tokens/refresh-token-vault.js';
import { SessionStore } from '../../../../electron/auth/session-store.js';
import { EXPIRY_MARGIN_MS, TokenKeeper } from '../../../../electron/auth/tokens/token-keeper.js';
import type { TokenSet } from '../../../../electron/auth/tokens/token-set.js';
import { silentLogger } from '../../../../electron/auth/ports.js';
import { ManualClock, MemorySecretStore } from '../../../support/fakes.js';
import { offlineConfig, offlineProvider, type RecordedRequest } from '../../../support/offline-provider.js';

const config = offlineConfig();

/** A token endpoint whose answers the test scripts one by one. */
function setup(answers: Array<() => Response | Promise<Response>>) {
  const clock = new ManualClock();
  const { provider, requests } = offlineProvider(config, (_request: RecordedRequest) => {
    const next = answers.shift();
    if (!next) throw new Error('no answer scripted');
    return next();
  });
  const secrets = new MemorySecretStore();
  const vault = new RefreshTokenVault(secrets, config.issuer, config.clientId);
  const store = new SessionStore(config.issuer);
  const refresh = {
    provider,
    vault,
    clock: clock.now,
    requestedScopes: config.scopes,
    openId: true,
    proofOfPossession: new ProofOfPossession(false, vault),
  };
  const keeper = new TokenKeeper({
    store,
    refresh,
    vault,
    clock: clock.now,
    schedule: clock.schedule,
    log: silentLogger,
  });
  const tokens: TokenSet = {
    accessToken: 'at-1',
    tokenType: 'Bearer',
    obtainedAt: clock.now(),
    accessTokenExpiresAt: clock.now() + 600_000,
    refreshToken: 'rt-1',
    scopes: ['openid'],
    user: { sub: 'user-1' },
    idToken: undefined,
  };
  return { clock, requests, secrets, vault, store, keeper, tokens };
}

const granted = (n: number) => () =>
  Response.json({ access_token: `at-${n}`, token_type: 'Bearer', expires_in: 600, refresh_token: `rt-${n}` });
const down = () => Promise.reject(new TypeError('fetch failed'));

describe('TokenKeeper', () => {
  it('shares one refresh among every concurrent caller: one request, one rotated token saved', async () => {
    const { keeper, tokens, requests, secrets, vault } = setup([granted(2)]);
    keeper.adopt(tokens);
    const all = await Promise.all(
      Array.from({ length: 50 }, () => keeper.accessToken({ forceRefresh: true })),
    );
    expect(new Set(all)).toEqual(new Set(['at-2']));
    expect(requests).toHaveLength(1);
    expect(new URLSearchParams(requests[0]?.body).get('refresh_token')).toBe('rt-1');
    expect(secrets.entries.get(vault.account)).toBe('rt-2');
  });

  it('refreshes on its own shortly before the access token expires', async () => {
    const { keeper, clock, store, requests, secrets, vault } = setup([granted(2)]);
    keeper.adopt(setup([]).tokens);
    clock.advance(600_000 - EXPIRY_MARGIN_MS - 1);
    expect(requests).toHaveLength(0);
    clock.advance(1);
    await until(() => store.current.state === 'signed-in' && store.current.tokens.accessToken === 'at-2');
    expect(requests).toHaveLength(1);
    expect(secrets.entries.get(vault.account)).toBe('rt-2');
  });

  it('keeps the session through an outage, says so, and retries with backoff', async () => {
    const { keeper, clock, store, tokens } = setup([down, down, granted(2)]);
    keeper.adopt(tokens);
    clock.advance(600_000 - EXPIRY_MARGIN_MS);
    await until(() => store.view().state === 'signed-in' && 'error' in store.view());
    expect(store.view()).toMatchObject({ state: 'signed-in', error: { code: 'provider_unreachable' } });
    expect(errorMessage(store.view())).toMatch(/still signed in.*5 s/);
    // The access token has not expired yet, so API calls keep working meanwhile.
    expect(await keeper.accessToken()).toBe('at-1');
    clock.advance(5_000);
    await until(
      () => (store.view() as { error?: { message: string } }).error?.message.includes('10 s') === true,
    );
    clock.advance(10_000);
    await until(() => store.current.state === 'signed-in' && store.current.tokens.accessToken === 'at-2');
    expect(store.view()).not.toHaveProperty('error');
  });

  it('ends the session when a planned refresh meets invalid_grant', async () => {
    const { keeper, clock, store, tokens, secrets, vault } = setup([
      () => Response.json({ error: 'invalid_grant' }, { status: 400 }),
    ]);
    secrets.entries.set(vault.account, 'rt-1');
    keeper.adopt(tokens);
    clock.advance(600_000);
    await until(() => store.current.state === 'signed-out');
    expect(store.view()).toMatchObject({ error: { code: 'session_expired' } });
    expect(secrets.entries.size).toBe(0);
  });

  it('retries a restore while the provider is down and keeps the stored token', async () => {
    const { keeper, clock, store, secrets, vault } = setup([
      down,
      () => Response.json({ access_token: 'at-2', token_type: 'Bearer', expires_in: 600 }),
      () => Response.json({ sub: 'user-1', name: 'Ada' }),
    ]);
    secrets.entries.set(vault.account, 'rt-1');
    const view = await keeper.restore();
    expect(view).toMatchObject({ state: 'signed-out', error: { code: 'provider_unreachable' } });
    expect(errorMessage(view)).toMatch(/saved session is kept/);
    expect(secrets.entries.get(vault.account)).toBe('rt-1');
    clock.advance(5_000);
    await until(() => store.current.state === 'signed-in');
    // This refresh carried no ID token, so the user was named by UserInfo (OIDC Core §5.3).
    expect(store.view()).toMatchObject({ state: 'signed-in', user: { subject: 'user-1', name: 'Ada' } });
    expect(secrets.entries.get(vault.account)).toBe('rt-1');
  });

  it('stops planned work on stop()', async () => {
    const { keeper, clock, requests, tokens } = setup([granted(2)]);
    keeper.adopt(tokens);
    keeper.stop();
    clock.advance(10 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(requests).toHaveLength(0);
  });
});

describe('TokenKeeper custody: where the refresh token is kept', () => {
  const locked = () => sessionNotSaved(new Error('Cannot create an item in a locked collection'));
  const kept = () => Response.json({ access_token: 'at-2', token_type: 'Bearer', expires_in: 600 });

  it('says none without a refresh token, and keychain when it was saved', () => {
    const { keeper, tokens } = setup([]);
    expect(keeper.custody()).toEqual({ kept: 'none' });
    keeper.adopt({ ...tokens, refreshToken: undefined });
    expect(keeper.custody()).toEqual({ kept: 'none' });
    keeper.adopt(tokens);
    expect(keeper.custody()).toEqual({ kept: 'keychain' });
  });

  it('says memory, with the keychain error as cause, when saving failed', () => {
    const { keeper, tokens } = setup([]);
    keeper.adopt(tokens, locked());
    const custody = keeper.custody();
    expect(custody).toMatchObject({ kept: 'memory', error: { code: 'keychain_unavailable' } });
    expect(custody.kept === 'memory' && classifyKeychainError(custody.error)).toBe('locked');
  });

  it('stays memory through a refresh that keeps the refresh token, and keychain once a new one is saved', async () => {
    const { keeper, tokens, secrets, vault } = setup([kept, granted(3)]);
    keeper.adopt(tokens, locked());
    await keeper.accessToken({ forceRefresh: true });
    expect(keeper.custody()).toMatchObject({ kept: 'memory' });
    await keeper.accessToken({ forceRefresh: true });
    expect(keeper.custody()).toEqual({ kept: 'keychain' });
    expect(secrets.entries.get(vault.account)).toBe('rt-3');
  });

  it('keeps telling the window the session is not saved after a refresh that keeps the refresh token', async () => {
    const { keeper, tokens, store } = setup([kept, granted(3)]);
    keeper.adopt(tokens, locked());
    await keeper.accessToken({ forceRefresh: true });
    expect(store.view()).toMatchObject({ state: 'signed-in', error: { code: 'keychain_unavailable' } });
    await keeper.accessToken({ forceRefresh: true }); // a rotated token, saved this time
    expect(store.view()).toMatchObject({ state: 'signed-in' });
    expect(store.view()).not.toHaveProperty('error.code');
  });

  it('says none once signed out', () => {
    const { keeper, store, tokens } = setup([]);
    keeper.adopt(tokens, locked());
    store.set({ state: 'signed-out' });
    expect(keeper.custody()).toEqual({ kept: 'none' });
  });
});

function errorMessage(view: SessionView): string | undefined {
  return 'error' in view ? view.error?.message : undefined;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 2));
  if (!condition()) throw new Error('condition never became true');
}
