/** @module Tests of predicted health: score, colour, and integrated-gradient drivers. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { calibrate } from './calibrate.js';
import type { ChurnModel } from './model-io.js';
import { columnEffects, predictHealth, predictProbabilities } from './predict.js';
import { syntheticChurnRows } from './synthetic-rows.js';
import { tableFromRows } from './table.js';
import { trainChurnModel } from './train-churn-model.js';

let model: ChurnModel;
const rows = syntheticChurnRows(2000, { seed: 5, labelStyle: 'truefalse' });

beforeAll(async () => {
  await selectBackend();
  const result = await trainChurnModel({
    input: tableFromRows(rows),
    label: 'churned',
    id: 'customer_id',
    exclude: ['as_of'],
    epochs: 30,
    learningRate: 0.005,
    seed: 9,
  });
  model = result.model;
}, 120_000);

describe('predictHealth', () => {
  it('returns the predicted health shape with score = 100 x (1 - p) and the colour of p', () => {
    const results = predictHealth(model, rows.slice(0, 100));
    expect(results).toHaveLength(100);
    for (const r of results) {
      expect(r.mode).toBe('predicted');
      expect(r.model_version).toBe(model.version);
      expect(r.score).toBeCloseTo(100 * (1 - r.churn_probability), 1);
      expect(r.band).toBe(
        r.churn_probability >= 0.5 ? 'red' : r.churn_probability >= 0.2 ? 'yellow' : 'green',
      );
      expect(r.drivers.length).toBeLessThanOrEqual(3);
    }
    expect(results[0]?.customer_id).toBe(rows[0]?.customer_id);
  });
  it('honours custom colour thresholds', () => {
    const results = predictHealth(model, rows.slice(0, 50), {
      thresholds: { red: 0.99, yellow: 0.98 },
      drivers: false,
    });
    expect(results.every((r) => r.band === 'green' || r.churn_probability >= 0.98)).toBe(true);
  });
  it('reports drivers on the original columns, one-hot groups aggregated, largest effect first', () => {
    const [result] = predictHealth(model, rows.slice(0, 1));
    const drivers = result?.drivers ?? [];
    expect(drivers.length).toBeGreaterThan(0);
    const known = new Set(model.preprocessing.features.map((f) => f.column));
    for (const d of drivers) expect(known.has(d.feature)).toBe(true);
    const sizes = drivers.map((d) => Math.abs(d.effect));
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    const segment = predictHealth(model, rows.slice(0, 40))
      .flatMap((r) => r.drivers)
      .find((d) => d.feature === 'segment');
    if (segment) expect(['consumer', 'smb', 'enterprise']).toContain(segment.category);
  });
  it('makes driver effects add up to the score minus the baseline customer score (integrated gradients completeness)', () => {
    const table = tableFromRows(rows.slice(0, 20));
    const effects = columnEffects(model, table, 64);
    const { p } = predictProbabilities(model, table);
    const baseRaw = tf.tidy(
      () =>
        (
          model.network.predict(tf.tensor2d(model.baseline, [1, model.baseline.length])) as tf.Tensor
        ).dataSync()[0] as number,
    );
    const baseScore = 100 * (1 - calibrate(model.calibration, baseRaw));
    const n = model.preprocessing.features.length;
    for (let r = 0; r < 20; r++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += effects[r * n + j] as number;
      expect(sum).toBeCloseTo(100 * (1 - (p[r] as number)) - baseScore, 0);
    }
  });
  it('gives no weight to the pure-noise column compared with recency', () => {
    const importance = new Map(model.card.feature_importance.map((f) => [f.feature, f.importance]));
    expect(importance.get('recency_ratio') as number).toBeGreaterThan(
      3 * (importance.get('noise') as number),
    );
  });
});
