/**
 * @module Reads the model card (`GET /v1/model`, the registry's `card.json`) into chart-ready series:
 * headline metrics per predictor (the churn model, the logistic baseline, the rule-based CHI), ROC curves,
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
const PredictorMetricsSchema = z.looseObject({
  calibration: z.array(CalibrationBinSchema).optional(),
  roc: z.array(RocPointSchema).optional(),
});
const ImportanceRowSchema = z.object({ feature: z.string(), importance: z.number() });

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
  /** Calibration points (mean predicted, observed rate) per predictor, non-empty bins only. */
  calibration: CurvePoint[];
  /** Feature importance, largest first. */
  importance: ImportanceInput[];
  /** Scalar fields of the card not shown elsewhere (rows, positives, training settings...). */
  facts: [string, string][];
}

const PREDICTOR_LABELS: Record<string, string> = {
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
  const topLevelRoc = z.record(z.string(), z.array(RocPointSchema)).safeParse(doc.roc);

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
    const curve = parsed.data.roc ?? (topLevelRoc.success ? topLevelRoc.data[key] : undefined) ?? [];
    for (const point of curve) roc.push({ series: name, x: point.fpr, y: point.tpr });
    for (const bin of parsed.data.calibration ?? []) {
      if (bin.count > 0) calibration.push({ series: name, x: bin.mean_predicted, y: bin.observed_rate });
    }
  }

  const shown = new Set([
    'version',
    'created',
    'backend',
    'features',
    'metrics',
    'roc',
    'feature_importance',
    'importance',
    'importances',
  ]);
  const facts: [string, string][] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (shown.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      facts.push([key, String(value)]);
  }

  return {
    version: card.version,
    created: card.created,
    backend: card.backend,
    features: card.features ?? [],
    predictors,
    metricBars,
    roc,
    calibration,
    importance: findImportance(doc).sort((a, b) => b.importance - a.importance),
    facts,
  };
}
