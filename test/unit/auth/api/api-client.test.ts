import type { HttpFetch } from '../../../../electron/auth/ports.js';
import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { callProtectedApi } from '../../../../electron/auth/api/api-client.js';
import { OFFLINE_METADATA } from '../../../support/offline-provider.js';

/** An openid-client configuration whose fetch answers from `answer` (the one fetch port of main). */
function transportFor(answer: HttpFetch) {
  const configuration = new oidc.Configuration(OFFLINE_METADATA, 'desktop');
  configuration[oidc.customFetch] = answer;
  return () => Promise.resolve({ configuration, dpop: {} });
}

/** An API that answers from a script and records the Authorization header of each request. */
function setup(statuses: Array<{ status: number; challenge?: string }>) {
  const seen: string[] = [];
  const refreshes: boolean[] = [];
  let generation = 1;
  const deps = {
    apiBaseUrl: 'https://api.example.test',
    accessToken: ({ forceRefresh }: { forceRefresh: boolean }) => {
      refreshes.push(forceRefresh);
      if (forceRefresh) generation += 1;
      return Promise.resolve(`token-${generation}`);
    },
    transport: transportFor((_url, init) => {
      seen.push(new Headers(init.headers).get('authorization') ?? '');
      const next = statuses.shift() ?? { status: 200 };
      const headers: Record<string, string> = next.challenge ? { 'www-authenticate': next.challenge } : {};
      return Promise.resolve(Response.json({ ok: next.status === 200 }, { status: next.status, headers }));
    }),
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
    expect(response).toMatchObject({
      status: 401,
      headers: { 'www-authenticate': challenge },
      challenge: { scheme: 'bearer', error: 'invalid_token' },
    });
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
    const failing = { ...deps, transport: transportFor(() => Promise.reject(new TypeError('fetch failed'))) };
    await expect(callProtectedApi(failing, { method: 'GET', path: '/x' })).rejects.toMatchObject({
      code: 'api_unreachable',
    });
  });
});

describe('the challenge main parses for the renderer (RFC 6750 §3, RFC 9449 §7.1)', () => {
  it.each([
    [
      'Bearer realm="api", error="insufficient_scope", error_description="needs write", scope="appointments:write"',
      {
        scheme: 'bearer',
        error: 'insufficient_scope',
        description: 'needs write',
        scope: 'appointments:write',
      },
    ],
    ['Basic realm="x", DPoP algs="ES256", error="invalid_token"', { scheme: 'dpop', error: 'invalid_token' }],
    ['DPoP algs="ES256", Bearer realm="api"', { scheme: 'dpop' }],
    ['Basic realm="x"', undefined],
  ])('%s', async (header, challenge) => {
    const { deps } = setup([{ status: 403, challenge: header }]);
    const response = await callProtectedApi(deps, { method: 'GET', path: '/appointments' });
    expect(response.challenge).toEqual(challenge);
  });
});
