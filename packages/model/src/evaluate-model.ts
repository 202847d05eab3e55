/**
 * @module `evaluateModel`: scores a saved model on new labelled rows (e.g. a later snapshot whose
 * outcome window has closed), with the rule CHI alongside on snapshot data.
 */
import type { RiskThresholds } from '@chi/core';
import { DataError } from './errors.js';
import { applyLabelRule } from './label.js';
import { evaluate, type Metrics } from './metrics.js';
import type { ChurnModel } from './model-io.js';
import { predictProbabilities } from './predict.js';
import { ruleChiProbabilities } from './rule-chi.js';
import { readTable, type Table, takeRows } from './table.js';

/** Outcome of {@link evaluateModel}. */
export interface EvaluationResult {
  version: string;
  rows: number;
  labelled_rows: number;
  unlabeled_rows: number;
  metrics: Metrics;
  rule_chi?: Metrics;
}

/**
 * Evaluates a model on every labelled row of a file or table.
 *
 * @param model - loaded model
 * @param input - CSV/Parquet path or table, holding the model's label column and input columns
 * @param thresholds - colour thresholds (default: the card's)
 * @returns metrics of the model and, on snapshot data, of the rule CHI
 */
export async function evaluateModel(
  model: ChurnModel,
  input: string | Table,
  thresholds?: RiskThresholds,
): Promise<EvaluationResult> {
  const table = typeof input === 'string' ? await readTable(input) : input;
  const rule = model.preprocessing.label;
  const labelValues = table.data[rule.column];
  if (!labelValues) throw new DataError(`the input has no label column "${rule.column}" to evaluate against`);
  const labels = applyLabelRule(rule, labelValues);
  const rows: number[] = [];
  for (let i = 0; i < labels.length; i++) if ((labels[i] as number) >= 0) rows.push(i);
  if (rows.length === 0)
    throw new DataError(`no labelled rows in the input (label "${rule.column}" is empty everywhere)`);
  const labelled = takeRows(table, rows);
  const y = Float32Array.from(rows, (r) => labels[r] as number);
  const t = thresholds ?? model.card.thresholds;
  const metrics = evaluate(y, predictProbabilities(model, labelled).p, t);
  const rule_chi = ruleChiProbabilities(labelled);
  return {
    version: model.version,
    rows: table.length,
    labelled_rows: rows.length,
    unlabeled_rows: table.length - rows.length,
    metrics,
    ...(rule_chi ? { rule_chi: evaluate(y, rule_chi, t) } : {}),
  };
}
