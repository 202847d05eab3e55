/** @module Property test: scoreBatch and scoreCustomer agree exactly over random scorecards (segments, overrides, every normaliser and missing policy) and random data with missing values; explanations add up. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BAND_CODES } from './bands.js';
import { fitScorecard } from './fit.js';
import type { CustomerMetrics, MetricColumns } from './metrics.js';
import { scoreBatch } from './score-batch.js';
import { scoreCustomer, scoreCustomers } from './score-customer.js';
import { METRICS, NAMES, SEGMENTS, scorecardArb } from './testing/scorecard-arbitraries.js';

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
