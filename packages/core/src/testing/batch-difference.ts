/** @module Test-only comparison of two `scoreBatch` results, output by output and bit for bit. */
import type { BatchScores } from '../score-batch.js';

/**
 * The first row where two results differ in score, coverage (by `Object.is`, so -0 and NaN count), colour,
 * override, top driver or scorecard.
 * @returns the row, -1 when they agree everywhere
 */
export function firstDifference(a: BatchScores, b: BatchScores): number {
  if (a.length !== b.length) return 0;
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
