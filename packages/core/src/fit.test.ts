/** @module Tests of fitScorecard and fitMeasure, including the real IBM telco churn file from datasets/. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BandCode } from './bands.js';
import { fitMeasure, fitScorecard, parseScorecardStats, ScorecardStatsSchema } from './fit.js';
import type { MetricColumns } from './metrics.js';
import { scoreBatch } from './score-batch.js';
import { parseScorecard } from './scorecard-schema.js';

/** The real IBM telco churn file, read relative to the repository root (`datasets/`). */
const TELCO = fileURLToPath(new URL('../../../datasets/ibm_telco_customer_churn.csv', import.meta.url));

function readTelco(): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(TELCO, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? Number.NaN : Number(s));

describe('fitMeasure', () => {
  it('computes quantiles (type 7), mean and sample sd', () => {
    const s = fitMeasure(
      Float64Array.from({ length: 101 }, (_, i) => i),
      false,
      'all',
    );
    expect(s?.quantiles).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(s?.mean).toBe(50);
    expect(s?.sd).toBeCloseTo(Math.sqrt(858.5), 12);
    expect(s?.n).toBe(101);
  });

  it('interpolates quantiles between sorted values and ignores missing and infinite values', () => {
    const s = fitMeasure(Float64Array.of(3, Number.NaN, 1, Number.POSITIVE_INFINITY, 2), false, 'all');
    expect(s?.n).toBe(3);
    expect(s?.quantiles[0]).toBe(1);
    expect(s?.quantiles[25]).toBe(1.5);
    expect(s?.quantiles[50]).toBe(2);
    expect(s?.quantiles[100]).toBe(3);
  });

  it('fits mean and sd on log(1 + max(x, 0)) with the log transform', () => {
    const s = fitMeasure(Float64Array.of(0, Math.E - 1, -5), true, 'all');
    expect(s?.transform).toBe('log1p');
    expect(s?.mean).toBeCloseTo(1 / 3, 15);
    expect(s?.sd).toBeCloseTo(Math.sqrt(1 / 3), 15);
  });

  it('gives sd 0 for a single value and null for no value', () => {
    expect(fitMeasure(Float64Array.of(4), false, 'all')?.sd).toBe(0);
    expect(fitMeasure(Float64Array.of(Number.NaN), false, 'all')).toBeNull();
  });
});

describe('fitScorecard', () => {
  const card = parseScorecard({
    name: 'seg',
    version: 1,
    bands: { green: 70, yellow: 40 },
    groups: [{ id: 'v', weight: 1 }],
    measures: [
      { id: 'revenue', group: 'v', weight: 1, normalize: { kind: 'percentile' } },
      { id: 'tenure', group: 'v', weight: 1, normalize: { kind: 'linear', bad: 0, good: 10 } },
    ],
    scorecards: {
      big: {
        groups: [{ id: 'v', weight: 1 }],
        measures: [
          { id: 'revenue', group: 'v', weight: 1, normalize: { kind: 'percentile' } },
          { id: 'orders', group: 'v', weight: 1, normalize: { kind: 'zscore', log: true } },
        ],
      },
    },
    segments: [{ match: { segment: 'enterprise' }, scorecard: 'big' }],
  });
  const columns: MetricColumns = {
    length: 6,
    segment: ['smb', 'smb', 'smb', 'enterprise', 'enterprise', null],
    measures: {
      revenue: Float64Array.of(1, 2, 3, 100, 200, 4),
      orders: Float64Array.of(1, 1, 1, Number.NaN, Number.NaN, 1),
    },
  };

  it('fits segment statistics on the rows routed to that segment scorecard', () => {
    const stats = fitScorecard(columns, card, { minRows: 2 });
    expect(Object.keys(stats.default)).toEqual(['revenue']);
    expect(stats.default.revenue?.population).toBe('segment');
    expect(stats.default.revenue?.quantiles[0]).toBe(1);
    expect(stats.default.revenue?.quantiles[100]).toBe(4);
    expect(stats.scorecards.big?.revenue).toMatchObject({ population: 'segment', n: 2, mean: 150 });
  });

  it('falls back to all rows when a segment has fewer than minRows values, and says so', () => {
    const stats = fitScorecard(columns, card, { minRows: 3 });
    expect(stats.scorecards.big?.revenue).toMatchObject({ population: 'all', n: 6 });
    // enterprise rows have no orders at all: fitted on every row's orders
    expect(stats.scorecards.big?.orders).toMatchObject({
      population: 'all',
      n: 4,
      transform: 'log1p',
      sd: 0,
    });
  });

  it('returns plain JSON that round-trips through its schema', () => {
    const stats = fitScorecard(columns, card, { minRows: 2 });
    const reparsed = ScorecardStatsSchema.parse(JSON.parse(JSON.stringify(stats)));
    expect(reparsed).toEqual(stats);
  });

  it('rejects malformed statistics read back from JSON, naming the path', () => {
    const stats = JSON.parse(JSON.stringify(fitScorecard(columns, card, { minRows: 2 })));
    stats.default.revenue.quantiles = [1, 2];
    stats.scorecards.big.orders.sd = -1;
    expect(() => parseScorecardStats(stats)).toThrow(
      'default.revenue.quantiles: Too small: expected array to have exactly 101 items; scorecards.big.orders.sd: Too small: expected number to be >=0',
    );
  });

  it('accepts records as well as columns, with the same result', () => {
    const records = columns.segment?.map((segment, i) => ({
      customer_id: `c${i}`,
      segment,
      metrics: { revenue: columns.measures.revenue?.[i], orders: columns.measures.orders?.[i] },
    }));
    expect(fitScorecard(records ?? [], card)).toEqual(fitScorecard(columns, card));
  });

  it('throws, naming the measure, when no row has a value to fit', () => {
    expect(() => fitScorecard({ length: 2, measures: {} }, card)).toThrow(
      'measures[0]: measure "revenue" has no finite value in the population to fit percentile statistics',
    );
  });
});

describe('fitting and scoring the real IBM telco churn data', () => {
  const rows = readTelco();
  const columns: MetricColumns = {
    length: rows.length,
    customer_id: rows.map((r) => r.customerID ?? ''),
    segment: rows.map((r) => r.Contract ?? null),
    measures: {
      tenure: Float64Array.from(rows, (r) => num(r.tenure)),
      monthly_charges: Float64Array.from(rows, (r) => num(r.MonthlyCharges)),
      total_charges: Float64Array.from(rows, (r) => num(r.TotalCharges)),
    },
  };
  const card = parseScorecard({
    name: 'telco',
    version: 1,
    bands: { green: 60, yellow: 35 },
    groups: [
      { id: 'loyalty', weight: 60 },
      { id: 'value', weight: 40 },
    ],
    measures: [
      { id: 'tenure', group: 'loyalty', weight: 1, normalize: { kind: 'linear', bad: 0, good: 48 } },
      {
        id: 'monthly_charges',
        group: 'value',
        weight: 1,
        direction: 'lower',
        normalize: { kind: 'percentile' },
      },
      { id: 'total_charges', group: 'value', weight: 1, normalize: { kind: 'zscore', log: true } },
    ],
  });

  it('reproduces numpy quantiles, mean and sd of MonthlyCharges and log TotalCharges', () => {
    const stats = fitScorecard(columns, card);
    const mc = stats.default.monthly_charges;
    expect(mc?.n).toBe(7043);
    expect(mc?.quantiles[0]).toBe(18.25);
    expect(mc?.quantiles[25]).toBeCloseTo(35.5, 10);
    expect(mc?.quantiles[50]).toBeCloseTo(70.35, 10);
    expect(mc?.quantiles[75]).toBeCloseTo(89.85, 10);
    expect(mc?.quantiles[100]).toBe(118.75);
    expect(mc?.mean).toBeCloseTo(64.76169246059918, 10);
    expect(mc?.sd).toBeCloseTo(30.090047097678493, 10);
    const tc = stats.default.total_charges;
    expect(tc?.n).toBe(7032); // 11 blank TotalCharges are missing
    expect(tc?.mean).toBeCloseTo(6.943387108248032, 10);
    expect(tc?.sd).toBeCloseTo(1.546438281089492, 10);
  });

  it('colours real churners red far more often than stayers', () => {
    const stats = fitScorecard(columns, card);
    const b = scoreBatch(columns, card, stats);
    const churnRate = (code: number) => {
      let n = 0;
      let churned = 0;
      for (let i = 0; i < b.length; i++) {
        if (b.band[i] !== code) continue;
        n++;
        if (rows[i]?.Churn === 'Yes') churned++;
      }
      return churned / n;
    };
    const red = churnRate(BandCode.red);
    const green = churnRate(BandCode.green);
    // The file's base churn rate is 26.5%; a tenure/charges scorecard separates it strongly.
    const yellow = churnRate(BandCode.yellow);
    // Measured: red 49.1%, yellow 25.3%, green 12.5% churn.
    expect(red).toBeGreaterThan(0.45);
    expect(yellow).toBeGreaterThan(0.2);
    expect(yellow).toBeLessThan(0.3);
    expect(green).toBeLessThan(0.14);
    expect(b.explain(0).customer_id).toBe('7590-VHVEG');
  });
});
