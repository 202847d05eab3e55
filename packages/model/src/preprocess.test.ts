/** @module Tests of label parsing and of the preprocessing fitted on training rows and applied at prediction time. */
import { describe, expect, it } from 'vitest';
import { DataError, ModelError } from './errors.js';
import { applyLabelRule, fitLabelRule } from './label.js';
import { baselineVector, fitPreprocessing, transform } from './preprocess.js';
import { tableFromRows } from './table.js';

const rule = fitLabelRule('y', ['0', '1']);

describe('label parsing', () => {
  it('recognises Yes/No, True/False and 1/0 whatever the case', () => {
    expect(Array.from(applyLabelRule(fitLabelRule('c', ['Yes', 'no', '']), ['Yes', 'no', '']))).toEqual([
      1, 0, -1,
    ]);
    expect(Array.from(applyLabelRule(fitLabelRule('c', ['TRUE', 'false']), ['TRUE', 'false', null]))).toEqual(
      [1, 0, -1],
    );
    expect(Array.from(applyLabelRule(fitLabelRule('c', [1, 0]), [1, 0, Number.NaN, 'NA']))).toEqual([
      1, 0, -1, -1,
    ]);
  });
  it('uses --positive for other binary labels', () => {
    const r = fitLabelRule('status', ['left', 'stayed', 'left'], 'left');
    expect(Array.from(applyLabelRule(r, ['left', 'stayed', ' ']))).toEqual([1, 0, -1]);
  });
  it('names the column and asks for --positive on an unknown label', () => {
    expect(() => fitLabelRule('status', ['left', 'stayed'])).toThrow(/label "status".*--positive/);
  });
  it('rejects a label with more than two values', () => {
    expect(() => fitLabelRule('status', ['a', 'b', 'c'], 'a')).toThrow(DataError);
  });
  it('names the row of an unexpected label value', () => {
    const r = fitLabelRule('c', ['yes', 'no']);
    expect(() => applyLabelRule(r, ['yes', 'maybe'])).toThrow(/row 2, label "c": unexpected value "maybe"/);
  });
});

function medianOfSpend(rows: Array<{ spend: string }>): number {
  const sorted = rows
    .filter((r) => r.spend !== '')
    .map((r) => Number(r.spend))
    .sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

describe('fitPreprocessing', () => {
  const rows = Array.from({ length: 100 }, (_, i) => ({
    id: `cust-${i}`,
    plan: i % 3 === 0 ? 'basic' : i % 3 === 1 ? 'pro' : 'max',
    spend: i % 10 === 0 ? '' : String((i * 7) % 40),
    joined: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
    flat: 'same',
    y: i % 2,
  }));
  const pre = fitPreprocessing(tableFromRows(rows), { label: rule });

  it('leaves out id-like, date and constant columns with a reason', () => {
    expect(pre.dropped.map((d) => d.column).sort()).toEqual(['flat', 'id', 'joined']);
    expect(pre.dropped.find((d) => d.column === 'id')?.reason).toMatch(/id-like/);
  });
  it('one-hot encodes strings and adds a missing indicator to numbers with gaps', () => {
    expect(pre.featureNames).toEqual([
      'plan=basic',
      'plan=max',
      'plan=pro',
      'plan=(other)',
      'spend',
      'spend__missing',
    ]);
  });
  it('imputes the training median and scales with training mean and sd', () => {
    const spend = pre.features.find((f) => f.column === 'spend');
    expect(spend?.kind).toBe('numeric');
    if (spend?.kind !== 'numeric') return;
    expect(spend.median).toBe(medianOfSpend(rows));
    const x = transform(pre, tableFromRows([{ plan: 'pro', spend: null }]));
    expect(x.values[4]).toBeCloseTo((spend.median - spend.mean) / spend.std, 6);
    expect(x.values[5]).toBe(1);
    expect(Array.from(x.values.slice(0, 4))).toEqual([0, 0, 1, 0]);
  });
  it('reads NA, N/A, NaN, NULL and ? as missing numbers, not as a reason to one-hot the column', () => {
    const data = Array.from({ length: 60 }, (_, i) => ({
      fee: ['NA', 'N/A', 'NaN', 'null', '?'][i % 12] ?? String(i % 7),
      y: i % 2,
    }));
    const p = fitPreprocessing(tableFromRows(data), { label: rule });
    expect(p.featureNames).toEqual(['fee', 'fee__missing']);
    const x = transform(p, tableFromRows([{ fee: 'N/A' }]));
    expect(x.values[1]).toBe(1);
  });
  it('sends unseen categories to (other)', () => {
    const x = transform(pre, tableFromRows([{ plan: 'platinum', spend: 3 }]));
    expect(Array.from(x.values.slice(0, 4))).toEqual([0, 0, 0, 1]);
  });
  it('fits on the training rows only: statistics ignore rows it was not given', () => {
    const low = rows.filter((r) => r.spend === '' || Number(r.spend) < 20);
    const half = fitPreprocessing(tableFromRows(low), { label: rule });
    const spend = half.features.find((f) => f.column === 'spend');
    expect(spend?.kind === 'numeric' && spend.median).toBe(medianOfSpend(low));
    expect(medianOfSpend(low)).toBeLessThan(medianOfSpend(rows));
  });
  it('honours --exclude and --features', () => {
    const only = fitPreprocessing(tableFromRows(rows), { label: rule, features: ['spend'] });
    expect(only.features.map((f) => f.column)).toEqual(['spend']);
    const without = fitPreprocessing(tableFromRows(rows), { label: rule, exclude: ['plan'] });
    expect(without.features.map((f) => f.column)).toEqual(['spend']);
  });
  it('fails with the column name when an input column is missing at prediction time', () => {
    expect(() => transform(pre, tableFromRows([{ plan: 'pro' }]))).toThrow(ModelError);
    expect(() => transform(pre, tableFromRows([{ plan: 'pro' }]))).toThrow(/lacks column\(s\).*spend/);
  });
  it('names row and column of a non-numeric value in a numeric column', () => {
    expect(() => transform(pre, tableFromRows([{ plan: 'pro', spend: 'lots' }]))).toThrow(
      /row 1, column "spend": expected a number, got "lots"/,
    );
  });
  it('builds the attribution baseline from medians and category shares', () => {
    const base = baselineVector(pre);
    expect(base.length).toBe(pre.featureNames.length);
    expect(base[0]).toBeCloseTo(34 / 100, 6); // share of 'basic' (i % 3 === 0)
    expect(base[5]).toBe(0);
  });
});
