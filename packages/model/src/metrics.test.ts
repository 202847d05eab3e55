/** @module Tests of the evaluation metrics against hand-computed values. */
import { describe, expect, it } from 'vitest';
import {
  brier,
  calibrationTable,
  confusionAt,
  downsampleCurve,
  evaluate,
  liftAt,
  logLoss,
  prAuc,
  rocAuc,
  rocCurve,
} from './metrics.js';

const y = [0, 0, 1, 1, 0, 1, 0, 0, 1, 0];
const p = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.3, 0.05, 0.6, 0.7];

describe('metrics', () => {
  it('computes ROC-AUC as the share of correctly ordered positive-negative pairs', () => {
    // pairs: 4 positives x 6 negatives = 24; misordered: 0.35 < 0.4 and 0.35 < 0.7, 0.6 < 0.7 -> 3
    expect(rocAuc(y, p)).toBeCloseTo(21 / 24, 12);
  });
  it('counts ties as half', () => {
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
  });
  it('returns NaN ROC-AUC when one class is absent', () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });
  it('gives one ROC point per distinct score with its threshold, after a starting (0, 0)', () => {
    const curve = rocCurve([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1]);
    expect(curve).toEqual([
      { fpr: 0, tpr: 0, threshold: null },
      { fpr: 0, tpr: 0.5, threshold: 0.9 },
      { fpr: 0.5, tpr: 1, threshold: 0.5 },
      { fpr: 1, tpr: 1, threshold: 0.1 },
    ]);
  });
  it('downsamples a curve to at most max points, keeping its ends', () => {
    const points = Array.from({ length: 1001 }, (_, i) => i);
    const kept = downsampleCurve(points, 200);
    expect(kept).toHaveLength(200);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(1000);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
    expect(downsampleCurve([1, 2, 3], 200)).toEqual([1, 2, 3]);
  });
  it('computes average precision', () => {
    // ranking: 0.9(1) 0.8(1) 0.7(0) 0.6(1) 0.4(0) 0.35(1) ... -> AP = (1 + 1 + 3/4 + 4/6) / 4
    expect(prAuc(y, p)).toBeCloseTo((1 + 1 + 3 / 4 + 4 / 6) / 4, 12);
  });
  it('computes log loss and Brier score', () => {
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(brier([1, 0], [0.8, 0.4])).toBeCloseTo((0.04 + 0.16) / 2, 12);
  });
  it('computes lift and capture in the top decile', () => {
    const yy = Array.from({ length: 100 }, (_, i) => (i < 8 || i === 50 || i === 60 ? 1 : 0));
    const pp = Array.from({ length: 100 }, (_, i) => 1 - i / 100);
    const { lift, capture } = liftAt(yy, pp, 0.1);
    expect(capture).toBeCloseTo(8 / 10, 12);
    expect(lift).toBeCloseTo(0.8 / 0.1, 12);
  });
  it('counts rows tied at the top-decile cut-off fractionally, whatever their order', () => {
    // 20 rows: 1 top row (churner), then 10 rows tied at 0.5 with 4 churners, then 9 low rows (1 churner);
    // the top 2 rows = the top row + 1 of the 10 tied rows, which holds 4/10 churners on average
    const yy = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    const pp = [0.9, ...Array(10).fill(0.5), ...Array(9).fill(0.1)];
    const expected = { capture: (1 + 0.4) / 6, lift: 1.4 / 2 / (6 / 20) };
    const a = liftAt(yy, pp, 0.1);
    expect(a.capture).toBeCloseTo(expected.capture, 12);
    expect(a.lift).toBeCloseTo(expected.lift, 12);
    // the same rows in reverse order give the same answer
    const b = liftAt([...yy].reverse(), [...pp].reverse(), 0.1);
    expect(b.capture).toBeCloseTo(expected.capture, 12);
    expect(b.lift).toBeCloseTo(expected.lift, 12);
  });
  it('counts every row of an all-tied score at the base rate (lift 1)', () => {
    const { lift, capture } = liftAt([1, 0, 0, 1, 0, 0, 0, 0, 0, 0], Array(10).fill(0.3), 0.2);
    expect(lift).toBeCloseTo(1, 12);
    expect(capture).toBeCloseTo(0.2, 12);
  });
  it('bins predictions into a 10-bin reliability table', () => {
    const table = calibrationTable([1, 0, 1], [0.05, 0.07, 0.95]);
    expect(table).toHaveLength(10);
    expect(table[0]).toMatchObject({ count: 2, observed_rate: 0.5 });
    expect(table[0]?.mean_predicted).toBeCloseTo(0.06, 12);
    expect(table[9]).toMatchObject({ count: 1, observed_rate: 1 });
  });
  it('counts the confusion table at a threshold', () => {
    expect(confusionAt(y, p, 0.5)).toMatchObject({
      tp: 3,
      fp: 1,
      fn: 1,
      tn: 5,
      precision: 0.75,
      recall: 0.75,
    });
  });
  it('gathers every metric with the colour thresholds', () => {
    const m = evaluate(y, p, { red: 0.5, yellow: 0.2 });
    expect(m.rows).toBe(10);
    expect(m.positives).toBe(4);
    expect(m.confusion.yellow.threshold).toBe(0.2);
    expect(m.confusion.yellow.tp).toBe(4);
  });
});
