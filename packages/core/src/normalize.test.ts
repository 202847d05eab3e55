/** @module Tests of every normaliser and of the normal CDF. */
import { describe, expect, it } from 'vitest';
import { normalCdf } from './normal-cdf.js';
import {
  booleanScore,
  type CompiledNormalizer,
  compilePercentile,
  linearScore,
  type PercentileParams,
  percentilePoints,
  percentileScore,
  stepsScore,
  subScore,
  type ZscoreParams,
  zscoreScore,
} from './normalize.js';

function percentileParams(quantiles: number[], lower = false): PercentileParams {
  return compilePercentile(quantiles, lower);
}

describe('normalCdf', () => {
  it('matches reference values of the standard normal CDF to 1e-14', () => {
    // Reference values from scipy.stats.norm.cdf.
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 14);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 20);
    // far tail: relative error stays below 1e-7 (absolute below 1e-22)
    expect(Math.abs(normalCdf(-8) / 6.220960574271784e-16 - 1)).toBeLessThan(1e-7);
  });

  it('is symmetric: Φ(-z) = 1 - Φ(z)', () => {
    for (const z of [0.1, 0.5, 1.3, 2.7, 6.9, 7.2, 12])
      expect(normalCdf(-z)).toBeCloseTo(1 - normalCdf(z), 15);
  });

  it('returns exactly 0 and 1 beyond |z| = 37 and for infinities', () => {
    expect(normalCdf(-38)).toBe(0);
    expect(normalCdf(38)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
  });
});

describe('linear normaliser', () => {
  it('maps bad to 0, good to 100 and interpolates between', () => {
    expect(linearScore(0, 0, 10)).toBe(0);
    expect(linearScore(10, 0, 10)).toBe(100);
    expect(linearScore(2.5, 0, 10)).toBe(25);
  });

  it('clamps values outside the bad..good range', () => {
    expect(linearScore(-5, 0, 10)).toBe(0);
    expect(linearScore(15, 0, 10)).toBe(100);
  });

  it('works when lower is better (good below bad)', () => {
    // good 1, bad 3: span = 1 - 3 = -2
    expect(linearScore(1, 3, -2)).toBe(100);
    expect(linearScore(0.4, 3, -2)).toBe(100);
    expect(linearScore(2, 3, -2)).toBe(50);
    expect(linearScore(3, 3, -2)).toBe(0);
    expect(linearScore(9, 3, -2)).toBe(0);
  });

  it('returns NaN for a missing value', () => {
    expect(linearScore(Number.NaN, 0, 10)).toBeNaN();
  });
});

describe('steps normaliser', () => {
  const thresholds = [0, 2, 5];
  const points = [100, 70, 30, 0];
  it('treats thresholds as inclusive upper bounds', () => {
    expect(stepsScore(0, thresholds, points)).toBe(100);
    expect(stepsScore(1, thresholds, points)).toBe(70);
    expect(stepsScore(2, thresholds, points)).toBe(70);
    expect(stepsScore(2.0001, thresholds, points)).toBe(30);
    expect(stepsScore(5, thresholds, points)).toBe(30);
  });

  it('gives values above the last threshold the catch-all points', () => {
    expect(stepsScore(6, thresholds, points)).toBe(0);
    expect(stepsScore(1e9, thresholds, points)).toBe(0);
  });

  it('gives values below the first threshold the first points', () => {
    expect(stepsScore(-3, thresholds, points)).toBe(100);
  });

  it('returns NaN for a missing value', () => {
    expect(stepsScore(Number.NaN, thresholds, points)).toBeNaN();
  });
});

describe('percentile normaliser', () => {
  it('derives mid-ranks of tied quantiles', () => {
    // 5 quantile positions (K = 4): 0, 0, 0, 10, 20 -> 0 holds positions 0..2, mid-rank 1 of 4 = 25%.
    expect(percentilePoints([0, 0, 0, 10, 20])).toEqual({ values: [0, 10, 20], ranks: [25, 75, 100] });
  });

  it('ranks a value by interpolating between distinct quantiles', () => {
    const p = percentileParams([0, 10, 20, 30, 40]);
    expect(percentileScore(0, p)).toBe(0);
    expect(percentileScore(10, p)).toBe(25);
    expect(percentileScore(15, p)).toBe(37.5);
    expect(percentileScore(40, p)).toBe(100);
  });

  it('clamps below the smallest and above the largest quantile', () => {
    const p = percentileParams([0, 0, 0, 10, 20]);
    expect(percentileScore(-5, p)).toBe(25);
    expect(percentileScore(0, p)).toBe(25);
    expect(percentileScore(5, p)).toBe(50);
    expect(percentileScore(99, p)).toBe(100);
  });

  it('reverses the rank when lower is healthier', () => {
    const p = percentileParams([0, 10, 20, 30, 40], true);
    expect(percentileScore(10, p)).toBe(75);
    expect(percentileScore(40, p)).toBe(0);
  });

  it('gives 50 when the whole population holds one value', () => {
    const p = percentileParams([7, 7, 7]);
    expect(percentileScore(7, p)).toBe(50);
    expect(percentileScore(1, p)).toBe(50);
  });

  it('returns NaN for a missing value', () => {
    expect(percentileScore(Number.NaN, percentileParams([0, 1]))).toBeNaN();
  });

  it('finds the same interval as a plain scan for any value, with ties and uneven spacing', () => {
    let seed = 1;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let t = 0; t < 50; t++) {
      const raw = Array.from({ length: 101 }, () =>
        rnd() < 0.3 ? 5 : Math.exp(rnd() * 6) * (rnd() < 0.5 ? 1 : -1),
      );
      const quantiles = raw.sort((a, b) => a - b);
      const p = percentileParams(quantiles);
      const { values, ranks, dv, dr } = p;
      const scan = (x: number) => {
        if (x <= (values[0] as number)) return ranks[0] as number;
        const last = values.length - 1;
        if (x >= (values[last] as number)) return ranks[last] as number;
        let j = 0;
        while ((values[j + 1] as number) <= x) j++;
        return (ranks[j] as number) + ((x - (values[j] as number)) / (dv[j] as number)) * (dr[j] as number);
      };
      const probes = [
        ...values,
        ...values.map((v) => v + 1e-9),
        ...Array.from({ length: 200 }, () => (rnd() - 0.5) * 900),
      ];
      for (const x of probes) expect(percentileScore(x, p)).toBe(scan(x));
    }
  });
});

describe('zscore normaliser', () => {
  const plain: ZscoreParams = { kind: 'zscore', log: false, mean: 100, sd: 20, lower: false };
  it('maps the mean to 50 and one sd above to 100·Φ(1)', () => {
    expect(zscoreScore(100, plain)).toBe(50);
    expect(zscoreScore(120, plain)).toBeCloseTo(84.1344746068543, 12);
    expect(zscoreScore(80, plain)).toBeCloseTo(15.86552539314571, 12);
  });

  it('reverses when lower is healthier', () => {
    expect(zscoreScore(120, { ...plain, lower: true })).toBeCloseTo(15.86552539314571, 12);
  });

  it('standardises log(1 + max(x, 0)) when log is set', () => {
    const log: ZscoreParams = { kind: 'zscore', log: true, mean: Math.log(101), sd: 1, lower: false };
    expect(zscoreScore(100, log)).toBe(50);
    // log(1 + x) one unit above the mean: x = 101·e − 1
    expect(zscoreScore(101 * Math.E - 1, log)).toBeCloseTo(84.1344746068543, 9);
    // negative values (refunds) count as 0
    expect(zscoreScore(-50, log)).toBe(zscoreScore(0, log));
  });

  it('gives 50 to every present value when the population has no spread', () => {
    expect(zscoreScore(3, { ...plain, sd: 0 })).toBe(50);
    expect(zscoreScore(Number.NaN, { ...plain, sd: 0 })).toBeNaN();
  });
});

describe('boolean normaliser', () => {
  it('scores non-zero as 100 and zero as 0', () => {
    expect(booleanScore(1, false)).toBe(100);
    expect(booleanScore(-2, false)).toBe(100);
    expect(booleanScore(0, false)).toBe(0);
  });

  it('reverses when lower is healthier', () => {
    expect(booleanScore(1, true)).toBe(0);
    expect(booleanScore(0, true)).toBe(100);
  });

  it('returns NaN for a missing value', () => {
    expect(booleanScore(Number.NaN, false)).toBeNaN();
  });
});

describe('subScore', () => {
  it('dispatches each compiled normaliser to its own formula', () => {
    const normalizers: [CompiledNormalizer, number, number][] = [
      [{ kind: 'linear', bad: 0, span: 4 }, 1, 25],
      [{ kind: 'steps', thresholds: [0, 2, 5], points: [100, 70, 30, 0] }, 3, 30],
      [percentileParams([0, 10, 20, 30, 40]), 15, 37.5],
      [{ kind: 'zscore', log: false, mean: 3, sd: 2, lower: true }, 3, 50],
      [{ kind: 'boolean', lower: true }, 0, 100],
    ];
    for (const [n, x, expected] of normalizers) {
      expect(subScore(n, x)).toBe(expected);
      expect(subScore(n, Number.NaN)).toBeNaN();
    }
  });
});
