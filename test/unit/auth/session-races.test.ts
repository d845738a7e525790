import { describe, expect, it } from 'vitest';
import { keychainAccounts } from '../../../electron/auth/tokens/refresh-token-vault.js';
import { offlineConfig, offlineSession, type RecordedRequest } from '../../support/offline-provider.js';

/** A session restored from the keychain whose next token response the test releases by hand. */
async function signedInSession() {
  const config = offlineConfig();
  let release: (response: Response) => void = () => {};
  let tokenCalls = 0;
  const answer = ({ url }: RecordedRequest) => {
    if (url.endsWith('/userinfo')) return Response.json({ sub: 'user-1', email: 'ada@example.com' });
    if (url.endsWith('/revoke')) return new Response(null, { status: 200 });
    tokenCalls += 1;
    if (tokenCalls === 1)
      return Response.json({ access_token: 'at-1', token_type: 'Bearer', expires_in: 600 });
    return new Promise<Response>((resolve) => (release = resolve));
  };
  const { session, secrets, requests } = await offlineSession(config, { answer });
  const account = keychainAccounts(config.issuer, config.clientId).refreshToken;
  secrets.entries.set(account, 'rt-1');
  expect((await session.restore()).state).toBe('signed-in');
  return { session, secrets, account, requests, release: (response: Response) => release(response) };
}

const tokenRequests = (requests: ReadonlyArray<{ url: string }>) =>
  requests.filter(({ url }) => url.endsWith('/token')).length;

/** Let the session's promises run until `condition` holds: no clock involved, only the event loop. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn += 1) await new Promise(setImmediate);
  expect(condition()).toBe(true);
}

const revoked = (requests: ReadonlyArray<{ url: string; body: string }>) =>
  requests
    .filter(({ url }) => url.endsWith('/revoke'))
    .map(({ body }) => new URLSearchParams(body).get('token'));

describe('Session races', () => {
  it('a refresh that finishes after sign-out is revoked, not saved, and does not sign back in', async () => {
    const { session, secrets, account, requests, release } = await signedInSession();
    const pendingCall = session.accessToken({ forceRefresh: true });
    await until(() => tokenRequests(requests) === 2); // the refresh is at the provider
    expect((await session.signOut()).state).toBe('signed-out');
    release(
      Response.json({ access_token: 'at-2', token_type: 'Bearer', expires_in: 600, refresh_token: 'rt-2' }),
    );
    await expect(pendingCall).rejects.toMatchObject({ code: 'session_expired' });
    await until(() => revoked(requests).length === 2); // the late tokens are revoked, not kept

    expect(session.view().state).toBe('signed-out');
    expect(secrets.entries.has(account)).toBe(false);
    expect(revoked(requests)).toEqual(['rt-1', 'rt-2']);
  });

  it('sign-out clears the keychain before it talks to the provider', async () => {
    const { session, secrets, account, requests } = await signedInSession();
    const order: string[] = [];
    const remove = secrets.delete.bind(secrets);
    secrets.delete = (name) => (order.push(`keychain (${requests.length} requests so far)`), remove(name));
    await session.signOut();
    // Both entries (refresh token, DPoP key) go before the first request to the provider.
    expect(order).toEqual(['keychain (2 requests so far)', 'keychain (2 requests so far)']);
    expect(secrets.entries.has(account)).toBe(false);
    expect(revoked(requests)).toEqual(['rt-1']);
  });
});
