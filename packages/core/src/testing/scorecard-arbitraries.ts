/**
 * @module Test-only fast-check generators of random scorecards (not part of the public API, not built): every
 * normaliser in both directions, every missing policy and coverage threshold, every override operator (reasons
 * unique, so "same override" means the same one), segment sub-scorecards and routes. Used by the core's
 * batch-equals-single property test and by the SQL-on-DuckDB test in `test/`, through `@chi/core/testing`.
 */
import fc from 'fast-check';
import { parseScorecard, type ScorecardInput } from '../scorecard-schema.js';

/** Metric ids the random measures read. */
export const METRICS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
/** The metrics plus `flag`, which only overrides read. */
export const NAMES = [...METRICS, 'flag'] as const;
/** Segment values the routes match. */
export const SEGMENTS = ['A', 'B', 'C'] as const;

/** A random normaliser of any kind. */
export const normalizerArb = fc.oneof(
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

/** One override condition on a metric or `flag`. */
export const conditionArb = fc.oneof(
  fc.record({
    measure: fc.constantFrom(...NAMES),
    op: fc.constantFrom('gte', 'lte', 'gt', 'lt', 'eq'),
    value: fc.integer({ min: -5, max: 100 }),
  }),
  fc.record({ measure: fc.constantFrom(...NAMES), op: fc.constant('missing'), value: fc.constant(0) }),
);

/** An override of one or two conditions. */
export const overrideArb = fc.record({
  when: fc.array(conditionArb, { minLength: 1, maxLength: 2 }),
  band: fc.constantFrom('green', 'yellow', 'red'),
});

/**
 * The body of a scorecard (groups, measures, policy, bands, overrides).
 * @param tag - prefix of the override reasons
 */
export const bodyArb = (tag: string) =>
  fc
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
        return {
          id,
          group: `g${i < groupCount ? i : m.group % groupCount}`,
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
        overrides: r.overrides.map((o, k) => ({
          when: o.when.map((c) =>
            c.op === 'missing'
              ? { measure: c.measure, missing: true as const }
              : { measure: c.measure, [c.op]: c.value },
          ),
          band: o.band,
          reason: `${tag} override ${k}: ${o.when.map((c) => `${c.measure} ${c.op}`).join(' and ')}`,
        })),
      };
    });

/** A parsed scorecard with up to two segment sub-scorecards. */
export const scorecardArb = fc
  .record({
    main: bodyArb('default'),
    subs: fc.array(fc.tuple(bodyArb('sub'), fc.boolean(), fc.boolean()), { maxLength: 2 }),
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
          ...(ownOverrides
            ? { overrides: b.overrides.map((o) => ({ ...o, reason: `s${i} ${o.reason}` })) }
            : {}),
        },
      ]),
    );
    const segments =
      subs.length === 0
        ? []
        : routes.map(([seg, k]) => ({ match: { segment: seg }, scorecard: `s${k % subs.length}` }));
    return parseScorecard({ name: 'prop', version: 1, ...main, scorecards, segments } as ScorecardInput);
  });
