/** @module Tests of Platt and isotonic calibration on an overconfident fixture. */
import { describe, expect, it } from 'vitest';
import { calibrate, calibrateAll, fitCalibration, fitIsotonic, fitPlatt } from './calibrate.js';
import { brier } from './metrics.js';
import { createRandom } from './random.js';

/** Outcomes drawn from true probabilities t; the "model" reports an overconfident distortion of t. */
function fixture(n: number, seed: number) {
  const random = createRandom(seed);
  const y: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = random() * 0.6;
    y.push(random() < t ? 1 : 0);
    raw.push(Math.min(0.999, t ** 0.4)); // much too high
  }
  return { y, raw };
}

describe('calibration', () => {
  const fit = fixture(4000, 1);
  const held = fixture(4000, 2);

  it('Platt scaling lowers the Brier score on held-out rows', () => {
    const cal = fitPlatt(fit.y, fit.raw);
    const before = brier(held.y, held.raw);
    const after = brier(held.y, calibrateAll(cal, held.raw));
    expect(after).toBeLessThan(before - 0.05);
  });
  it('isotonic regression lowers the Brier score on held-out rows', () => {
    const cal = fitIsotonic(fit.y, fit.raw);
    const after = brier(held.y, calibrateAll(cal, held.raw));
    expect(after).toBeLessThan(brier(held.y, held.raw) - 0.05);
  });
  it('isotonic regression is non-decreasing', () => {
    const cal = fitIsotonic(fit.y, fit.raw);
    const grid = Array.from({ length: 101 }, (_, i) => i / 100).map((x) => calibrate(cal, x));
    for (let i = 1; i < grid.length; i++) expect(grid[i]).toBeGreaterThanOrEqual(grid[i - 1] as number);
  });
  it('Platt scaling keeps already calibrated probabilities about the same', () => {
    const random = createRandom(5);
    const p = Array.from({ length: 5000 }, () => random());
    const y = p.map((q) => (random() < q ? 1 : 0));
    const cal = fitCalibration('platt', y, p);
    expect(cal.method === 'platt' && cal.a).toBeCloseTo(1, 1);
    expect(calibrate(cal, 0.3)).toBeCloseTo(0.3, 1);
  });
  it('Platt scaling stays finite on a tiny split with saturated raw probabilities', () => {
    const cal = fitPlatt([1, 1, 0, 0, 0, 0], [0.9999999, 0.99999, 1e-7, 1e-6, 0.5, 0.99999]);
    if (cal.method !== 'platt') throw new Error('expected platt');
    expect(Math.abs(cal.a)).toBeLessThan(5);
    // one wrong confident answer in six: a calibrated 0.99999 is far from certain
    expect(calibrate(cal, 0.99999)).toBeLessThan(0.9);
    expect(calibrate(cal, 1e-7)).toBeGreaterThan(0.01);
  });
  it('Platt scaling keeps the slope near 1 when the raw probabilities barely vary', () => {
    const y = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0];
    const raw = y.map((_, i) => 0.3 + i * 1e-9);
    const cal = fitPlatt(y, raw);
    if (cal.method !== 'platt') throw new Error('expected platt');
    expect(cal.a).toBeCloseTo(1, 3);
    // the intercept carries the observed rate (2 in 10, smoothed toward 1/2)
    expect(calibrate(cal, 0.3)).toBeGreaterThan(0.2);
    expect(calibrate(cal, 0.3)).toBeLessThan(0.3);
  });
  it('the identity calibration returns the raw probability', () => {
    expect(calibrate(fitCalibration('none', [0, 1], [0.2, 0.7]), 0.42)).toBe(0.42);
  });
});
