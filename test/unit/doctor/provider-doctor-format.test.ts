import { describe, expect, it } from 'vitest';
import { type DoctorCheck, printableUrl, toDoctorReport } from '../../../electron/doctor/doctor-report.js';
import { TABLE_WIDTH, formatDoctorTable, wrap } from '../../../electron/doctor/format-doctor-table.js';

const checks: DoctorCheck[] = [
  { id: 'metadata', title: 'Provider metadata', status: 'ok', detail: 'Discovery document read.' },
  {
    id: 'issuer',
    title: 'Issuer',
    status: 'fail',
    detail: 'Configured "https://id.example.com/", but the provider publishes "https://id.example.com".',
    fix: 'Set "issuer" to "https://id.example.com", without the trailing slash.',
  },
  { id: 'dpop', title: 'DPoP (RFC 9449)', status: 'n/a', detail: 'Not offered.' },
  {
    id: 'revocation',
    title: 'Revocation (RFC 7009)',
    status: 'warn',
    detail: 'Not advertised: sign-out cannot revoke the refresh token, only delete it from the keychain.',
    fix: 'Enable token revocation at the provider.',
  },
  { id: 'scopes', title: 'Scopes', status: 'warn', detail: 'Not advertised: appointments:read.' },
];

describe('formatDoctorTable', () => {
  const text = formatDoctorTable(toDoctorReport(checks));
  const lines = text.trimEnd().split('\n');

  it('aligns the status and detail columns under their headings', () => {
    const header = lines[0] ?? '';
    expect(header).toMatch(/^Check\s+Status\s+Detail$/);
    const statusColumn = header.indexOf('Status');
    const detailColumn = header.indexOf('Detail');
    for (const check of checks) {
      const row = lines.find((line) => line.startsWith(check.title)) ?? '';
      expect(row.indexOf(check.status, check.title.length)).toBe(statusColumn);
      expect(row.slice(detailColumn)).toBe(wrap(check.detail, TABLE_WIDTH - detailColumn)[0]);
    }
  });

  it('keeps every line within 100 columns, wrapping long details under the detail column', () => {
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(TABLE_WIDTH);
    const detailColumn = (lines[0] ?? '').indexOf('Detail');
    const revocation = lines.findIndex((line) => line.startsWith('Revocation'));
    const continuation = lines[revocation + 1] ?? '';
    expect(continuation.slice(0, detailColumn).trim()).toBe('');
    expect(continuation.trim().length).toBeGreaterThan(0);
  });

  it('numbers a fix for each warning and failure, in table order, and marks the row with it', () => {
    expect(lines.find((line) => line.startsWith('Issuer'))).toMatch(/fail \(1\)/);
    expect(lines.find((line) => line.startsWith('Revocation'))).toMatch(/warn \(2\)/);
    expect(lines.find((line) => line.startsWith('Scopes'))).toMatch(/warn \(3\)/);
    expect(lines.find((line) => line.startsWith('DPoP'))).not.toMatch(/\(\d\)/);
    const fixes = text
      .slice(text.indexOf('\nFix:\n') + 6)
      .trimEnd()
      .split('\n');
    expect(fixes).toEqual([
      ' 1. Issuer: Set "issuer" to "https://id.example.com", without the trailing slash.',
      ' 2. Revocation (RFC 7009): Enable token revocation at the provider.',
      // Without a fix of its own, the detail stands in.
      ' 3. Scopes: Not advertised: appointments:read.',
    ]);
  });

  it('summarises the counts and leaves out the fix list when nothing needs one', () => {
    expect(text).toContain('Some checks failed: 1 ok, 2 warn, 1 fail, 1 n/a.');
    const clean = formatDoctorTable(toDoctorReport(checks.filter((check) => check.status === 'ok')));
    expect(clean).toContain('No check failed: 1 ok, 0 warn, 0 fail, 0 n/a.');
    expect(clean).not.toContain('Fix:');
  });

  it('cuts a word longer than the column rather than overflowing', () => {
    const url = `https://id.example.com/${'x'.repeat(150)}`;
    expect(wrap(`read from ${url}`, 40).every((line) => line.length <= 40)).toBe(true);
    expect(wrap(`read from ${url}`, 40).join('')).toBe(`read from${url}`);
  });
});

describe('toDoctorReport and printableUrl', () => {
  it('is ok exactly when no check failed', () => {
    expect(toDoctorReport(checks).ok).toBe(false);
    expect(toDoctorReport(checks.filter((check) => check.status !== 'fail')).ok).toBe(true);
  });

  it('prints a URL without its query or fragment', () => {
    expect(printableUrl('https://id.example.com/authorize?client_id=a&state=b#c')).toBe(
      'https://id.example.com/authorize',
    );
    expect(printableUrl('com.example.desktop:/callback?code=abc')).toBe('com.example.desktop:/callback');
  });
});
