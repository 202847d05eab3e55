/** @module Property test: scoreBatch and scoreCustomer agree exactly over random scorecards (segments, overrides, every normaliser and missing policy) and random data with missing values; explanations add up. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BAND_CODES } from './bands.js';
import { fitScorecard } from './fit.js';
import type { CustomerMetrics, MetricColumns } from './metrics.js';
import { scoreBatch } from './score-batch.js';
import { scoreCustomer, scoreCustomers } from './score-customer.js';
import { parseScorecard, type ScorecardInput } from './scorecard-schema.js';

const METRICS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
const SEGMENTS = ['A', 'B', 'C'] as const;

const normalizerArb = fc.oneof(
  fc
    .tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: -100, max: 100 }))
    .filter(([bad, good]) => bad !== good)
    .map(([bad, good]) => ({ kind: 'linear' as const, bad, good })),
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: -10, max: 120 }), { minLength: 0, maxLength: 4 }),
      fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 }),
    )
    .map(([ts, pts]) => ({
      kind: 'steps' as const,
      steps: [
        ...[...ts].sort((x, y) => x - y).map((t, i) => [t, pts[i] as number] as [number, number]),
        [null, pts[4] as number] as [null, number],
      ],
    })),
  fc.constant({ kind: 'percentile' as const }),
  fc.boolean().map((log) => ({ kind: 'zscore' as const, log })),
  fc.constant({ kind: 'boolean' as const }),
);

const conditionArb = fc.oneof(
  fc.record({
    measure: fc.constantFrom(...METRICS, 'flag'),
    op: fc.constantFrom('gte', 'lte', 'gt', 'lt', 'eq'),
    value: fc.integer({ min: -5, max: 100 }),
  }),
  fc.record({
    measure: fc.constantFrom(...METRICS, 'flag'),
    op: fc.constant('missing'),
    value: fc.constant(0),
  }),
);

const overrideArb = fc.record({
  when: fc.array(conditionArb, { minLength: 1, maxLength: 2 }),
  band: fc.constantFrom('green', 'yellow', 'red'),
  reason: fc.constantFrom('escalation', 'strategic', 'lapsed'),
});

const bodyArb = fc
  .record({
    groupWeights: fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 1, maxLength: 3 }),
    ids: fc.shuffledSubarray([...METRICS], { minLength: 1 }),
    measures: fc.array(
      fc.record({
        weight: fc.double({ min: 0.1, max: 10, noNaN: true }),
        group: fc.nat(),
        normalize: normalizerArb,
        lower: fc.boolean(),
      }),
      { minLength: 6, maxLength: 6 },
    ),
    policy: fc.constantFrom('reweight', 'neutral', 'zero'),
    minCoverage: fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    yellow: fc.integer({ min: 0, max: 100 }),
    gap: fc.integer({ min: 0, max: 60 }),
    overrides: fc.array(overrideArb, { maxLength: 3 }),
  })
  .map((r) => {
    const groupCount = Math.min(r.groupWeights.length, r.ids.length);
    const groups = r.groupWeights.slice(0, groupCount).map((weight, i) => ({ id: `g${i}`, weight }));
    const measures = r.ids.map((id, i) => {
      const m = r.measures[i] as (typeof r.measures)[number];
      const g = i < groupCount ? i : m.group % groupCount;
      return {
        id,
        group: `g${g}`,
        weight: m.weight,
        normalize: m.normalize,
        ...(m.normalize.kind === 'linear'
          ? {}
          : { direction: m.lower ? ('lower' as const) : ('higher' as const) }),
      };
    });
    return {
      groups,
      measures,
      missing: { policy: r.policy, minCoverage: r.minCoverage },
      bands: { yellow: r.yellow, green: Math.min(100, r.yellow + r.gap) },
      overrides: r.overrides.map((o) => ({
        when: o.when.map((c) =>
          c.op === 'missing'
            ? { measure: c.measure, missing: true as const }
            : { measure: c.measure, [c.op]: c.value },
        ),
        band: o.band,
        reason: o.reason,
      })),
    };
  });

const scorecardArb = fc
  .record({
    main: bodyArb,
    subs: fc.array(fc.tuple(bodyArb, fc.boolean(), fc.boolean()), { maxLength: 2 }),
    routes: fc.array(fc.tuple(fc.constantFrom(...SEGMENTS), fc.nat()), { maxLength: 3 }),
  })
  .map(({ main, subs, routes }) => {
    const scorecards = Object.fromEntries(
      subs.map(([b, ownBands, ownOverrides], i) => [
        `s${i}`,
        {
          groups: b.groups,
          measures: b.measures,
          missing: b.missing,
          ...(ownBands ? { bands: b.bands } : {}),
          ...(ownOverrides ? { overrides: b.overrides } : {}),
        },
      ]),
    );
    const segments =
      subs.length === 0
        ? []
        : routes.map(([seg, k]) => ({ match: { segment: seg }, scorecard: `s${k % subs.length}` }));
    return parseScorecard({ name: 'prop', version: 1, ...main, scorecards, segments } as ScorecardInput);
  });

const valueArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(Number.NaN) },
  { weight: 4, arbitrary: fc.integer({ min: -10, max: 120 }) },
  { weight: 4, arbitrary: fc.double({ min: -20, max: 150, noNaN: true }) },
);

const rowsArb = fc.array(
  fc.record({
    segment: fc.constantFrom(null, ...SEGMENTS),
    values: fc.array(valueArb, { minLength: METRICS.length + 1, maxLength: METRICS.length + 1 }),
  }),
  { minLength: 1, maxLength: 30 },
);

const populationArb = fc.array(
  fc.record({
    segment: fc.constantFrom(null, ...SEGMENTS),
    values: fc.array(fc.double({ min: -20, max: 150, noNaN: true }), {
      minLength: METRICS.length,
      maxLength: METRICS.length,
    }),
  }),
  { minLength: 1, maxLength: 60 },
);

const NAMES = [...METRICS, 'flag'];

describe('scoreBatch and scoreCustomers equal scoreCustomer', () => {
  it('gives exactly the same score, band, coverage, override, top driver and explanation for every row', () => {
    fc.assert(
      fc.property(
        scorecardArb,
        rowsArb,
        populationArb,
        fc.integer({ min: 1, max: 40 }),
        (card, rows, pop, minRows) => {
          const population: CustomerMetrics[] = pop.map((p, i) => ({
            customer_id: `p${i}`,
            segment: p.segment,
            metrics: Object.fromEntries(METRICS.map((m, k) => [m, p.values[k]])),
          }));
          const stats = fitScorecard(population, card, { minRows });
          const columns: MetricColumns = {
            length: rows.length,
            customer_id: rows.map((_, i) => `c${i}`),
            segment: rows.map((r) => r.segment),
            measures: Object.fromEntries(
              NAMES.map((m, k) => [m, Float64Array.from(rows, (r) => r.values[k] as number)]),
            ),
          };
          const batch = scoreBatch(columns, card, stats);
          const inputs: CustomerMetrics[] = rows.map((r, i) => ({
            customer_id: `c${i}`,
            segment: r.segment,
            metrics: Object.fromEntries(
              NAMES.map((m, k) => [m, Number.isNaN(r.values[k]) ? null : r.values[k]]),
            ),
          }));
          const many = scoreCustomers(inputs, card, stats);
          const summaries = scoreCustomers(inputs, card, stats, 'drivers');
          expect(many).toHaveLength(rows.length);
          rows.forEach((_, i) => {
            const single = scoreCustomer(inputs[i] as CustomerMetrics, card, stats);
            expect(many[i]).toEqual(single);
            const { measures: _m, groups: _g, ...summary } = single;
            expect(summaries[i]).toEqual(summary);
            expect(Object.keys(summaries[i] ?? {})).toEqual(Object.keys(summary));
            expect(Object.is(many[i]?.score, single.score)).toBe(true);
            expect(Object.is(batch.score[i], single.score)).toBe(true);
            expect(Object.is(batch.coverage[i], single.coverage)).toBe(true);
            expect(BAND_CODES[batch.band[i] as number]).toBe(single.band);
            expect(batch.override[i]).toBe(single.fired_override?.index ?? -1);
            expect(batch.topDriverOf(i)).toBe(single.drivers[0]?.feature ?? null);
            expect(batch.scorecards[batch.scorecard[i] as number]).toBe(single.segment_scorecard);
            expect(batch.explain(i)).toEqual(single);
            // explanations add up
            const points = single.measures.reduce((s, m) => s + m.points, 0);
            const lost = single.measures.reduce((s, m) => s + m.pointsLost, 0);
            const shares = single.measures.reduce((s, m) => s + m.weightShare, 0);
            expect(Math.abs(points - single.score)).toBeLessThan(1e-9);
            expect(Math.abs(lost - (100 - single.score))).toBeLessThan(1e-9);
            expect(Math.abs(shares - 1)).toBeLessThan(1e-12);
            expect(single.score).toBeGreaterThanOrEqual(0);
            expect(single.score).toBeLessThanOrEqual(100 + 1e-9);
            expect(single.coverage).toBeLessThanOrEqual(1 + 1e-12);
            if (single.coverage < card.missing.minCoverage - 1e-6 && single.segment_scorecard === 'default') {
              expect(single.score_band).toBe('unknown');
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});
