/**
 * @module The WebAssembly SIMD kernel against the JavaScript kernel: `scoreBatch` with `kernel: 'wasm'` and
 * with `kernel: 'js'` must agree bit for bit (score, coverage, colour, override, top driver) over random
 * scorecards and data with missing values, infinities, negative zero and huge magnitudes, with and without
 * segments, across block boundaries (blocks of 2048 rows) and with the top driver on and off. Every normaliser's
 * edges and each percentile search (short, middling and long tables) are compared in `kernel.test.ts`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitScorecard } from './fit.js';
import type { MetricColumns } from './metrics.js';
import { createRandom } from './random.js';
import { scoreBatch } from './score-batch.js';
import { parseScorecard } from './scorecard-schema.js';
import { firstDifference } from './testing/batch-difference.js';
import { METRICS, NAMES, SEGMENTS, scorecardArb } from './testing/scorecard-arbitraries.js';
import { wasmKernelReady } from './wasm-kernel.js';

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
