import type { ProviderCheckRow, ProviderCheckView } from '../../electron/shared/ipc-contract.js';
import { h } from './dom.js';

const STATUS_WORDS: Readonly<Record<ProviderCheckRow['status'], string>> = {
  ok: 'OK',
  warn: 'Warning',
  fail: 'Problem',
  'n/a': 'Not applicable',
};

/**
 * The provider check's table, as `npm run doctor` prints it: one row per check, and for each
 * warning or problem the change that fixes it, so a failed sign-in has one obvious next step.
 * Every value is inserted as text.
 */
export function renderProviderCheck(report: ProviderCheckView): HTMLElement {
  const problems = report.checks.filter((check) => check.status === 'fail').length;
  const warnings = report.checks.filter((check) => check.status === 'warn').length;
  const summary = report.ok
    ? `No problem found${warnings ? `; ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}.`
    : `${problems} problem${problems === 1 ? '' : 's'} found. Each comes with the change that fixes it.`;
  return h(
    'section',
    { id: 'provider-check', class: 'panel', 'aria-labelledby': 'provider-check-title' },
    h('h2', { id: 'provider-check-title' }, 'Provider configuration check'),
    h('p', { id: 'provider-check-summary' }, summary),
    h(
      'table',
      { class: 'checks' },
      h('caption', { class: 'visually-hidden' }, 'Checks of the identity provider configuration'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Check'),
          h('th', { scope: 'col' }, 'Result'),
          h('th', { scope: 'col' }, 'Details'),
        ),
      ),
      h('tbody', {}, ...report.checks.map(row)),
    ),
  );
}

function row(check: ProviderCheckRow): HTMLElement {
  return h(
    'tr',
    { 'data-check': check.id, 'data-status': check.status },
    h('th', { scope: 'row' }, check.title),
    h(
      'td',
      { class: `status status-${check.status === 'n/a' ? 'na' : check.status}` },
      STATUS_WORDS[check.status],
    ),
    h(
      'td',
      {},
      h('p', {}, check.detail),
      check.fix && h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), check.fix),
    ),
  );
}
