import { signInBenchApp, startBenchApp } from './bench-app.js';
import type { BenchContext } from './bench-context.js';
import { recordProviderRequests } from './provider-requests.js';

/** How big a storm is and how many to raise. */
export interface StormPlan {
  readonly calls: number;
  readonly rounds: number;
}

/** One kind of burst's per-call times, in milliseconds. */
export interface BurstTimes {
  /** From the call's start until it had its access token: the time spent waiting for a refresh. */
  readonly tokenWait: number[];
  /** From the call's start until its response view was ready. */
  readonly total: number[];
}

/** The storm's calls, split by whether they had to wait for a refresh. */
export interface StormResult {
  readonly calls: number;
  /** Refresh requests the provider received per forced expiry (expected: 1 each). */
  readonly refreshesPerStorm: readonly number[];
  readonly waited: BurstTimes;
  readonly notWaited: BurstTimes;
}

/**
 * Many concurrent API calls across one access-token expiry, through the same `session.callApi`
 * the IPC handler uses.
 *
 * The session gets a clock the benchmark controls. Each round fires `calls` concurrent calls with a
 * fresh token (none waits), and `calls` more right after jumping the clock past the token's expiry:
 * every one of those finds the token expired and waits for the one shared refresh (refresh, rotated
 * token saved to the keychain, new token adopted). The two bursts alternate in order from round to
 * round. The provider's own clock is untouched, so it would still accept the old token: only the
 * app decides to refresh.
 *
 * Each call records two times. The token wait is the latency that waiting added: the call first
 * asks the session for its token (sharing the one refresh), then makes the API call, whose own
 * token check then finds it fresh. The total also holds 500 requests queueing at one single-threaded API in this process,
 * which swamps a refresh of a few milliseconds; it is reported so that the swamping is visible.
 */
export async function measureRefreshStorm(context: BenchContext, plan: StormPlan): Promise<StormResult> {
  let now = Date.now();
  const recorder = recordProviderRequests();
  const started = startBenchApp(context, { clock: () => now, fetch: recorder.fetch });
  await signInBenchApp(started);
  const { session } = started;
  let sink: BurstTimes = { tokenWait: [], total: [] };
  const call = async (): Promise<void> => {
    const start = performance.now();
    await session.accessToken();
    sink.tokenWait.push(performance.now() - start);
    const response = await session.callApi({ method: 'GET', path: '/appointments' });
    sink.total.push(performance.now() - start);
    if (response.status !== 200) throw new Error(`a storm call answered ${response.status}`);
  };
  const burst = async (into: BurstTimes): Promise<void> => {
    sink = into;
    await Promise.all(Array.from({ length: plan.calls }, call));
  };

  await burst({ tokenWait: [], total: [] }); // warm-up: open the connections, compile the paths
  const waited: BurstTimes = { tokenWait: [], total: [] };
  const notWaited: BurstTimes = { tokenWait: [], total: [] };
  const refreshesPerStorm: number[] = [];
  const storm = async (): Promise<void> => {
    const view = session.view();
    if (view.state !== 'signed-in') throw new Error(`the storm session is ${view.state}`);
    const before = recorder.refreshes();
    now = view.accessTokenExpiresAt + 1_000; // past expiry, as the app's clock sees it
    await burst(waited);
    refreshesPerStorm.push(recorder.refreshes() - before);
  };
  for (let round = 0; round < plan.rounds; round += 1) {
    if (round % 2 === 0) {
      await burst(notWaited);
      await storm();
    } else {
      await storm();
      await burst(notWaited);
    }
  }
  return { calls: plan.calls, refreshesPerStorm, waited, notWaited };
}
