/** @module Tests of scoring: weighted means, band edges, missing policies, coverage, drivers, overrides, segments and input checks. */
import { describe, expect, it } from 'vitest';
import { fitScorecard, type ScorecardStats } from './fit.js';
import type { CurrentHealth } from './health.js';
import type { CustomerMetrics } from './metrics.js';
import { scoreBatch } from './score-batch.js';
import { scoreCustomer, scoreCustomers } from './score-customer.js';
import { ScorecardError } from './scorecard-error.js';
import { parseScorecard, type Scorecard, type ScorecardInput } from './scorecard-schema.js';

/** Identity normaliser: the raw value 0-100 is the sub-score. */
const identity = { kind: 'linear', bad: 0, good: 100 } as const;

/** Two groups a (weight 3: m1 weight 1, m2 weight 3) and b (weight 1: m3). */
function card(extra: Partial<ScorecardInput> = {}): Scorecard {
  return parseScorecard({
    name: 'unit',
    version: 2,
    bands: { green: 70, yellow: 40 },
    groups: [
      { id: 'a', weight: 3 },
      { id: 'b', weight: 1 },
    ],
    measures: [
      { id: 'm1', group: 'a', weight: 1, normalize: identity },
      { id: 'm2', group: 'a', weight: 3, normalize: identity },
      { id: 'm3', group: 'b', weight: 1, normalize: identity },
    ],
    ...extra,
  });
}

const noStats = (c: Scorecard): ScorecardStats => fitScorecard([], c);

function score(c: Scorecard, metrics: CustomerMetrics['metrics'], segment?: string): CurrentHealth {
  return scoreCustomer({ customer_id: 'c1', segment: segment ?? null, metrics }, c, noStats(c));
}

function pointsSum(h: CurrentHealth): number {
  return h.measures.reduce((s, m) => s + m.points, 0);
}

describe('weighted score', () => {
  it('averages sub-scores by weight inside groups, then over groups', () => {
    const h = score(card(), { m1: 100, m2: 60, m3: 20 });
    // a = (1·100 + 3·60) / 4 = 70; b = 20; score = (3·70 + 1·20) / 4 = 57.5
    expect(h.score).toBe(57.5);
    expect(h.band).toBe('yellow');
    expect(h.coverage).toBe(1);
    expect(h.groups.map((g) => g.score)).toEqual([70, 20]);
    expect(h.measures.map((m) => m.weightShare)).toEqual([0.1875, 0.5625, 0.25]);
  });

  it('makes every contribution sum to the score and points lost sum to 100 − score', () => {
    const h = score(card(), { m1: 13.7, m2: 88.1, m3: 41.9 });
    expect(pointsSum(h)).toBeCloseTo(h.score, 12);
    expect(h.measures.reduce((s, m) => s + m.pointsLost, 0)).toBeCloseTo(100 - h.score, 12);
    expect(h.groups.reduce((s, g) => s + g.points, 0)).toBeCloseTo(h.score, 12);
  });
});

describe('band edges', () => {
  const one = (green: number, yellow: number) =>
    card({
      groups: [{ id: 'a', weight: 1 }],
      measures: [{ id: 'm1', group: 'a', weight: 1, normalize: identity }],
      bands: { green, yellow },
    });
  it('is green at exactly the green edge and yellow just below it', () => {
    expect(score(one(70, 40), { m1: 70 }).band).toBe('green');
    expect(score(one(70, 40), { m1: 69.999 }).band).toBe('yellow');
  });

  it('is yellow at exactly the yellow edge and red just below it', () => {
    expect(score(one(70, 40), { m1: 40 }).band).toBe('yellow');
    expect(score(one(70, 40), { m1: 39.999 }).band).toBe('red');
  });

  it('keeps an edge score green despite floating-point noise in the weighted mean', () => {
    const c = card({
      groups: [
        { id: 'a', weight: 0.1 },
        { id: 'b', weight: 0.2 },
        { id: 'c', weight: 0.7 },
      ],
      measures: [
        { id: 'm1', group: 'a', weight: 1, normalize: identity },
        { id: 'm2', group: 'b', weight: 1, normalize: identity },
        { id: 'm3', group: 'c', weight: 1, normalize: identity },
      ],
    });
    const h = score(c, { m1: 70, m2: 70, m3: 70 });
    expect(Math.abs(h.score - 70)).toBeLessThan(1e-12);
    expect(h.band).toBe('green');
  });

  it('has no yellow band when both edges are equal', () => {
    expect(score(one(50, 50), { m1: 49.9 }).band).toBe('red');
    expect(score(one(50, 50), { m1: 50 }).band).toBe('green');
  });
});

describe('missing values', () => {
  const lowCoverage = { missing: { policy: 'reweight', minCoverage: 0.4 } } as const;

  it('reweight leaves a missing measure out and renormalises its group', () => {
    const h = score(card(lowCoverage), { m1: 100, m2: null, m3: 20 });
    // a = 100 (m1 alone); score = (3·100 + 20) / 4 = 80; coverage = 1 − 0.5625
    expect(h.score).toBe(80);
    expect(h.coverage).toBe(0.4375);
    expect(h.band).toBe('green');
    const m2 = h.measures[1];
    expect(m2).toMatchObject({
      id: 'm2',
      value: null,
      missing: true,
      subScore: null,
      weightShare: 0,
      points: 0,
    });
    expect(pointsSum(h)).toBeCloseTo(h.score, 12);
  });

  it('reweight leaves a whole missing group out and renormalises the groups', () => {
    const h = score(card(), { m1: 100, m2: 60, m3: undefined });
    expect(h.score).toBe(70);
    expect(h.coverage).toBe(0.75);
    expect(h.groups[1]).toMatchObject({ id: 'b', score: null, weightShare: 0, points: 0 });
    expect(pointsSum(h)).toBeCloseTo(70, 12);
  });

  it('neutral counts a missing measure as 50 at full weight', () => {
    const h = score(card({ missing: { policy: 'neutral', minCoverage: 0.4 } }), {
      m1: 100,
      m2: Number.NaN,
      m3: 20,
    });
    // a = (100 + 3·50) / 4 = 62.5; score = (3·62.5 + 20) / 4 = 51.875
    expect(h.score).toBe(51.875);
    expect(h.coverage).toBe(0.4375);
    expect(h.measures[1]).toMatchObject({ missing: true, subScore: 50, weightShare: 0.5625 });
    expect(pointsSum(h)).toBeCloseTo(h.score, 12);
  });

  it('zero counts a missing measure as 0 at full weight', () => {
    const h = score(card({ missing: { policy: 'zero', minCoverage: 0.4 } }), { m1: 100, m3: 20 });
    // a = 100 / 4 = 25; score = (75 + 20) / 4 = 23.75
    expect(h.score).toBe(23.75);
    expect(h.band).toBe('red');
    expect(h.measures[1]).toMatchObject({ subScore: 0, pointsLost: 56.25 });
    expect(pointsSum(h)).toBeCloseTo(h.score, 12);
  });

  it('returns unknown below minCoverage, whatever the score', () => {
    const h = score(card(), { m1: 100, m3: 100 });
    expect(h.score).toBe(100);
    expect(h.coverage).toBe(0.4375);
    expect(h.band).toBe('unknown');
    expect(h.score_band).toBe('unknown');
  });

  it('gives the neutral 50, coverage 0 and unknown when nothing is present, even with minCoverage 0', () => {
    const h = score(card({ missing: { policy: 'reweight', minCoverage: 0 } }), {});
    expect(h).toMatchObject({ score: 50, coverage: 0, band: 'unknown' });
    expect(pointsSum(h)).toBeCloseTo(50, 12);
    expect(h.drivers.map((d) => d.feature)).toEqual(['m2', 'm3', 'm1']);
  });

  it('rejects a metric that is not a number, naming it', () => {
    expect(() => score(card(), { m1: '5' as unknown as number })).toThrow(
      'metrics.m1: expected a number or null, got string',
    );
  });

  it('rejects a metric that is not a number in a batch, naming its row', () => {
    const c = card();
    const rows = [
      { customer_id: 'a', metrics: { m1: 5 } },
      { customer_id: 'b', metrics: { m1: true as unknown as number } },
    ];
    expect(() => scoreCustomers(rows, c, noStats(c))).toThrow(
      '[1].metrics.m1: expected a number or null, got boolean',
    );
  });
});

describe('drivers', () => {
  it('lists the three measures losing the most points, as negative effects, largest first', () => {
    const c = card({
      measures: [
        { id: 'm1', group: 'a', weight: 1, normalize: identity },
        { id: 'm2', group: 'a', weight: 3, normalize: identity },
        { id: 'm3', group: 'b', weight: 1, normalize: identity },
        { id: 'm4', group: 'b', weight: 1, normalize: identity },
      ],
    });
    const h = score(c, { m1: 0, m2: 90, m3: 100, m4: 40 });
    // lost: m1 0.1875·100 = 18.75, m2 0.5625·10 = 5.625, m3 0, m4 0.125·60 = 7.5
    expect(h.drivers).toEqual([
      { feature: 'm1', value: 0, effect: -18.75 },
      { feature: 'm4', value: 40, effect: -7.5 },
      { feature: 'm2', value: 90, effect: -5.625 },
    ]);
  });

  it('has no drivers for a perfect customer', () => {
    expect(score(card(), { m1: 100, m2: 100, m3: 100 }).drivers).toEqual([]);
  });
});

describe('overrides', () => {
  const withOverrides = card({
    overrides: [
      { when: { measure: 'tickets', gte: 10 }, band: 'red', reason: 'support escalation' },
      {
        when: [
          { measure: 'm1', lt: 10 },
          { measure: 'm3', lte: 5 },
        ],
        band: 'red',
        reason: 'both collapsed',
      },
      { when: { measure: 'vip', eq: 1 }, band: 'green', reason: 'strategic account' },
      { when: { measure: 'contract', missing: true }, band: 'yellow', reason: 'no contract on file' },
      { when: { measure: 'm2', gt: 99 }, band: 'yellow', reason: 'suspiciously perfect' },
    ],
  });
  const good = { m1: 90, m2: 90, m3: 90, contract: 1 };

  it('forces the band and says which override fired, keeping the score and its own band', () => {
    const h = score(withOverrides, { ...good, tickets: 10 });
    expect(h.band).toBe('red');
    expect(h.score).toBe(90);
    expect(h.score_band).toBe('green');
    expect(h.override).toBe('support escalation');
    expect(h.fired_override).toEqual({ index: 0, band: 'red', reason: 'support escalation' });
  });

  it('compares inclusively for gte/lte and strictly for gt/lt', () => {
    expect(score(withOverrides, { ...good, tickets: 9.99 }).fired_override).toBeNull();
    expect(score(withOverrides, { ...good, m2: 99 }).fired_override).toBeNull();
    expect(score(withOverrides, { ...good, m2: 99.5 }).fired_override?.index).toBe(4);
    expect(score(withOverrides, { ...good, m1: 9, m3: 5 }).fired_override?.index).toBe(1);
    expect(score(withOverrides, { ...good, m1: 10, m3: 5 }).fired_override).toBeNull();
  });

  it('fires a list of conditions only when all hold', () => {
    expect(score(withOverrides, { ...good, m1: 1, m3: 50 }).fired_override).toBeNull();
  });

  it('never fires a comparison on a missing value; missing: true fires exactly on a missing value', () => {
    expect(score(withOverrides, { ...good, tickets: null }).fired_override).toBeNull();
    const noContract = score(withOverrides, { m1: 90, m2: 90, m3: 90 });
    expect(noContract.fired_override?.reason).toBe('no contract on file');
    expect(noContract.band).toBe('yellow');
  });

  it('lets the first firing override win', () => {
    const h = score(withOverrides, { ...good, tickets: 12, vip: 1 });
    expect(h.fired_override?.index).toBe(0);
    expect(score(withOverrides, { ...good, vip: 1 }).band).toBe('green');
  });

  it('applies even when coverage is too low for a score colour', () => {
    const h = score(withOverrides, { tickets: 15, contract: 1 });
    expect(h.score_band).toBe('unknown');
    expect(h.band).toBe('red');
  });
});

describe('segments', () => {
  const segmented = card({
    overrides: [{ when: { measure: 'tickets', gte: 10 }, band: 'red', reason: 'escalation' }],
    scorecards: {
      enterprise: {
        groups: [{ id: 'a', weight: 1 }],
        measures: [{ id: 'm1', group: 'a', weight: 1, normalize: { kind: 'linear', bad: 50, good: 100 } }],
        bands: { green: 80, yellow: 60 },
      },
      smb: {
        groups: [{ id: 'a', weight: 1 }],
        measures: [{ id: 'm3', group: 'a', weight: 1, normalize: identity }],
        overrides: [],
      },
    },
    segments: [
      { match: { segment: 'enterprise' }, scorecard: 'enterprise' },
      { match: { segment: ['smb', 'self-serve'] }, scorecard: 'smb' },
      { match: { segment: 'smb' }, scorecard: 'enterprise' },
    ],
  });
  const metrics = { m1: 75, m2: 10, m3: 20, tickets: 11 };

  it('scores a customer with the first matching segment scorecard', () => {
    const e = score(segmented, metrics, 'enterprise');
    expect(e.segment_scorecard).toBe('enterprise');
    expect(e.score).toBe(50);
    expect(e.score_band).toBe('red'); // own bands: 50 < 60
    const s = score(segmented, metrics, 'smb');
    expect(s.segment_scorecard).toBe('smb');
    expect(s.score).toBe(20);
    expect(score(segmented, metrics, 'self-serve').segment_scorecard).toBe('smb');
  });

  it('falls back to the default scorecard for no or an unmatched segment', () => {
    expect(score(segmented, metrics).segment_scorecard).toBe('default');
    expect(score(segmented, metrics, 'public-sector').segment_scorecard).toBe('default');
  });

  it('inherits bands, missing policy and overrides unless the sub-scorecard sets them', () => {
    expect(score(segmented, metrics, 'enterprise').fired_override?.reason).toBe('escalation');
    expect(score(segmented, metrics, 'smb').fired_override).toBeNull();
    expect(score(segmented, { m3: 75 }, 'smb').band).toBe('green'); // parent bands 70/40
  });

  it('routes batch rows the same way and reports the scorecard per row', () => {
    const segs = ['enterprise', null, 'self-serve', 'other'];
    const b = scoreBatch(
      {
        length: 4,
        segment: segs,
        measures: {
          m1: new Float64Array(4).fill(75),
          m2: new Float64Array(4).fill(10),
          m3: new Float64Array(4).fill(20),
        },
      },
      segmented,
      noStats(segmented),
    );
    expect([...b.scorecard].map((i) => b.scorecards[i])).toEqual(['enterprise', 'default', 'smb', 'default']);
    expect([...b.score]).toEqual(
      segs.map((s) => score(segmented, { m1: 75, m2: 10, m3: 20 }, s ?? undefined).score),
    );
  });
});

describe('statistics', () => {
  const pct = card({
    measures: [
      { id: 'm1', group: 'a', weight: 1, normalize: { kind: 'percentile' } },
      { id: 'm2', group: 'a', weight: 3, normalize: identity },
      { id: 'm3', group: 'b', weight: 1, normalize: { kind: 'zscore', log: true } },
    ],
  });
  const population = Array.from({ length: 101 }, (_, i) => ({
    customer_id: `p${i}`,
    metrics: { m1: i, m3: i * 10 },
  }));

  it('scores percentile measures by rank in the fitted population', () => {
    const stats = fitScorecard(population, pct);
    const h = scoreCustomer({ customer_id: 'x', metrics: { m1: 25, m2: 50, m3: 0 } }, pct, stats);
    expect(h.measures[0]?.subScore).toBe(25);
  });

  it('refuses statistics fitted for another version of the scorecard', () => {
    const stats = fitScorecard(population, pct);
    expect(() => scoreCustomer({ customer_id: 'x', metrics: {} }, { ...pct, version: 3 }, stats)).toThrow(
      'statistics were fitted for scorecard "unit" v2, not "unit" v3; run fitScorecard again',
    );
  });

  it('refuses statistics that lack a measure, naming it', () => {
    const stats = fitScorecard(population, pct);
    const { m3: _dropped, ...rest } = stats.default;
    expect(() => scoreCustomer({ customer_id: 'x', metrics: {} }, pct, { ...stats, default: rest })).toThrow(
      new ScorecardError([
        { path: 'measures[2]', problem: 'no fitted statistics for "m3"; run fitScorecard' },
      ]),
    );
  });
});

describe('scoreBatch input checks', () => {
  it('rejects columns of the wrong length or type, naming them', () => {
    const c = card();
    const stats = noStats(c);
    expect(() => scoreBatch({ length: 3, measures: { m1: new Float64Array(2) } }, c, stats)).toThrow(
      'measures.m1: has 2 rows, expected 3',
    );
    expect(() =>
      scoreBatch({ length: 2, measures: { m1: [1, 2] as unknown as Float64Array } }, c, stats),
    ).toThrow('measures.m1: must be a Float64Array (NaN = missing)');
    expect(() => scoreBatch({ length: 2, segment: ['a'], measures: {} }, c, stats)).toThrow(
      'segment: has 1 entries, expected 2',
    );
  });

  it('treats an absent column as missing for every row', () => {
    const c = card({ missing: { policy: 'reweight', minCoverage: 0 } });
    const b = scoreBatch({ length: 2, measures: { m1: Float64Array.of(10, 90) } }, c, noStats(c));
    expect([...b.score]).toEqual([10, 90]);
    expect([...b.coverage]).toEqual([0.1875, 0.1875]);
  });

  it('skips the top-driver search when asked, with identical scores and colours', () => {
    const c = card();
    const columns = {
      length: 3,
      measures: {
        m1: Float64Array.of(10, 90, Number.NaN),
        m2: Float64Array.of(50, 20, 80),
        m3: Float64Array.of(0, 100, 70),
      },
    };
    const full = scoreBatch(columns, c, noStats(c));
    const lean = scoreBatch(columns, c, noStats(c), { drivers: false });
    expect([...lean.score]).toEqual([...full.score]);
    expect([...lean.band]).toEqual([...full.band]);
    expect([...lean.topDriver]).toEqual([-1, -1, -1]);
    expect([...full.topDriver]).toEqual([1, 1, 1]);
    expect(full.topDriverOf(0)).toBe('m2');
  });

  it('scores an empty batch', () => {
    const c = card();
    expect(scoreBatch({ length: 0, measures: {} }, c, noStats(c)).score.length).toBe(0);
  });
});

describe('scoreBatch into given arrays', () => {
  const c = card({
    scorecards: {
      solo: {
        groups: [{ id: 'a', weight: 1 }],
        measures: [{ id: 'm3', group: 'a', weight: 1, normalize: identity }],
      },
    },
    segments: [{ match: { segment: 'solo' }, scorecard: 'solo' }],
  });
  const columns = (shift: number, segment: (string | null)[] | undefined) => ({
    length: 5,
    segment,
    measures: {
      m1: Float64Array.from([10, 90, Number.NaN, 50, 70], (x) => x + shift),
      m2: Float64Array.from([20, 80, 30, Number.NaN, 65], (x) => x + shift),
      m3: Float64Array.from([5, 95, 40, 60, Number.NaN], (x) => x + shift),
    },
  });

  it('writes the same results as fresh arrays into the arrays given, and returns those arrays', () => {
    const first = scoreBatch(columns(0, ['solo', null, 'solo', null, null]), c, noStats(c));
    const again = scoreBatch(columns(3, undefined), c, noStats(c), { into: first });
    const fresh = scoreBatch(columns(3, undefined), c, noStats(c));
    expect(again.score).toBe(first.score);
    expect(again.scorecard).toBe(first.scorecard);
    expect(Array.from(again.score)).toEqual(Array.from(fresh.score));
    expect(Array.from(again.coverage)).toEqual(Array.from(fresh.coverage));
    expect(Array.from(again.band)).toEqual(Array.from(fresh.band));
    expect(Array.from(again.topDriver)).toEqual(Array.from(fresh.topDriver));
    // the earlier segment routing is overwritten: every row is on the default scorecard now
    expect(Array.from(again.scorecard)).toEqual([0, 0, 0, 0, 0]);
    expect(again.explain(1)).toEqual(fresh.explain(1));
  });

  it('refuses arrays of the wrong type or length, naming them', () => {
    const first = scoreBatch(columns(0, undefined), c, noStats(c));
    const into = { ...first, score: new Float64Array(4), band: new Int16Array(5) as unknown as Uint8Array };
    expect(() => scoreBatch(columns(0, undefined), c, noStats(c), { into })).toThrow(
      /into\.score: has 4 rows, expected 5[\s\S]*into\.band: must be a Uint8Array/,
    );
  });
});
