/**
 * @module Colour bands. Edges are inclusive: a score `>= green` is green, else `>= yellow` is yellow, else red.
 * A tolerance of {@link EDGE_TOLERANCE} absorbs floating-point noise (a customer whose sub-scores are all
 * exactly 70 is green at edge 70 even when the weighted mean comes out as 69.99999999999999). A customer whose
 * coverage is below `minCoverage` (by more than the same tolerance), or zero, is `unknown`.
 */

/** Traffic-light colour; `unknown` (grey) when too few measures are present to score honestly. */
export type Band = 'green' | 'yellow' | 'red' | 'unknown';

/** Band names by their numeric code in batch results (`BatchScores.band`). */
export const BAND_CODES = ['green', 'yellow', 'red', 'unknown'] as const satisfies readonly Band[];

/** Numeric band codes. */
export const BandCode = { green: 0, yellow: 1, red: 2, unknown: 3 } as const satisfies Record<Band, number>;

/** Tolerance used at band edges and at the coverage threshold. */
export const EDGE_TOLERANCE = 1e-9;

/** Order of health, used to tell an improving colour change from a worsening one. */
export const BAND_RANK: Record<Band, number> = { red: 0, yellow: 1, green: 2, unknown: Number.NaN };

/**
 * Colour code of a score.
 * @param score - 0-100
 * @param coverage - share of measure weight present, 0-1
 * @param greenEdge - `green - EDGE_TOLERANCE`
 * @param yellowEdge - `yellow - EDGE_TOLERANCE`
 * @param coverageEdge - `minCoverage - EDGE_TOLERANCE`
 * @returns a code of {@link BAND_CODES}
 */
export function bandCodeOf(
  score: number,
  coverage: number,
  greenEdge: number,
  yellowEdge: number,
  coverageEdge: number,
): number {
  if (coverage <= 0 || coverage < coverageEdge) return BandCode.unknown;
  if (score >= greenEdge) return BandCode.green;
  if (score >= yellowEdge) return BandCode.yellow;
  return BandCode.red;
}

/**
 * Colour of a score against band edges (inclusive), ignoring coverage.
 * @param score - 0-100
 * @param bands - `{ green, yellow }` edges
 * @returns green, yellow or red
 */
export function bandOf(score: number, bands: { green: number; yellow: number }): Exclude<Band, 'unknown'> {
  const code = bandCodeOf(score, 1, bands.green - EDGE_TOLERANCE, bands.yellow - EDGE_TOLERANCE, 0);
  return BAND_CODES[code] as Exclude<Band, 'unknown'>;
}
