import type { ModelCard } from '@chi/core';
import { describe, expect, it } from 'vitest';
import { predictorLabel, readModelCard, rocFromCalibration } from './model-card.ts';

const bins = (rates: [number, number][]) =>
  rates.map(([count, rate], i) => ({
    bin: i,
    lower: i / rates.length,
    upper: (i + 1) / rates.length,
    count,
    mean_predicted: (i + 0.5) / rates.length,
    observed_rate: rate,
  }));

describe('rocFromCalibration', () => {
  it('gives the exact ROC points at the bin edges', () => {
    // 2 bins: low bin 80 customers with 10% churn (8 churners), high bin 20 with 60% churn (12 churners)
    const points = rocFromCalibration(
      bins([
        [80, 0.1],
        [20, 0.6],
      ]),
    );
    expect(points[0]).toEqual({ fpr: 0, tpr: 0 });
    // flag the high bin: 12 of 20 churners, 8 of 80 non-churners
    expect(points[1]?.tpr).toBeCloseTo(12 / 20, 10);
    expect(points[1]?.fpr).toBeCloseTo(8 / 80, 10);
    expect(points[2]).toEqual({ fpr: 1, tpr: 1 });
  });

  it('returns no curve when the table has no churner', () => {
    expect(rocFromCalibration(bins([[10, 0]]))).toEqual([]);
  });
});

describe('readModelCard', () => {
  const card = {
    version: '20240701-abc',
    created: '2024-07-01T10:00:00Z',
    backend: 'wasm',
    features: ['recency_ratio', 'nps_last'],
    data: { rows: 1200, positives: 300, split: { method: 'time', test: 240 } },
    training: { epochs_run: 12, seconds: 3.25 },
    metrics: {
      test: {
        roc_auc: 0.84,
        pr_auc: 0.7,
        brier: 0.14,
        calibration: bins([
          [80, 0.1],
          [20, 0.6],
        ]),
      },
      baseline: {
        roc_auc: 0.86,
        brier: 0.13,
        roc: [
          { fpr: 0, tpr: 0 },
          { fpr: 0.2, tpr: 0.7 },
          { fpr: 1, tpr: 1 },
        ],
      },
      rule_chi: { roc_auc: 0.78 },
    },
    feature_importance: [
      { feature: 'nps_last', importance: 1.5 },
      { feature: 'recency_ratio', importance: 6 },
    ],
  };

  it('names the churn model, the logistic baseline and the rule-based CHI', () => {
    const view = readModelCard(card);
    expect(view.predictors).toEqual(['Churn model', 'Logistic baseline', 'Rule-based CHI']);
    expect(view.metricBars).toContainEqual({ metric: 'ROC AUC', model: 'Rule-based CHI', value: 0.78 });
    expect(view.metricBars.filter((b) => b.model === 'Churn model').map((b) => b.metric)).toEqual([
      'ROC AUC',
      'PR AUC',
      'Brier score',
    ]);
  });

  it('uses a ROC curve from the card when present and derives one from calibration otherwise', () => {
    const view = readModelCard(card);
    expect(view.roc.filter((p) => p.series === 'Logistic baseline')).toHaveLength(3);
    expect(view.roc.filter((p) => p.series === 'Churn model')).toHaveLength(3);
    expect(view.roc.some((p) => p.series === 'Rule-based CHI')).toBe(false);
    expect(view.calibration.filter((p) => p.series === 'Churn model')).toHaveLength(2);
  });

  it('draws the ROC curves a training run stores in the card, not the calibration rebuild', () => {
    // the shape chi train writes: card.roc keyed like metrics, up to 200 points with thresholds
    const stored = (n: number, bend: number) =>
      Array.from({ length: n }, (_, i) => ({
        fpr: i / (n - 1),
        tpr: (i / (n - 1)) ** bend,
        threshold: i === 0 ? null : 1 - i / n,
      }));
    const trained = {
      ...card,
      metrics: { ...card.metrics, baseline: { roc_auc: 0.86, calibration: card.metrics.test.calibration } },
      roc: { test: stored(180, 0.3), baseline: stored(150, 0.4), rule_chi: stored(12, 0.6) },
    };
    const view = readModelCard(trained);
    const model = view.roc.filter((p) => p.series === 'Churn model');
    expect(model).toHaveLength(180);
    expect(model[1]).toEqual({ series: 'Churn model', x: 1 / 179, y: (1 / 179) ** 0.3 });
    expect(view.roc.filter((p) => p.series === 'Logistic baseline')).toHaveLength(150);
    expect(view.roc.filter((p) => p.series === 'Rule-based CHI')).toHaveLength(12);
    expect(view.rocFromCalibration).toEqual([]);
  });

  it('falls back to the calibration rebuild for a card without stored curves, and says which', () => {
    // an unusable stored curve counts as none
    const older = { ...card, roc: { test: [{ fpr: 'x' }] } } as unknown as ModelCard;
    const view = readModelCard(older);
    const model = view.roc.filter((p) => p.series === 'Churn model');
    expect(model.map((p) => ({ fpr: p.x, tpr: p.y }))).toEqual(
      rocFromCalibration(card.metrics.test.calibration),
    );
    expect(view.rocFromCalibration).toEqual(['Churn model']);
  });

  it('sorts feature importance largest first and lists training facts', () => {
    const view = readModelCard(card);
    expect(view.importance.map((r) => r.feature)).toEqual(['recency_ratio', 'nps_last']);
    expect(view.facts).toContainEqual(['Training rows', '1200']);
    expect(view.facts).toContainEqual(['Training seconds', '3.250']);
  });

  it('tolerates a bare card with no metrics', () => {
    const view = readModelCard({ version: 'v1' });
    expect(view.metricBars).toEqual([]);
    expect(view.roc).toEqual([]);
    expect(predictorLabel('some_new_model')).toBe('some new model');
  });
});
