/**
 * Pure time formatting for the screens. Every function takes "now", the locale and the time zone
 * as parameters so tests pin them; the app passes the user's defaults.
 */

const UNITS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/**
 * How far `at` is from `now` in words, in the largest unit that fits: "in 9 minutes",
 * "3 hours ago", "now". Rounds to the nearest whole unit, so a token that expires in 8 min 59 s
 * reads "in 9 minutes".
 */
export function formatRelative(at: number, now: number, locale?: string): string {
  const delta = at - now;
  if (Math.abs(delta) < 1_000) {
    return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
  }
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  const [unit, size] = UNITS.find(([, ms]) => Math.abs(delta) >= ms) ?? ['second', 1_000];
  return format.format(Math.round(delta / size), unit);
}

/**
 * The local wall-clock time of `at`, e.g. "14:05" or "2:05 PM". When `at` falls on another
 * calendar day than `now`, the date comes first: "10 Jan 2030, 14:05".
 */
export function formatClock(at: number, now: number, locale?: string, timeZone?: string): string {
  const day = new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', timeZone });
  const sameDay = day.format(at) === day.format(now);
  return new Intl.DateTimeFormat(locale, {
    ...(sameDay ? {} : { dateStyle: 'medium' }),
    timeStyle: 'short',
    timeZone,
  }).format(at);
}

/** "14:05 (in 9 minutes)": both forms together, as the screens show an expiry. */
export function formatExpiry(at: number, now: number, locale?: string, timeZone?: string): string {
  return `${formatClock(at, now, locale, timeZone)} (${formatRelative(at, now, locale)})`;
}
