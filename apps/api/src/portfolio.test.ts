import { CustomerListQuerySchema } from '@chi/core';
import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { Portfolio } from './portfolio.js';
import type { Band, SnapshotColumns } from './ports.js';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const columns: SnapshotColumns = {
  asOf: '2025-06-30',
  length: ids.length,
  customer_id: ids,
  segment: ['retail', 'retail', 'smb', 'smb', null, 'retail'],
  measures: {},
};
const current = {
  score: Float64Array.of(90, 55, 20, Number.NaN, 75, 55),
  band: ['green', 'yellow', 'red', 'unknown', 'green', 'yellow'] as Band[],
  coverage: Float64Array.of(1, 1, 0.9, 0.2, 1, 0.8),
};
const predicted = {
  score: Float64Array.of(80, 30, 10, 60, 95, 45),
  band: ['green', 'red', 'red', 'yellow', 'green', 'yellow'] as Band[],
  churn_probability: Float64Array.of(0.2, 0.7, 0.9, 0.4, 0.05, 0.55),
};
const q = (raw: Record<string, string>) => CustomerListQuerySchema.parse(raw);

describe('Portfolio.list', () => {
  const p = new Portfolio(columns, current, predicted);

  it('sorts by id by default and returns every field of an item, drivers left to the route', () => {
    const page = p.list(q({ limit: '2' }));
    expect(page.items.map((i) => i.customer_id)).toEqual(['a', 'b']);
    expect(page.items[0]).toEqual({
      customer_id: 'a',
      segment: 'retail',
      current: { score: 90, band: 'green', coverage: 1, top_driver: null },
      predicted: { score: 80, band: 'green', churn_probability: 0.2, top_driver: null },
    });
    expect(page.total).toBe(6);
  });

  it('sorts descending by score with missing scores last and ties broken by id', () => {
    const page = p.list(q({ sort: '-score', limit: '10' }));
    expect(page.items.map((i) => i.customer_id)).toEqual(['a', 'e', 'b', 'f', 'c', 'd']);
    expect(page.next_cursor).toBeNull();
  });

  it('sorts by delta (predicted − current) with ties by id and missing last', () => {
    // deltas: a -10, b -25, c -10, d NaN, e +20, f -10
    const page = p.list(q({ sort: 'delta', limit: '10' }));
    expect(page.items.map((i) => i.customer_id)).toEqual(['b', 'a', 'c', 'f', 'e', 'd']);
  });

  it('pages through a sort with cursors, each customer once', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let k = 0; k < 10; k++) {
      const page = p.list(q({ sort: '-churn_probability', limit: '4', ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((i) => i.customer_id));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(['c', 'b', 'f', 'd', 'a', 'e']);
  });

  it('leads back page by page with offset and prev_cursor, under a filter too', () => {
    for (const filter of [{}, { segment: 'retail' }] as Record<string, string>[]) {
      const limit = filter.segment ? 1 : 2;
      const pages: { ids: string[]; offset: number; prev: string | null }[] = [];
      let cursor: string | undefined;
      for (let k = 0; k < 10; k++) {
        const page = p.list(
          q({ sort: '-score', limit: String(limit), ...filter, ...(cursor ? { cursor } : {}) }),
        );
        pages.push({
          ids: page.items.map((i) => i.customer_id),
          offset: page.offset,
          prev: page.prev_cursor,
        });
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      expect(pages.map((pg) => pg.offset)).toEqual(pages.map((_, k) => limit * k));
      expect(pages[0]?.prev).toBeNull();
      expect(pages[1]?.prev ?? null).toBeNull(); // the page before the second is the first: no cursor
      // from every later page, prev_cursor gives exactly the page before it
      for (let k = 2; k < pages.length; k++) {
        const back = p.list(
          q({ sort: '-score', limit: String(limit), ...filter, cursor: pages[k]?.prev ?? '' }),
        );
        expect(back.items.map((i) => i.customer_id)).toEqual(pages[k - 1]?.ids);
        expect(back.offset).toBe(limit * (k - 1));
      }
      expect(pages).toHaveLength(3);
    }
  });

  it('resumes after the cursor position even when the portfolio was rescored in between', () => {
    const first = p.list(q({ sort: 'customer_id', limit: '3' }));
    const rescored = new Portfolio(
      columns,
      { ...current, score: current.score.map((s) => s / 2) },
      predicted,
    );
    const next = rescored.list(q({ sort: 'customer_id', limit: '3', cursor: first.next_cursor ?? '' }));
    expect(next.items.map((i) => i.customer_id)).toEqual(['d', 'e', 'f']);
  });

  it('combines filters on current band, predicted band, segment and id prefix', () => {
    expect(p.list(q({ band: 'yellow' })).items.map((i) => i.customer_id)).toEqual(['b', 'f']);
    expect(p.list(q({ band: 'yellow', predicted_band: 'red' })).items.map((i) => i.customer_id)).toEqual([
      'b',
    ]);
    expect(p.list(q({ segment: 'smb' })).total).toBe(2);
    expect(p.list(q({ q: 'e' })).items.map((i) => i.customer_id)).toEqual(['e']);
    expect(p.list(q({ band: 'unknown' })).items[0]?.current.score).toBeNull();
  });

  it('rejects a forged cursor and one from another sort with a 400 naming query.cursor', () => {
    const bad = () => p.list(q({ cursor: 'Zm9v' }));
    expect(bad).toThrow(ApiError);
    try {
      bad();
    } catch (e) {
      expect((e as ApiError).status).toBe(400);
      expect((e as ApiError).details[0]?.path).toBe('query.cursor');
    }
    const c = p.list(q({ limit: '1' })).next_cursor ?? '';
    try {
      p.list(q({ sort: 'score', cursor: c }));
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).details[0]?.problem).toMatch(/issued for sort "customer_id"/);
    }
  });
});

describe('Portfolio.summary', () => {
  it('counts colours per mode, the transition matrix and the unknown row', () => {
    const s = new Portfolio(columns, current, predicted).summary();
    expect(s.counts.current).toEqual({ green: 2, yellow: 2, red: 1, unknown: 1 });
    expect(s.counts.predicted).toEqual({ green: 2, yellow: 2, red: 2, unknown: 0 });
    // rows: current green/yellow/red; columns: predicted green/yellow/red
    expect(s.transitions.matrix).toEqual([
      [2, 0, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(s.transitions.unknown_current).toEqual([0, 1, 0]);
    expect(s.transitions.unknown_predicted).toBe(0);
  });

  it('bins scores in ten 10-point bins with 100 in the last', () => {
    const s = new Portfolio(
      { ...columns, length: 3, customer_id: ['x', 'y', 'z'], segment: [null, null, null] },
      {
        score: Float64Array.of(0, 99.9, 100),
        band: ['red', 'green', 'green'],
        coverage: Float64Array.of(1, 1, 1),
      },
      null,
    ).summary();
    expect(s.histograms.current.counts).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(s.histograms.predicted.counts.every((c) => c === 0)).toBe(true);
    expect(s.transitions.unknown_predicted).toBe(3);
    expect(s.counts.predicted).toEqual({ green: 0, yellow: 0, red: 0, unknown: 0 });
  });

  it('breaks down by segment with mean scores, largest segment first', () => {
    const s = new Portfolio(columns, current, predicted).summary();
    expect(s.segments.map((g) => [g.segment, g.customers])).toEqual([
      ['retail', 3],
      ['smb', 2],
      [null, 1],
    ]);
    const retail = s.segments[0];
    expect(retail?.mean_score).toBeCloseTo((90 + 55 + 55) / 3, 2);
    expect(retail?.mean_predicted_score).toBeCloseTo((80 + 30 + 45) / 3, 2);
    expect(s.segments[1]?.mean_score).toBe(20);
  });
});
