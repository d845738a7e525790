import type { Schedule } from '../electron/auth/ports.js';

/**
 * The app's real, unref'd timers, but remembered so a benchmark can cancel them all. Every session a
 * benchmark signs in plans a refresh a minute before expiry; dozens of such sessions share one
 * keychain entry, and one of those timers firing during a long run would send an unplanned refresh
 * and rewrite that entry under a scenario's feet.
 */
export class TimerBag {
  readonly #cancels = new Set<() => void>();

  readonly schedule: Schedule = (ms, run) => {
    const timer = setTimeout(() => {
      this.#cancels.delete(cancel);
      run();
    }, ms);
    timer.unref();
    const cancel = (): void => {
      clearTimeout(timer);
      this.#cancels.delete(cancel);
    };
    this.#cancels.add(cancel);
    return cancel;
  };

  /** How many timers are still planned: a scenario that cancels what it starts leaves this unchanged. */
  get size(): number {
    return this.#cancels.size;
  }

  /** Cancel every timer still planned. */
  clear(): void {
    for (const cancel of [...this.#cancels]) cancel();
  }
}
