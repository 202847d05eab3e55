/** @module Calendar helpers for snapshot options: ISO dates (UTC, day resolution) and `90d`/`12w` durations. */
import { SnapshotError } from './errors.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses a `YYYY-MM-DD` date to UTC days since 1970-01-01.
 * @param value - ISO calendar date
 * @param field - option name for the error message
 * @throws SnapshotError when the value is not a valid calendar date
 */
export function parseIsoDay(value: string, field = 'date'): number {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (!ISO_DATE.test(value) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new SnapshotError(`${field}: expected a date YYYY-MM-DD, got "${value}"`);
  }
  return ms / DAY_MS;
}

/** Formats UTC days since 1970-01-01 as `YYYY-MM-DD`. */
export function formatIsoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Parses a duration such as `90d`, `12w` or `90` (days) to whole days.
 * @param value - duration text
 * @param field - option name for the error message
 * @returns days, > 0
 * @throws SnapshotError for anything else
 */
export function parseDays(value: string | number, field = 'duration'): number {
  const match = /^(\d+)\s*([dw]?)$/i.exec(String(value).trim());
  const n = match ? Number(match[1]) * (match[2]?.toLowerCase() === 'w' ? 7 : 1) : Number.NaN;
  if (!(n > 0))
    throw new SnapshotError(`${field}: expected a positive number of days like 90d or 12w, got "${value}"`);
  return n;
}

/**
 * Lists snapshot dates from `from` to `to` (both included when on the grid) every `everyDays` days.
 * @returns ISO dates, ascending
 * @throws SnapshotError when `to` is before `from`
 */
export function snapshotDates(from: string, to: string, everyDays: number): string[] {
  const start = parseIsoDay(from, 'from');
  const end = parseIsoDay(to, 'to');
  if (end < start) throw new SnapshotError(`to (${to}) is before from (${from})`);
  if (!(everyDays > 0))
    throw new SnapshotError(`every: expected a positive number of days, got ${everyDays}`);
  const out: string[] = [];
  for (let d = start; d <= end; d += everyDays) out.push(formatIsoDay(d));
  return out;
}
