/** @module Tests of the BG/NBD maths against the published CDNOW figures (Fader, Hardie & Lee 2005). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BgNbdError,
  bgNbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  hyp2f1,
  logGamma,
  pAlive,
} from './bgnbd.js';

const SUMMARY = fileURLToPath(
  new URL('../../../datasets/lifetimes_cdnow_customers_summary.csv', import.meta.url),
);
const PAPER = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function readSummary(): { frequency: number[]; recency: number[]; T: number[] } {
  const rows = readFileSync(SUMMARY, 'utf8').trim().split('\n').slice(1);
  const out = { frequency: [] as number[], recency: [] as number[], T: [] as number[] };
  for (const row of rows) {
    const [, x, tx, T] = row.split(',').map(Number);
    out.frequency.push(x as number);
    out.recency.push(tx as number);
    out.T.push(T as number);
  }
  return out;
}

describe('logGamma and hyp2f1', () => {
  it('matches ln((n-1)!) on integers and ln(sqrt(pi)) at 1/2', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(171)).toBeCloseTo(706.5731, 3); // ln(170!)
  });

  it('matches closed forms of 2F1', () => {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 12);
    expect(hyp2f1(1, 1, 2, 0.99)).toBeCloseTo(-Math.log(0.01) / 0.99, 8);
    // 2F1(a, b; b; z) = (1 - z)^-a
    expect(hyp2f1(2.5, 3, 3, 0.3)).toBeCloseTo(0.7 ** -2.5, 12);
  });
});

describe('BG/NBD on the CDNOW sample (weeks 1-39)', () => {
  const summary = readSummary();

  it('has the published log-likelihood at the published parameters', () => {
    expect(bgNbdLogLikelihood(PAPER, summary)).toBeCloseTo(-9582.4, 0);
  });

  it('fits the published parameters and log-likelihood', () => {
    const fit = fitBgNbd(summary);
    expect(summary.frequency).toHaveLength(2357);
    expect(Math.abs(fit.r - PAPER.r)).toBeLessThan(0.002);
    expect(Math.abs(fit.alpha - PAPER.alpha)).toBeLessThan(0.002);
    expect(Math.abs(fit.a - PAPER.a)).toBeLessThan(0.002);
    expect(Math.abs(fit.b - PAPER.b)).toBeLessThan(0.002);
    expect(Math.abs(fit.ll - -9582.4)).toBeLessThan(0.1);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
  });

  it('reproduces the expected repeat purchases of a new customer at 1, 3, 32 and 78 weeks', () => {
    const fit = fitBgNbd(summary);
    const expected = [0.0532, 0.1506, 1.0437, 1.8576];
    [1, 3, 32, 78].forEach((t, i) => {
      expect(Math.abs(expectedPurchases(fit, t) - (expected[i] as number))).toBeLessThan(5e-4);
    });
  });

  it('reproduces the conditional expectation 1.226 for x = 2, t_x = 30.43, T = 38.86 over 39 weeks', () => {
    const fit = fitBgNbd(summary);
    expect(conditionalExpectedPurchases(fit, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it('gives the same fit when identical rows are passed once with a weight', () => {
    const n = summary.frequency.length;
    const doubled = {
      frequency: [...summary.frequency, ...summary.frequency],
      recency: [...summary.recency, ...summary.recency],
      T: [...summary.T, ...summary.T],
    };
    const weighted = { ...summary, weights: new Array<number>(n).fill(2) };
    const a = fitBgNbd(doubled);
    const b = fitBgNbd(weighted);
    expect(a.r).toBeCloseTo(b.r, 6);
    expect(a.ll).toBeCloseTo(b.ll, 4);
    expect(b.customers).toBe(2 * n);
  });
});

describe('P(alive)', () => {
  it('is 1 for a customer with no repeat purchase', () => {
    expect(pAlive(PAPER, 0, 0, 38.86)).toBe(1);
  });

  it('falls as the time since the last purchase grows', () => {
    const recent = pAlive(PAPER, 5, 38, 38.86);
    const old = pAlive(PAPER, 5, 10, 38.86);
    expect(recent).toBeGreaterThan(0.85);
    expect(old).toBeLessThan(0.05);
    expect(old).toBeGreaterThan(0);
  });
});

describe('input validation', () => {
  it('rejects a recency larger than T, naming the row', () => {
    expect(() => fitBgNbd({ frequency: [1, 2], recency: [1, 5], T: [3, 4] })).toThrow(
      /row 1: expected 0 <= recency <= T/,
    );
  });

  it('rejects a non-integer frequency and non-positive parameters with BgNbdError', () => {
    expect(() => fitBgNbd({ frequency: [1.5], recency: [1], T: [3] })).toThrow(BgNbdError);
    expect(() => pAlive({ ...PAPER, a: 0 }, 1, 1, 2)).toThrow(/parameter a must be a finite number > 0/);
  });

  it('rejects an empty population', () => {
    expect(() => fitBgNbd({ frequency: [], recency: [], T: [] })).toThrow(/at least one customer/);
  });
});
