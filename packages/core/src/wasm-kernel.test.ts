/**
 * @module The WebAssembly SIMD kernel against the JavaScript kernel: `scoreBatch` with `kernel: 'wasm'` and
 * with `kernel: 'js'` must agree bit for bit (score, coverage, colour, override, top driver) over random
 * scorecards and data with missing values, infinities, negative zero and huge magnitudes, with and without
 * segments, across block boundaries (blocks of 2048 rows) and with the top driver on and off.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitScorecard } from './fit.js';
import type { MetricColumns } from './metrics.js';
import { createRandom } from './random.js';
import { type BatchScores, scoreBatch } from './score-batch.js';
import { parseScorecard } from './scorecard-schema.js';
import { METRICS, NAMES, SEGMENTS, scorecardArb } from './testing/scorecard-arbitraries.js';
import { wasmKernelReady } from './wasm-kernel.js';

/** Index of the first row where the two results differ in any output, -1 when they agree everywhere. */
function firstDifference(a: BatchScores, b: BatchScores): number {
  for (let i = 0; i < a.length; i++) {
    if (
      !Object.is(a.score[i], b.score[i]) ||
      !Object.is(a.coverage[i], b.coverage[i]) ||
      a.band[i] !== b.band[i] ||
      a.override[i] !== b.override[i] ||
      a.topDriver[i] !== b.topDriver[i] ||
      a.scorecard[i] !== b.scorecard[i]
    ) {
      return i;
    }
  }
  return -1;
}

const EDGES = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  1e308,
  1.7e308,
  -1e308,
  5e-324,
  1e-300,
  Number.MAX_VALUE,
];

/** Seeded columns: uniform, integer, log-scale and edge values, a fifth missing. */
function columnsOf(rows: number, seed: number, segments: boolean): MetricColumns {
  const rnd = createRandom(seed);
  const value = () => {
    const k = rnd();
    if (k < 0.2) return Number.NaN;
    if (k < 0.25) return EDGES[Math.floor(rnd() * EDGES.length)] as number;
    if (k < 0.5) return Math.floor(rnd() * 12) - 2;
    if (k < 0.75) return Math.exp(rnd() * 12) * (rnd() < 0.2 ? -1 : 1);
    return rnd() * 140 - 20;
  };
  return {
    length: rows,
    segment: segments
      ? Array.from({ length: rows }, () => [null, ...SEGMENTS][Math.floor(rnd() * 4)] ?? null)
      : undefined,
    measures: Object.fromEntries(NAMES.map((m) => [m, Float64Array.from({ length: rows }, value)])),
  };
}

describe('the WebAssembly kernel', () => {
  it('is compiled and ready when the core loads in Node', () => {
    expect(wasmKernelReady()).toBe(true);
  });

  it('gives bit for bit the results of the JavaScript kernel over random scorecards and data', () => {
    fc.assert(
      fc.property(
        scorecardArb,
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 1e9 }),
        fc.boolean(),
        fc.boolean(),
        (card, rows, seed, segments, drivers) => {
          const population = columnsOf(300, seed + 1, true);
          const stats = fitScorecard(population, card, { minRows: 20 });
          const columns = columnsOf(rows, seed, segments);
          const js = scoreBatch(columns, card, stats, { kernel: 'js', drivers });
          const wasm = scoreBatch(columns, card, stats, { kernel: 'wasm', drivers });
          expect(firstDifference(js, wasm)).toBe(-1);
        },
      ),
      { numRuns: 120 },
    );
  }, 120_000);

  it('agrees on every normaliser kind and direction at block boundaries and edge values', () => {
    const card = parseScorecard({
      name: 'edges',
      version: 1,
      bands: { green: 70, yellow: 40 },
      groups: [
        { id: 'g1', weight: 2 },
        { id: 'g2', weight: 3 },
      ],
      measures: [
        { id: 'a', group: 'g1', weight: 1, normalize: { kind: 'linear', bad: -2, good: 3.5 } },
        { id: 'b', group: 'g1', weight: 2, normalize: { kind: 'linear', bad: 3, good: 1 } },
        {
          id: 'c',
          group: 'g1',
          weight: 1,
          normalize: {
            kind: 'steps',
            steps: [
              [-1, 5],
              [0, 100],
              [2.5, 70],
              [null, 0],
            ],
          },
        },
        { id: 'd', group: 'g2', weight: 1, direction: 'lower', normalize: { kind: 'percentile' } },
        { id: 'e', group: 'g2', weight: 1, direction: 'lower', normalize: { kind: 'zscore' } },
        { id: 'f', group: 'g2', weight: 2, normalize: { kind: 'zscore', log: true } },
        { id: 'flag', group: 'g1', weight: 1, normalize: { kind: 'boolean' } },
      ],
      missing: { policy: 'reweight', minCoverage: 0.3 },
      overrides: [
        { when: { measure: 'c', gte: 10 }, band: 'red', reason: 'many' },
        {
          when: [
            { measure: 'b', missing: true },
            { measure: 'a', lt: 0 },
          ],
          band: 'yellow',
          reason: 'both',
        },
      ],
    });
    for (const rows of [1, 2, 3, 2047, 2048, 2049, 4097]) {
      const columns = columnsOf(rows, rows, false);
      const stats = fitScorecard(columnsOf(500, 9, false), card);
      for (const drivers of [true, false]) {
        const js = scoreBatch(columns, card, stats, { kernel: 'js', drivers });
        const wasm = scoreBatch(columns, card, stats, { kernel: 'wasm', drivers });
        expect(firstDifference(js, wasm)).toBe(-1);
      }
    }
  });

  it('is what scoreBatch uses by default, and scores a million rows exactly like the JavaScript kernel', () => {
    const card = parseScorecard({
      name: 'big',
      version: 1,
      bands: { green: 70, yellow: 40 },
      groups: [{ id: 'g', weight: 1 }],
      measures: METRICS.map((id, i) => ({
        id,
        group: 'g',
        weight: i + 1,
        normalize: i % 2 === 0 ? { kind: 'zscore' as const, log: true } : { kind: 'percentile' as const },
      })),
      missing: { policy: 'neutral', minCoverage: 0.5 },
    });
    const columns = columnsOf(1_000_000, 5, false);
    const stats = fitScorecard(columns, card);
    const auto = scoreBatch(columns, card, stats);
    expect(firstDifference(auto, scoreBatch(columns, card, stats, { kernel: 'wasm' }))).toBe(-1);
    expect(firstDifference(auto, scoreBatch(columns, card, stats, { kernel: 'js' }))).toBe(-1);
  });
});
