/** What {@link settleWithin} gives when the promise did not settle in time. */
export const LATE = Symbol('late');

/**
 * `promise`'s outcome, or {@link LATE} once `ms` have passed without one; the timer never outlives
 * the race. A smoke step bounds every wait on the provider or the browser this way, and says in its
 * own words what did not come.
 */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms), LATE);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
