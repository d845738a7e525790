import * as oidc from 'openid-client';
import { signInBenchApp, startBenchApp } from './bench-app.js';
import type { BenchContext } from './bench-context.js';
import { interleave, type PairedSamples, type RoundPlan } from './measure.js';

/** The demo API's one protected resource. */
const RESOURCE_PATH = '/appointments';

/**
 * One protected API call, sequentially, with a valid token in hand.
 *
 * App: `session.callApi`, the very call the `api:request` IPC handler makes: the session's token
 * (its freshness check), path confinement under the API base URL, openid-client's
 * `fetchProtectedResource` with the provider's fetch and timeout (and the DPoP proof when the
 * configuration turns DPoP on; the bench's configuration leaves it off, so both sides send Bearer),
 * and the response view (selected headers, the challenge parsed, body parsed as JSON).
 *
 * Bare: openid-client's `fetchProtectedResource` with the token and `response.json()`: the least a
 * client built on the same library does to get the same data, as the other rows' bare sides are
 * that library's bare calls. (Against a hand-written `fetch` with a Bearer header, the library's
 * own request handling, a timeout signal and manual redirects among it, adds about 0.14 ms.)
 */
export async function measureApiCall(context: BenchContext, plan: RoundPlan): Promise<PairedSamples> {
  const { demo } = context;
  const started = startBenchApp(context);
  await signInBenchApp(started);
  const { session } = started;
  const token = await session.accessToken();
  const resource = new URL(`${demo.apiUrl}${RESOURCE_PATH}`);

  const app = async (): Promise<number> => {
    const start = performance.now();
    const response = await session.callApi({ method: 'GET', path: RESOURCE_PATH });
    const elapsed = performance.now() - start;
    if (response.status !== 200) throw new Error(`the app's API call answered ${response.status}`);
    return elapsed;
  };

  const bare = async (): Promise<number> => {
    const start = performance.now();
    const response = await oidc.fetchProtectedResource(context.bare, token, resource, 'GET');
    const body: unknown = await response.json();
    const elapsed = performance.now() - start;
    if (response.status !== 200 || body === null)
      throw new Error(`the bare API call answered ${response.status}`);
    return elapsed;
  };

  return interleave(app, bare, plan);
}
