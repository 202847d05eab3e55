/**
 * @module Seeded synthetic churn rows with a known logistic ground truth, for tests and benchmarks:
 * a mix of numeric, categorical, missing and pure-noise columns over several as_of dates.
 */
import { createRandom } from './random.js';

/** Options of {@link syntheticChurnRows}. */
export interface SyntheticOptions {
  /** [seed=1] */
  seed?: number;
  /** [dates=6] distinct as_of dates (monthly from 2025-01-01) */
  dates?: number;
  /** [labelStyle='01'] how the `churned` label is written */
  labelStyle?: '01' | 'truefalse' | 'yesno';
  /** [unlabeledShare=0] share of rows whose label is left empty */
  unlabeledShare?: number;
  /** [extraNumeric=0] additional noise columns `x1..xN` (for benchmarks) */
  extraNumeric?: number;
}

/**
 * Generates rows `{customer_id, as_of, segment, tenure_days, nps_last, orders_count, recency_ratio,
 * noise, churned}` where churn depends on recency, NPS, tenure and segment (not on `noise`).
 *
 * @param n - number of rows
 * @param options - see {@link SyntheticOptions}
 * @returns plain row objects
 */
export function syntheticChurnRows(
  n: number,
  options: SyntheticOptions = {},
): Array<Record<string, unknown>> {
  const random = createRandom(options.seed ?? 1);
  const dates = options.dates ?? 6;
  const normal = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const segments = ['consumer', 'smb', 'enterprise'];
  const rows: Array<Record<string, unknown>> = [];
  const perDate = Math.ceil(n / dates);
  for (let i = 0; i < n; i++) {
    const d = Math.floor(i / perDate);
    const segment = segments[Math.floor(random() * 3)] as string;
    const tenure = Math.round(30 + random() * 1500);
    const nps = random() < 0.15 ? null : Math.round(Math.min(10, Math.max(0, 7 + 2.5 * normal())));
    const recency = Math.max(0.1, Math.exp(0.2 + 0.7 * normal()));
    const orders = Math.max(0, Math.round(6 + 3 * normal() - recency));
    const z =
      -1.2 +
      1.3 * Math.log(recency) -
      0.25 * ((nps ?? 5) - 7) -
      0.0008 * (tenure - 700) +
      (segment === 'enterprise' ? -0.8 : segment === 'consumer' ? 0.4 : 0) +
      (nps === null ? 0.3 : 0);
    const churned = random() < 1 / (1 + Math.exp(-z));
    const unlabeled = random() < (options.unlabeledShare ?? 0);
    const label =
      options.labelStyle === 'truefalse'
        ? churned
          ? 'True'
          : 'False'
        : options.labelStyle === 'yesno'
          ? churned
            ? 'Yes'
            : 'No'
          : churned
            ? 1
            : 0;
    const row: Record<string, unknown> = {
      customer_id: `C${String(i % perDate).padStart(6, '0')}`,
      as_of: `2025-${String(d + 1).padStart(2, '0')}-01`,
      segment,
      tenure_days: tenure,
      nps_last: nps,
      orders_count: orders,
      recency_ratio: Math.round(recency * 1000) / 1000,
      noise: Math.round(normal() * 1000) / 1000,
    };
    for (let k = 1; k <= (options.extraNumeric ?? 0); k++) row[`x${k}`] = Math.round(normal() * 1000) / 1000;
    row.churned = unlabeled ? null : label;
    rows.push(row);
  }
  return rows;
}

/**
 * Writes rows as CSV text (header from the first row; null as an empty cell; quotes where needed).
 *
 * @param rows - plain row objects
 * @returns CSV text
 */
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>): string {
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
}
