/** @module Tests of the danfo-fitted numeric column statistics against direct formulas. */
import { describe, expect, it } from 'vitest';
import { fitColumnStats } from './column-stats.js';
import { createRandom } from './random.js';

/** The statistics written out by hand: median of present values, then mean and population std after imputing it. */
function reference(values: number[]) {
  const present = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const mid = present.length >> 1;
  const median =
    present.length === 0
      ? 0
      : present.length % 2
        ? (present[mid] as number)
        : ((present[mid - 1] as number) + (present[mid] as number)) / 2;
  const imputed = values.map((v) => (Number.isNaN(v) ? median : v));
  const mean = imputed.reduce((s, v) => s + v, 0) / imputed.length;
  const std = Math.sqrt(imputed.reduce((s, v) => s + (v - mean) ** 2, 0) / imputed.length);
  return { median, missing: values.length - present.length, mean, std };
}

describe('fitColumnStats', () => {
  it('gives the median of present values and the mean and population std after imputing it', () => {
    const stats = fitColumnStats({ spend: [1, Number.NaN, 3, 10], flat: [2, 2, 2, 2] });
    expect(stats.spend).toEqual({ median: 3, missing: 1, mean: 17 / 4, std: expect.any(Number) });
    expect(stats.spend?.std).toBeCloseTo(Math.sqrt((3.25 ** 2 + 1.25 ** 2 + 1.25 ** 2 + 5.75 ** 2) / 4), 12);
    expect(stats.flat).toEqual({ median: 2, missing: 0, mean: 2, std: 0 });
  });

  it('matches the direct formulas on random columns with gaps, to float64 rounding', () => {
    const random = createRandom(7);
    const columns: Record<string, number[]> = {};
    for (let c = 0; c < 6; c++) {
      columns[`x${c}`] = Array.from({ length: 5001 }, () =>
        random() < 0.1 * c ? Number.NaN : Math.round((random() * 200 - 50) * 100) / 100,
      );
    }
    const stats = fitColumnStats(columns);
    for (const [name, values] of Object.entries(columns)) {
      const want = reference(values);
      const got = stats[name] as typeof want;
      expect(got.median).toBe(want.median);
      expect(got.missing).toBe(want.missing);
      expect(Math.abs(got.mean - want.mean)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want.mean)));
      expect(Math.abs(got.std - want.std)).toBeLessThanOrEqual(1e-12 * want.std);
    }
  });

  it('imputes 0 for a column with no present value', () => {
    expect(fitColumnStats({ empty: [Number.NaN, Number.NaN] }).empty).toMatchObject({
      median: 0,
      missing: 2,
    });
  });
});
