import { describe, expect, it } from 'vitest';
import { callProtectedApi, isInvalidToken, isNonceChallenge } from '../../electron/auth/api-client.js';

/** An API that answers from a script and records the Authorization header of each request. */
function setup(statuses: Array<{ status: number; challenge?: string }>) {
  const seen: string[] = [];
  const refreshes: boolean[] = [];
  let generation = 1;
  const deps = {
    apiBaseUrl: 'https://api.example.test',
    timeoutSeconds: 5,
    accessToken: ({ forceRefresh }: { forceRefresh: boolean }) => {
      refreshes.push(forceRefresh);
      if (forceRefresh) generation += 1;
      return Promise.resolve(`token-${generation}`);
    },
    fetch: (_url: string | URL | Request, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('authorization') ?? '');
      const next = statuses.shift() ?? { status: 200 };
      const headers: Record<string, string> = next.challenge ? { 'www-authenticate': next.challenge } : {};
      return Promise.resolve(Response.json({ ok: next.status === 200 }, { status: next.status, headers }));
    },
  };
  return { deps, seen, refreshes };
}

describe('callProtectedApi', () => {
  it('sends the bearer token and returns status, safe headers and JSON body', async () => {
    const { deps, seen } = setup([{ status: 200 }]);
    const response = await callProtectedApi(deps, { method: 'GET', path: '/appointments' });
    expect(seen).toEqual(['Bearer token-1']);
    expect(response).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { ok: true },
    });
  });

  it('refreshes once and retries once after 401 invalid_token', async () => {
    const { deps, seen, refreshes } = setup([
      { status: 401, challenge: 'Bearer realm="api", error="invalid_token", error_description="expired"' },
      { status: 200 },
    ]);
    expect((await callProtectedApi(deps, { method: 'GET', path: '/appointments' })).status).toBe(200);
    expect(seen).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(refreshes).toEqual([false, true]);
  });

  it('never loops: a second invalid_token 401 is returned for the UI to explain', async () => {
    const challenge = 'Bearer error="invalid_token"';
    const { deps, seen } = setup([{ status: 401, challenge }, { status: 401, challenge }, { status: 200 }]);
    const response = await callProtectedApi(deps, { method: 'GET', path: '/appointments' });
    expect(response).toMatchObject({ status: 401, headers: { 'www-authenticate': challenge } });
    expect(seen).toHaveLength(2);
  });

  it('does not refresh for a 401 without invalid_token or for a 403', async () => {
    for (const answer of [{ status: 401, challenge: 'Bearer realm="api"' }, { status: 403 }]) {
      const { deps, refreshes } = setup([answer]);
      expect((await callProtectedApi(deps, { method: 'GET', path: '/appointments' })).status).toBe(
        answer.status,
      );
      expect(refreshes).toEqual([false]);
    }
  });

  it('reports an API that cannot be reached', async () => {
    const { deps } = setup([]);
    const failing = { ...deps, fetch: () => Promise.reject(new TypeError('fetch failed')) };
    await expect(callProtectedApi(failing, { method: 'GET', path: '/x' })).rejects.toMatchObject({
      code: 'api_unreachable',
    });
  });
});

describe('isInvalidToken', () => {
  it.each([
    ['Bearer error="invalid_token"', true],
    ['Bearer realm="a", error="invalid_token", error_description="x"', true],
    ['DPoP algs="ES256", error=invalid_token', true],
    ['Bearer realm="a"', false],
    ['Bearer error="insufficient_scope"', false],
    ['Basic realm="invalid_token"', false],
  ])('%s → %s', (challenge, expected) => {
    expect(isInvalidToken(challenge)).toBe(expected);
  });
});

describe('isNonceChallenge (RFC 9449 §9)', () => {
  it.each([
    ['DPoP error="use_dpop_nonce", error_description="Resource server requires nonce"', true],
    ['DPoP realm="api", algs="ES256", error=use_dpop_nonce', true],
    ['Bearer error="use_dpop_nonce"', false],
    ['DPoP error="invalid_dpop_proof"', false],
  ])('%s → %s', (challenge, expected) => {
    expect(isNonceChallenge(challenge)).toBe(expected);
  });
});
