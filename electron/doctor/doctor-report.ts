import type { ProviderCheckRow, ProviderCheckView } from '../shared/ipc-contract.js';
import { redact } from '../auth/policy/redact.js';

/**
 * How one check came out: `fail` means sign-in or sign-out will not work as configured, `warn`
 * means it works with a weaker guarantee or a surprise, `n/a` means the check does not apply.
 */
export type DoctorStatus = ProviderCheckRow['status'];

/**
 * One line of the doctor's table; `fix` says what to change, in the config or at the provider.
 * The same shape crosses to the window as the provider check (`provider:check`).
 */
export type DoctorCheck = ProviderCheckRow;

/** Everything the provider doctor found; `ok` is false as soon as one check failed. */
export type DoctorReport = ProviderCheckView;

/** A report from its checks, so `ok` can never disagree with them. */
export function toDoctorReport(checks: readonly DoctorCheck[]): DoctorReport {
  return { ok: checks.every((check) => check.status !== 'fail'), checks };
}

/** One check, leaving `fix` out rather than undefined (exact optional properties). */
export function doctorCheck(
  id: string,
  title: string,
  status: DoctorStatus,
  detail: string,
  fix?: string,
): DoctorCheck {
  return fix === undefined ? { id, title, status, detail } : { id, title, status, detail, fix };
}

/**
 * A URL as it may be printed: origin and path only. Queries carry `state`, PKCE challenges and
 * request URIs (RFC 9700 §4.2.4), so the doctor never shows one.
 */
export function printableUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    if (parsed.origin === 'null') return `${parsed.protocol}${parsed.pathname}`;
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/** Text that came from the provider, made safe to print: no tokens, no query strings, short. */
export function printableText(text: string): string {
  const safe = String(redact(text.replace(/\s+/g, ' ').trim()));
  return safe.length > 160 ? `${safe.slice(0, 160)}…` : safe;
}
