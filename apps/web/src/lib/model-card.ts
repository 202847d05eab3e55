/**
 * @module Reads the model card (`GET /v1/model`, the registry's `card.json`) into chart-ready series:
 * headline metrics per predictor (the churn model, the logistic baseline, the rule-based CHI), ROC curves
 * (the card's stored test-split curves, or for older cards ones rebuilt from the calibration bins),
 * calibration curves and feature importance. The card is an open document, so unknown fields are ignored
 * and missing sections come back empty rather than failing the page.
 */
import type { ModelCard } from '@chi/core';
import { z } from 'zod';
import type { CurvePoint, ImportanceInput, MetricBar } from './charts.ts';

/** Headline metrics shown as bars, in display order, with whether higher is better. */
export const HEADLINE_METRICS: readonly { key: string; label: string; higherIsBetter: boolean }[] = [
  { key: 'roc_auc', label: 'ROC AUC', higherIsBetter: true },
  { key: 'pr_auc', label: 'PR AUC', higherIsBetter: true },
  { key: 'brier', label: 'Brier score', higherIsBetter: false },
  { key: 'log_loss', label: 'Log loss', higherIsBetter: false },
  { key: 'lift_at_10', label: 'Lift @10%', higherIsBetter: true },
  { key: 'capture_at_10', label: 'Capture @10%', higherIsBetter: true },
];

const CalibrationBinSchema = z.object({
  mean_predicted: z.number(),
  observed_rate: z.number(),
  count: z.number(),
});
const RocPointSchema = z.object({ fpr: z.number(), tpr: z.number() });
const RocCurveSchema = z.array(RocPointSchema).min(2);
const PredictorMetricsSchema = z.looseObject({
  calibration: z.array(CalibrationBinSchema).optional(),
});
const ImportanceRowSchema = z.object({ feature: z.string(), importance: z.number() });

/** Card fields listed under "Details": label and dotted path. */
const FACT_PATHS: readonly [string, string][] = [
  ['Training rows', 'data.rows'],
  ['Churners in the data', 'data.positives'],
  ['Label', 'data.label'],
  ['Split', 'data.split.method'],
  ['Test rows', 'data.split.test'],
  ['Epochs run', 'training.epochs_run'],
  ['Best epoch', 'training.best_epoch'],
  ['Training seconds', 'training.seconds'],
  ['Calibration', 'calibration.method'],
  ['Red from churn probability', 'thresholds.red'],
  ['Yellow from churn probability', 'thresholds.yellow'],
  ['Attribution', 'attribution.method'],
  ['Data fingerprint', 'data.fingerprint'],
  ['TensorFlow.js', 'tfjs_version'],
];

/** Chart-ready content of a model card. */
export interface ModelCardView {
  version: string;
  created: string | undefined;
  backend: string | undefined;
  features: string[];
  /** Predictor names in display order (model first). */
  predictors: string[];
  /** Headline metric values per predictor. */
  metricBars: MetricBar[];
  /** ROC points per predictor. */
  roc: CurvePoint[];
  /**
   * Predictors whose ROC curve the card does not store (cards written before `roc` was added), so it was
   * rebuilt from their calibration table: exact only at the bin edges, straight lines between.
   */
  rocFromCalibration: string[];
  /** Calibration points (mean predicted, observed rate) per predictor, non-empty bins only. */
  calibration: CurvePoint[];
  /** Feature importance, largest first. */
  importance: ImportanceInput[];
  /** Scalar fields of the card not shown elsewhere (rows, positives, training settings...). */
  facts: [string, string][];
}

const PREDICTOR_LABELS: Record<string, string> = {
  test: 'Churn model',
  model: 'Churn model',
  mlp: 'Churn model',
  champion: 'Churn model',
  baseline: 'Logistic baseline',
  logistic: 'Logistic baseline',
  rule: 'Rule-based CHI',
  scorecard: 'Rule-based CHI',
  rule_chi: 'Rule-based CHI',
};

/**
 * Display name of a predictor key of the card's `metrics`.
 * @param key - e.g. `model`, `baseline`, `rule`
 * @returns e.g. `Logistic baseline`; unknown keys are returned with underscores as spaces
 */
export function predictorLabel(key: string): string {
  return PREDICTOR_LABELS[key] ?? key.replaceAll('_', ' ');
}

function findImportance(card: Record<string, unknown>): ImportanceInput[] {
  for (const key of ['feature_importance', 'importance', 'importances']) {
    const value = card[key];
    const asRows = z.array(ImportanceRowSchema).safeParse(value);
    if (asRows.success) return asRows.data;
    const asRecord = z.record(z.string(), z.number()).safeParse(value);
    if (asRecord.success)
      return Object.entries(asRecord.data).map(([feature, importance]) => ({ feature, importance }));
  }
  return [];
}

/**
 * ROC points at the calibration table's bin edges: flagging every customer whose probability is at or
 * above an edge, the bins above it hold `count × observed_rate` churners and the rest non-churners. Exact at
 * those thresholds, linear between them.
 * @param bins - reliability bins (any order)
 * @returns ROC points from (0, 0) to (1, 1); empty when the table has no churner or no non-churner
 */
export function rocFromCalibration(
  bins: readonly {
    lower?: number | undefined;
    mean_predicted: number;
    observed_rate: number;
    count: number;
  }[],
): { fpr: number; tpr: number }[] {
  const sorted = [...bins].sort((a, b) => (b.lower ?? b.mean_predicted) - (a.lower ?? a.mean_predicted));
  const positives = sorted.reduce((sum, b) => sum + b.count * b.observed_rate, 0);
  const negatives = sorted.reduce((sum, b) => sum + b.count * (1 - b.observed_rate), 0);
  if (positives <= 0 || negatives <= 0) return [];
  const points = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (const bin of sorted) {
    tp += bin.count * bin.observed_rate;
    fp += bin.count * (1 - bin.observed_rate);
    points.push({ fpr: Math.min(1, fp / negatives), tpr: Math.min(1, tp / positives) });
  }
  return points;
}

/**
 * Turns a model card into chart series.
 * @param card - the card as served by the API
 * @returns the view; sections the card lacks are empty arrays
 */
export function readModelCard(card: ModelCard): ModelCardView {
  const doc = card as Record<string, unknown>;
  const metrics = (card.metrics ?? {}) as Record<string, unknown>;
  const predictors: string[] = [];
  const metricBars: MetricBar[] = [];
  const roc: CurvePoint[] = [];
  const calibration: CurvePoint[] = [];
  const rocRecord = doc.roc && typeof doc.roc === 'object' ? (doc.roc as Record<string, unknown>) : {};
  const storedRoc = (key: string, inline: unknown) => {
    for (const candidate of [inline, rocRecord[key]]) {
      const parsed = RocCurveSchema.safeParse(candidate);
      if (parsed.success) return parsed.data;
    }
    return undefined;
  };
  const rebuilt: string[] = [];

  for (const [key, value] of Object.entries(metrics)) {
    const parsed = PredictorMetricsSchema.safeParse(value);
    if (!parsed.success) continue;
    const name = predictorLabel(key);
    predictors.push(name);
    for (const metric of HEADLINE_METRICS) {
      const v = parsed.data[metric.key];
      if (typeof v === 'number' && Number.isFinite(v))
        metricBars.push({ metric: metric.label, model: name, value: v });
    }
    // the curve the card stores (inside the predictor's metrics or in the card's `roc`, keyed like
    // `metrics`), else one rebuilt from the calibration bins for older cards
    let curve = storedRoc(key, (value as Record<string, unknown>).roc);
    if (!curve) {
      curve = rocFromCalibration(parsed.data.calibration ?? []);
      if (curve.length > 0) rebuilt.push(name);
    }
    for (const point of curve) roc.push({ series: name, x: point.fpr, y: point.tpr });
    for (const bin of parsed.data.calibration ?? []) {
      if (bin.count > 0) calibration.push({ series: name, x: bin.mean_predicted, y: bin.observed_rate });
    }
  }

  const facts: [string, string][] = [];
  const at = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>(
        (node, key) =>
          node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
        doc,
      );
  for (const [label, path] of FACT_PATHS) {
    const value = at(path);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      facts.push([
        label,
        typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(3) : String(value),
      ]);
    }
  }

  return {
    version: card.version,
    created: card.created,
    backend: card.backend,
    features: card.features ?? [],
    predictors,
    metricBars,
    roc,
    rocFromCalibration: rebuilt,
    calibration,
    importance: findImportance(doc).sort((a, b) => b.importance - a.importance),
    facts,
  };
}
