/** @module Tests of the stratified and time splits (no date in two sets, gap before validation). */
import { describe, expect, it } from 'vitest';
import { stratifiedSplit, timeSplit } from './split.js';
import { syntheticChurnRows } from './synthetic-rows.js';

describe('stratifiedSplit', () => {
  const labels = Int8Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const rows = Array.from({ length: 1000 }, (_, i) => i);

  it('cuts 60/20/20 and keeps the churn rate in every set', () => {
    const split = stratifiedSplit(rows, labels, 7);
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([600, 200, 200]);
    for (const set of [split.train, split.validation, split.test]) {
      expect(set.filter((r) => labels[r] === 1).length / set.length).toBeCloseTo(0.25, 2);
    }
  });
  it('puts every row in exactly one set', () => {
    const split = stratifiedSplit(rows, labels, 7);
    expect(new Set([...split.train, ...split.validation, ...split.test]).size).toBe(1000);
  });
  it('repeats for the same seed and differs for another', () => {
    expect(stratifiedSplit(rows, labels, 7).test).toEqual(stratifiedSplit(rows, labels, 7).test);
    expect(stratifiedSplit(rows, labels, 8).test).not.toEqual(stratifiedSplit(rows, labels, 7).test);
  });
});

describe('timeSplit', () => {
  const data = syntheticChurnRows(1200, { dates: 6, seed: 3 });
  const times = data.map((r) => r.as_of);
  const rows = data.map((_, i) => i);

  it('trains on earlier dates and tests on later ones, with no date in two sets', () => {
    const split = timeSplit(rows, times, [0.6, 0.2, 0.2]);
    const dates = (set: number[]) => [...new Set(set.map((r) => String(times[r])))].sort();
    const [train, validation, test] = [dates(split.train), dates(split.validation), dates(split.test)];
    expect(String(train.at(-1)) < String(validation[0])).toBe(true);
    expect(String(validation.at(-1)) < String(test[0])).toBe(true);
    expect(split.ranges).toEqual({
      train: ['2025-01-01', '2025-04-01'],
      validation: ['2025-05-01', '2025-05-01'],
      test: ['2025-06-01', '2025-06-01'],
    });
  });
  it('never places one customer-date in two sets', () => {
    const split = timeSplit(rows, times);
    const key = (r: number) => `${data[r]?.customer_id}|${data[r]?.as_of}`;
    const seen = new Map<string, string>();
    for (const [name, set] of Object.entries({ train: split.train, v: split.validation, t: split.test })) {
      for (const r of set) {
        const before = seen.get(key(r));
        expect(before === undefined || before === name).toBe(true);
        seen.set(key(r), name);
      }
    }
    expect(split.train.length + split.validation.length + split.test.length).toBe(1200);
  });
  it('needs at least three dates', () => {
    expect(() => timeSplit([0, 1], ['2025-01-01', '2025-02-01'])).toThrow(
      /at least 3 distinct time values, found 2/,
    );
  });
});

describe('timeSplit with a gap', () => {
  const times = [
    '2025-01-01',
    '2025-02-01',
    '2025-03-01',
    '2025-04-01',
    '2025-05-01',
    '2025-06-01',
    '2025-07-01',
  ];
  const rowsTimes = times.flatMap((t) => Array.from({ length: 10 }, () => t));
  const rows = rowsTimes.map((_, i) => i);

  it('leaves out training dates whose outcome window reaches the validation period', () => {
    const split = timeSplit(rows, rowsTimes, [0.6, 0.2, 0.2], 45);
    // validation starts 2025-05-01; 2025-04-01 is 30 days before it, 2025-03-01 is 61 days before it
    expect(split.ranges?.train).toEqual(['2025-01-01', '2025-03-01']);
    expect(split.embargoed).toBe(10);
    expect(split.train.length + split.validation.length + split.test.length + 10).toBe(70);
  });
  it('says when the gap leaves nothing to train on', () => {
    expect(() => timeSplit(rows, rowsTimes, [0.6, 0.2, 0.2], 400)).toThrow(
      /400-day gap .* leaves no training rows/,
    );
  });
});
