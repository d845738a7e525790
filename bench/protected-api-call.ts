import { callProtectedApi } from '../electron/auth/api-client.js';
import { signInBenchApp, startBenchApp } from './bench-app.js';
import type { BenchContext } from './bench-context.js';
import { interleave, type PairedSamples, type RoundPlan } from './measure.js';

/** The demo API's one protected resource. */
const RESOURCE_PATH = '/appointments';

/**
 * Issue 7, item 3: one protected API call, sequentially, with a valid token in hand.
 *
 * App: `callProtectedApi` exactly as the `api:request` IPC handler calls it, with the session's
 * `accessToken` (its freshness check), path confinement under the API base URL, the per-call
 * timeout, and the response view (selected headers, body parsed as JSON).
 *
 * Bare: `fetch` with `Authorization: Bearer` and `response.json()`: the least a caller does to get
 * the same data.
 */
export async function measureApiCall(context: BenchContext, plan: RoundPlan): Promise<PairedSamples> {
  const { demo, config } = context;
  const started = startBenchApp(context);
  await signInBenchApp(started);
  const { session } = started;
  const deps = {
    apiBaseUrl: demo.apiUrl,
    accessToken: (options: { forceRefresh: boolean }) => session.accessToken(options),
    timeoutSeconds: config.httpTimeoutSeconds,
  };
  const bearer = `Bearer ${await session.accessToken()}`;
  const resource = new URL(`${demo.apiUrl}${RESOURCE_PATH}`);

  const app = async (): Promise<number> => {
    const start = performance.now();
    const response = await callProtectedApi(deps, { method: 'GET', path: RESOURCE_PATH });
    const elapsed = performance.now() - start;
    if (response.status !== 200) throw new Error(`the app's API call answered ${response.status}`);
    return elapsed;
  };

  const bare = async (): Promise<number> => {
    const start = performance.now();
    const response = await fetch(resource, { headers: { authorization: bearer } });
    const body: unknown = await response.json();
    const elapsed = performance.now() - start;
    if (response.status !== 200 || body === null)
      throw new Error(`the bare API call answered ${response.status}`);
    return elapsed;
  };

  return interleave(app, bare, plan);
}
