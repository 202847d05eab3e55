/** @module Tests of the model card written by a training run: the stored test-split ROC curves. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import type { ModelCard } from './card.js';
import type { RocPoint } from './metrics.js';
import { syntheticChurnRows } from './synthetic-rows.js';
import { tableFromRows } from './table.js';
import { ROC_POINTS, trainChurnModel } from './train-churn-model.js';

let dir: string;
let card: ModelCard;

// synthetic rows with every measure of the default scorecard, so the rule CHI is scored too
const rows = syntheticChurnRows(2500, { seed: 5 }).map((r, i) => ({
  ...r,
  csat_avg: 1 + (i % 5),
  p_alive: ((i * 37) % 100) / 100,
  tickets_count: i % 4,
  channels_count: 1 + (i % 3),
  revenue: 50 + ((i * 13) % 400),
}));

beforeAll(async () => {
  await selectBackend();
  dir = mkdtempSync(path.join(tmpdir(), 'chi-card-'));
  const result = await trainChurnModel({
    input: tableFromRows(rows),
    label: 'churned',
    id: 'customer_id',
    exclude: ['as_of'],
    epochs: 6,
    learningRate: 0.01,
    seed: 4,
    modelsDir: path.join(dir, 'models'),
  });
  card = JSON.parse(readFileSync(path.join(result.dir as string, 'card.json'), 'utf8'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Trapezoid area under ROC points. */
function area(points: RocPoint[]): number {
  let sum = 0;
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1] as RocPoint;
    const b = points[k] as RocPoint;
    sum += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
  }
  return sum;
}

describe('card.json ROC curves', () => {
  it('stores a downsampled test-split ROC curve for the model, the baseline and the rule CHI', () => {
    expect(card.roc).toBeDefined();
    const roc = card.roc as NonNullable<ModelCard['roc']>;
    expect(Object.keys(roc).sort()).toEqual(Object.keys(card.metrics).sort());
    for (const key of ['test', 'baseline', 'rule_chi'] as const) {
      const curve = roc[key] as RocPoint[];
      expect(curve.length).toBeGreaterThan(10);
      expect(curve.length).toBeLessThanOrEqual(ROC_POINTS);
      expect(curve[0]).toEqual({ fpr: 0, tpr: 0, threshold: null });
      expect(curve.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
      for (let k = 1; k < curve.length; k++) {
        const a = curve[k - 1] as RocPoint;
        const b = curve[k] as RocPoint;
        expect(b.fpr).toBeGreaterThanOrEqual(a.fpr);
        expect(b.tpr).toBeGreaterThanOrEqual(a.tpr);
        if (a.threshold !== null) expect(b.threshold as number).toBeLessThan(a.threshold);
      }
      // the area under the stored points agrees with the exact ROC-AUC of the metrics
      expect(Math.abs(area(curve) - (card.metrics[key] as { roc_auc: number }).roc_auc)).toBeLessThan(0.01);
    }
  });

  it('places the confusion counts at the red threshold on the stored curve', () => {
    const red = card.metrics.test.confusion.red;
    const positives = red.tp + red.fn;
    const negatives = red.fp + red.tn;
    const curve = card.roc?.test ?? [];
    // the last stored point still flagged at the red threshold is at or before the confusion's rates
    const before = curve.filter((pt) => pt.threshold === null || pt.threshold >= red.threshold).at(-1);
    expect(before?.tpr).toBeLessThanOrEqual(red.tp / positives + 1e-12);
    expect(before?.fpr).toBeLessThanOrEqual(red.fp / negatives + 1e-12);
  });
});
