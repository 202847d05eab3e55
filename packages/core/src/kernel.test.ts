/**
 * @module The compiled row kernel against the scalar normalisers: the kernel selects results by index instead
 * of branching, and must give bit-for-bit the value of `subScore` for every kind, direction and edge value
 * (missing, infinities, negative zero, thresholds and quantiles exactly and a hair either side), with short,
 * middling and long percentile tables (the interval search differs by length); and the WebAssembly kernel must
 * give the JavaScript kernel's results on the same probes.
 */
import { describe, expect, it } from 'vitest';
import { runPlan } from './engine.js';
import { fitScorecard } from './fit.js';
import { subScore } from './normalize.js';
import { compileScorecard, type ScorecardPlan } from './plan.js';
import { scoreBatch } from './score-batch.js';
import { parseScorecard } from './scorecard-schema.js';
import { firstDifference } from './testing/batch-difference.js';

const card = parseScorecard({
  name: 'kernel',
  version: 1,
  bands: { green: 70, yellow: 40 },
  groups: [
    { id: 'a', weight: 1 },
    { id: 'b', weight: 2 },
  ],
  measures: [
    { id: 'lin_up', group: 'a', weight: 1, normalize: { kind: 'linear', bad: -2, good: 3.5 } },
    { id: 'lin_down', group: 'a', weight: 1, normalize: { kind: 'linear', bad: 3, good: 1 } },
    {
      id: 'steps',
      group: 'a',
      weight: 1,
      normalize: {
        kind: 'steps',
        steps: [
          [-1, 5],
          [0, 100],
          [2.5, 70],
          [5, 30],
          [null, 0],
        ],
      },
    },
    { id: 'pct_up', group: 'b', weight: 1, normalize: { kind: 'percentile' } },
    { id: 'pct_down', group: 'b', weight: 1, direction: 'lower', normalize: { kind: 'percentile' } },
    { id: 'pct_few', group: 'b', weight: 1, normalize: { kind: 'percentile' } },
    { id: 'pct_mid', group: 'b', weight: 1, direction: 'lower', normalize: { kind: 'percentile' } },
    { id: 'z_log', group: 'b', weight: 1, normalize: { kind: 'zscore', log: true } },
    { id: 'z_down', group: 'b', weight: 1, direction: 'lower', normalize: { kind: 'zscore' } },
    { id: 'z_flat', group: 'b', weight: 1, normalize: { kind: 'zscore' } },
    { id: 'flag', group: 'a', weight: 1, normalize: { kind: 'boolean' } },
    { id: 'flag_down', group: 'a', weight: 1, direction: 'lower', normalize: { kind: 'boolean' } },
  ],
  missing: { policy: 'reweight', minCoverage: 0 },
});

/** Seeded population with ties (a third of the values on a few integers) and a spread of magnitudes. */
function population(n: number) {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const value = () => (rnd() < 0.3 ? Math.floor(rnd() * 4) : Math.exp(rnd() * 8) * (rnd() < 0.2 ? -1 : 1));
  const measures: Record<string, Float64Array> = {};
  for (const m of card.measures) {
    // pct_few: 5 distinct quantiles (table of 8, found by counting); pct_mid: about 20 (binary steps, then counting)
    const draw: Record<string, () => number> = {
      z_flat: () => 4,
      pct_few: () => Math.floor(rnd() * 5),
      pct_mid: () => Math.floor(-Math.log(1 - rnd()) * 4),
    };
    measures[m.id] = Float64Array.from({ length: n }, draw[m.id] ?? value);
  }
  return { length: n, measures };
}

describe('compiled kernel', () => {
  const stats = fitScorecard(population(2_000), card);
  const first = compileScorecard(card, stats).plans[0];
  if (!first) throw new Error('no plan');
  const plan: ScorecardPlan = first;

  /** Every normaliser's edges, a hair either side, and a sweep of values between. */
  function probeValues(): Float64Array {
    const probes = new Set<number>([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0,
      -0,
      1,
    ]);
    for (const m of plan.measures) {
      const n = m.normalizer;
      const edges =
        n.kind === 'linear'
          ? [n.bad, n.bad + n.span]
          : n.kind === 'steps'
            ? n.thresholds
            : n.kind === 'percentile'
              ? n.values
              : n.kind === 'zscore'
                ? [n.mean, Math.expm1(n.mean), n.mean + 40 * n.sd, n.mean - 40 * n.sd]
                : [];
      for (const e of edges) for (const d of [0, 1e-9, -1e-9, 0.5, -0.5]) probes.add(e + d);
    }
    for (let k = -300; k <= 300; k++) probes.add(k * 0.37);
    return Float64Array.from(probes);
  }

  it('gives every sub-score bit for bit equal to the scalar normaliser, at edges and in between', () => {
    const xs = probeValues();
    const inputs = plan.inputs.map(() => xs);
    const res = runPlan(plan, inputs, xs.length);
    let checked = 0;
    plan.measures.forEach((m, i) => {
      const subs = res.subs[i] as Float64Array;
      xs.forEach((x, r) => {
        const want = subScore(m.normalizer, x);
        if (!Object.is(subs[r], want)) {
          throw new Error(`${m.id} at x = ${x}: kernel ${subs[r]}, scalar ${want}`);
        }
        checked++;
      });
    });
    expect(checked).toBe(plan.measures.length * xs.length);
    // the probes reach every branch: missing, both clamps and the interior of each kind
    expect(res.subs[0]?.filter((s) => s === 0).length).toBeGreaterThan(0);
    expect(res.subs[0]?.filter((s) => s === 100).length).toBeGreaterThan(0);
    expect(res.subs[0]?.filter((s) => s > 0 && s < 100).length).toBeGreaterThan(0);
    expect(res.subs[3]?.filter((s) => Number.isNaN(s)).length).toBe(1);
    const lengths = plan.measures.flatMap((m) =>
      m.normalizer.kind === 'percentile' ? [m.normalizer.values.length] : [],
    );
    expect(Math.min(...lengths)).toBeLessThanOrEqual(8);
    expect(lengths.some((k) => k > 8 && k <= 32)).toBe(true);
    expect(Math.max(...lengths)).toBeGreaterThan(64);
  });

  it('scores the probes and seeded rows on the WebAssembly kernel bit for bit like the JavaScript one, across block boundaries', () => {
    const xs = probeValues();
    const probes = { length: xs.length, measures: Object.fromEntries(plan.measures.map((m) => [m.id, xs])) };
    const columns = [probes, ...[1, 3, 2047, 2048, 2049, 4097].map((n) => population(n))];
    for (const c of columns) {
      for (const drivers of [true, false]) {
        const js = scoreBatch(c, card, stats, { kernel: 'js', drivers });
        const wasm = scoreBatch(c, card, stats, { kernel: 'wasm', drivers });
        expect(firstDifference(js, wasm)).toBe(-1);
      }
    }
  });

  it('treats infinities as values, not as missing', () => {
    const xs = Float64Array.of(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
    const res = runPlan(
      plan,
      plan.inputs.map(() => xs),
      2,
    );
    expect(res.coverage[0]).toBeCloseTo(1, 12);
    expect(res.coverage[1]).toBeCloseTo(1, 12);
    expect(res.subs[0]?.[0]).toBe(100);
    expect(res.subs[0]?.[1]).toBe(0);
  });
});
