/**
 * @module The rule-based current CHI used as a churn predictor (p = (100 - score) / 100), so the model's
 * metrics can be read against what the scorecard alone achieves. Applies only to metric snapshots that
 * hold every measure of the default scorecard.
 */
import { DEFAULT_SCORECARD, fitScorecard, type MetricColumns, scoreBatch } from '@chi/core';
import { isMissing } from './preprocess.js';
import type { Table } from './table.js';

/**
 * Scores rows with the default scorecard (statistics fitted on the same rows, as the current CHI is on
 * a snapshot) and turns the score into a risk.
 *
 * @param table - metric snapshot rows
 * @returns one risk in [0, 1] per row (0.5 where no score can be given), or `null` when the table is not
 *   a scorecard-compatible snapshot
 */
export function ruleChiProbabilities(table: Table): Float64Array | null {
  const measures = DEFAULT_SCORECARD.measures.map((m) => m.id);
  if (table.length === 0 || !measures.every((id) => table.data[id])) return null;
  const columns: MetricColumns = { length: table.length, measures: {} };
  for (const column of table.columns) {
    const values = table.data[column] as unknown[];
    const numbers = new Float64Array(table.length);
    let numeric = true;
    for (let i = 0; i < table.length && numeric; i++) {
      const v = values[i];
      if (isMissing(v)) numbers[i] = Number.NaN;
      else {
        const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(String(v));
        if (Number.isFinite(n)) numbers[i] = n;
        else numeric = false;
      }
    }
    if (numeric) columns.measures[column] = numbers;
  }
  if (table.data.segment) {
    columns.segment = (table.data.segment as unknown[]).map((s) => (isMissing(s) ? null : String(s)));
  }
  const stats = fitScorecard(columns, DEFAULT_SCORECARD);
  const scores = scoreBatch(columns, DEFAULT_SCORECARD, stats);
  const out = new Float64Array(table.length);
  for (let i = 0; i < table.length; i++) {
    const s = scores.score[i] as number;
    out[i] = Number.isFinite(s) ? (100 - s) / 100 : 0.5;
  }
  return out;
}
