import { describe, expect, it } from 'vitest';
import { formatClock, formatExpiry, formatRelative } from '../../../renderer/src/format-time.js';

const NOW = Date.UTC(2030, 0, 9, 13, 0, 0);
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('formatRelative', () => {
  it.each([
    [0, 'now'],
    [400, 'now'],
    [5 * SECOND, 'in 5 seconds'],
    [-30 * SECOND, '30 seconds ago'],
    [9 * MINUTE - 1 * SECOND, 'in 9 minutes'],
    [90 * SECOND, 'in 2 minutes'],
    [-3 * HOUR, '3 hours ago'],
    [26 * HOUR, 'in 1 day'],
    [-50 * HOUR, '2 days ago'],
  ])('%i ms from now reads %j', (delta, expected) => {
    expect(formatRelative(NOW + delta, NOW, 'en')).toBe(expected);
  });

  it('follows the locale', () => {
    expect(formatRelative(NOW + 9 * MINUTE, NOW, 'de')).toBe('in 9 Minuten');
  });
});

describe('formatClock', () => {
  it('shows the time of day in the given zone and locale', () => {
    expect(formatClock(NOW + 9 * MINUTE, NOW, 'en-GB', 'UTC')).toBe('13:09');
    expect(formatClock(NOW + 9 * MINUTE, NOW, 'en-US', 'UTC')).toBe('1:09 PM');
    expect(formatClock(NOW + 9 * MINUTE, NOW, 'en-GB', 'Asia/Tokyo')).toBe('22:09');
  });

  it('adds the date when the time falls on another day', () => {
    expect(formatClock(NOW + 24 * HOUR, NOW, 'en-GB', 'UTC')).toBe('10 Jan 2030, 13:00');
    expect(formatClock(NOW + 11 * HOUR, NOW, 'en-GB', 'UTC')).toBe('10 Jan 2030, 00:00');
    expect(formatClock(NOW + 11 * HOUR, NOW, 'en-US', 'UTC')).toBe('Jan 10, 2030, 12:00 AM');
    expect(formatClock(NOW + 11 * HOUR, NOW, 'en-GB', 'America/New_York')).toBe('19:00');
  });
});

describe('formatExpiry', () => {
  it('combines the clock time and the relative time', () => {
    expect(formatExpiry(NOW + 9 * MINUTE, NOW, 'en-GB', 'UTC')).toBe('13:09 (in 9 minutes)');
    expect(formatExpiry(NOW - 2 * MINUTE, NOW, 'en-GB', 'UTC')).toBe('12:58 (2 minutes ago)');
  });
});
