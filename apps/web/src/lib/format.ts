/**
 * @module Number and label formatting shared by tables, cards and charts.
 */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const threeDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const general = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * @param value - a count
 * @returns thousands-separated integer, e.g. `12,345`
 */
export function formatCount(value: number): string {
  return integer.format(value);
}

/**
 * @param value - a 0-100 score, or null when missing
 * @returns one decimal, or `—`
 */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : oneDecimal.format(value);
}

/**
 * @param part - numerator
 * @param whole - denominator
 * @returns a percentage with one decimal, e.g. `12.5%`; `—` when whole is 0
 */
export function formatShare(part: number, whole: number): string {
  return whole > 0 ? `${oneDecimal.format((100 * part) / whole)}%` : '—';
}

/**
 * @param value - a probability in 0-1, or null
 * @returns a percentage with one decimal, or `—`
 */
export function formatProbability(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value)
    ? '—'
    : `${oneDecimal.format(100 * value)}%`;
}

/**
 * @param value - a model metric such as AUC or Brier score
 * @returns three decimals, or `—`
 */
export function formatMetric(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : threeDecimals.format(value);
}

/**
 * @param value - any metric value, or null
 * @returns up to two decimals, or `—` when missing
 */
export function formatValue(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : general.format(value);
}

/**
 * @param value - signed score points
 * @returns e.g. `+3.2` or `−12.0`
 */
export function formatPoints(value: number): string {
  const text = oneDecimal.format(Math.abs(value));
  return value < 0 ? `−${text}` : `+${text}`;
}

/**
 * Turns a snake_case metric name into words.
 * @param name - e.g. `days_since_last_order`
 * @returns e.g. `days since last order`
 */
export function humanize(name: string): string {
  return name.replaceAll('_', ' ');
}
