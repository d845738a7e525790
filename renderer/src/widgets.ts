import type { ErrorView } from '../../electron/shared/ipc-contract.js';
import { button, h } from './dom.js';
import { formatExpiry } from './format-time.js';

/** The screen's title. Focus moves here when the screen changes, so it must be focusable. */
export function heading(text: string): HTMLHeadingElement {
  return h('h1', { id: 'screen-title', tabindex: '-1' }, text);
}

/**
 * The alert region (`#error`, role="alert", announced at once), or nothing when all is well.
 * The first error's code is kept in `data-code` for tests and styling.
 */
export function errorAlert(errors: readonly ErrorView[]): HTMLElement | undefined {
  const [first] = errors;
  if (!first) return undefined;
  return h(
    'div',
    { id: 'error', class: 'alert', role: 'alert', 'data-code': first.code },
    ...errors.map((error) => h('p', {}, error.message)),
  );
}

/**
 * "Copy details" for an error screen: puts the redacted details (code, step, provider, time,
 * version) on the clipboard for a support request. Shown only while an error is.
 */
export function copyDetailsButton(
  busy: boolean,
  dispatch: (action: 'copyDetails') => void,
): HTMLButtonElement {
  return button('copy-details', 'Copy details', () => dispatch('copyDetails'), { busy });
}

/** An indeterminate progress bar; it stops moving when the user prefers reduced motion. */
export function progress(label: string): HTMLElement {
  return h(
    'div',
    { class: 'progress', role: 'progressbar', 'aria-label': label },
    h('span', { class: 'progress-bar' }),
  );
}

/**
 * A `<time>` showing local time and relative time, e.g. "14:05 (in 9 minutes)". `data-at` lets
 * the app refresh the relative part as time passes without rebuilding the screen.
 */
export function expiryTime(at: number, now: number, id?: string): HTMLTimeElement {
  return h(
    'time',
    { id, datetime: new Date(at).toISOString(), 'data-at': String(at) },
    formatExpiry(at, now),
  );
}

/** Bring every {@link expiryTime} under `root` up to date with `now`. */
export function refreshTimes(root: ParentNode, now: number): void {
  for (const element of root.querySelectorAll<HTMLElement>('time[data-at]')) {
    element.textContent = formatExpiry(Number(element.dataset['at']), now);
  }
}
