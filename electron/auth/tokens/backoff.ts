/** Delays between retries after a transient failure: 5 s, doubling, at most 5 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempt), 300_000);
}

/** Calls `run` after `ms`; returns a cancel function. Injected so tests control time. */
export type Schedule = (ms: number, run: () => void) => () => void;

/** Node's timers, unref'd so a pending retry never keeps the process alive. */
export const defaultSchedule: Schedule = (ms, run) => {
  const timer = setTimeout(run, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
};
