/** @module Tests of date and duration parsing for snapshot options. */
import { describe, expect, it } from 'vitest';
import { formatIsoDay, parseDays, parseIsoDay, snapshotDates } from './dates.js';

describe('dates and durations', () => {
  it('parses 90d, 12w and bare day counts', () => {
    expect(parseDays('90d')).toBe(90);
    expect(parseDays('12w')).toBe(84);
    expect(parseDays('30')).toBe(30);
    expect(() => parseDays('0d', '--window')).toThrow(
      '--window: expected a positive number of days like 90d or 12w, got "0d"',
    );
    expect(() => parseDays('3m')).toThrow(/got "3m"/);
  });

  it('rejects impossible calendar dates', () => {
    expect(formatIsoDay(parseIsoDay('2024-02-29'))).toBe('2024-02-29');
    expect(() => parseIsoDay('2023-02-29', '--as-of')).toThrow(
      '--as-of: expected a date YYYY-MM-DD, got "2023-02-29"',
    );
  });

  it('lists a series of snapshot dates including both ends when on the grid', () => {
    expect(snapshotDates('2024-01-01', '2024-03-01', 30)).toEqual(['2024-01-01', '2024-01-31', '2024-03-01']);
    expect(snapshotDates('2024-01-01', '2024-01-20', 30)).toEqual(['2024-01-01']);
    expect(() => snapshotDates('2024-02-01', '2024-01-01', 30)).toThrow(/before from/);
  });
});
