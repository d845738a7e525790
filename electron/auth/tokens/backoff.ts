import type { Schedule } from '../ports.js';

/** Delays between retries after a transient failure: 5 s, doubling, at most 5 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempt), 300_000);
}

/** Node's timers, unref'd so a pending retry never keeps the process alive. */
export const defaultSchedule: Schedule = (ms, run) => {
  const timer = setTimeout(run, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
};
