/**
 * @module Normalisers: turn one raw measure value into a 0-100 sub-score. A scorecard's normaliser definitions
 * are compiled (with the fitted statistics) into {@link CompiledNormalizer} parameter records; the scalar
 * function {@link subScore} and the column loop {@link subScoreColumn} run the very same per-value arithmetic,
 * which is also what the SQL compiler emits. A missing value (NaN) always yields NaN.
 */
import { normalCdf } from './normal-cdf.js';

/** `linear`: `clamp((x - bad) / span, 0, 1) * 100` with `span = good - bad` (negative when lower is better). */
export interface LinearParams {
  kind: 'linear';
  bad: number;
  span: number;
}

/** `steps`: the points of the first threshold with `x <= threshold`, else the last points. */
export interface StepsParams {
  kind: 'steps';
  /** Inclusive upper bounds, strictly ascending (the final catch-all step has none). */
  thresholds: number[];
  /** Points per step; one more than `thresholds`. */
  points: number[];
}

/**
 * `percentile`: piecewise-linear interpolation through `(values[j], ranks[j])`, the distinct fitted quantiles
 * and their mid-rank percentages, clamped to the first/last rank outside the range.
 */
export interface PercentileParams {
  kind: 'percentile';
  values: number[];
  ranks: number[];
  /** `values[j + 1] - values[j]`. */
  dv: number[];
  /** `ranks[j + 1] - ranks[j]`. */
  dr: number[];
  /** True when lower values are healthier: the sub-score is `100 - rank`. */
  lower: boolean;
}

/** `zscore`: `100 * Φ(±(t - mean) / sd)`, `t = log(1 + max(x, 0))` when `log`; 50 when `sd` is 0. */
export interface ZscoreParams {
  kind: 'zscore';
  log: boolean;
  mean: number;
  sd: number;
  lower: boolean;
}

/** `boolean`: non-zero scores 100 and zero scores 0, reversed when `lower`. */
export interface BooleanParams {
  kind: 'boolean';
  lower: boolean;
}

/** Parameters of one compiled normaliser. */
export type CompiledNormalizer = LinearParams | StepsParams | PercentileParams | ZscoreParams | BooleanParams;

/**
 * Linear sub-score.
 * @param x - raw value (NaN = missing)
 * @param bad - value scoring 0
 * @param span - `good - bad`
 * @returns 0-100, NaN when missing
 */
export function linearScore(x: number, bad: number, span: number): number {
  let v = (x - bad) / span;
  if (v <= 0) v = 0;
  else if (v > 1) v = 1;
  return v * 100;
}

/**
 * Steps sub-score (thresholds are inclusive upper bounds).
 * @param x - raw value (NaN = missing)
 * @param thresholds - ascending upper bounds
 * @param points - points per step, `thresholds.length + 1` entries
 * @returns the step's points, NaN when missing
 */
export function stepsScore(x: number, thresholds: readonly number[], points: readonly number[]): number {
  if (Number.isNaN(x)) return Number.NaN;
  const k = thresholds.length;
  for (let i = 0; i < k; i++) if (x <= (thresholds[i] as number)) return points[i] as number;
  return points[k] as number;
}

/**
 * Mid-rank percentile of `x` in the fitted reference population, by interpolation between distinct quantiles.
 * @param x - raw value (NaN = missing)
 * @param p - compiled percentile parameters
 * @returns 0-100 (reversed when lower is healthier), NaN when missing
 */
export function percentileScore(x: number, p: PercentileParams): number {
  if (Number.isNaN(x)) return Number.NaN;
  const { values, ranks } = p;
  const last = values.length - 1;
  let r: number;
  if (x <= (values[0] as number)) r = ranks[0] as number;
  else if (x >= (values[last] as number)) r = ranks[last] as number;
  else {
    // largest j with values[j] <= x (values[0] < x < values[last])
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if ((values[mid] as number) <= x) lo = mid;
      else hi = mid;
    }
    r = (ranks[lo] as number) + ((x - (values[lo] as number)) / (p.dv[lo] as number)) * (p.dr[lo] as number);
  }
  return p.lower ? 100 - r : r;
}

/**
 * The transform the zscore normaliser applies before standardising.
 * @param x - raw value
 * @param log - whether to take `log(1 + max(x, 0))`
 * @returns the transformed value
 */
export function zscoreTransform(x: number, log: boolean): number {
  return log ? Math.log(1 + Math.max(x, 0)) : x;
}

/**
 * Z-score sub-score through the normal CDF.
 * @param x - raw value (NaN = missing)
 * @param p - compiled zscore parameters
 * @returns 0-100, NaN when missing
 */
export function zscoreScore(x: number, p: ZscoreParams): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (p.sd === 0) return 50;
  let z = (zscoreTransform(x, p.log) - p.mean) / p.sd;
  if (p.lower) z = -z;
  return 100 * normalCdf(z);
}

/**
 * Boolean sub-score.
 * @param x - raw value (NaN = missing); non-zero is true
 * @param lower - true when `false` is the healthy value
 * @returns 0 or 100, NaN when missing
 */
export function booleanScore(x: number, lower: boolean): number {
  if (Number.isNaN(x)) return Number.NaN;
  return (x !== 0) !== lower ? 100 : 0;
}

/**
 * Sub-score of one value with any compiled normaliser.
 * @param n - compiled normaliser
 * @param x - raw value (NaN = missing)
 * @returns 0-100, NaN when missing
 */
export function subScore(n: CompiledNormalizer, x: number): number {
  switch (n.kind) {
    case 'linear':
      return linearScore(x, n.bad, n.span);
    case 'steps':
      return stepsScore(x, n.thresholds, n.points);
    case 'percentile':
      return percentileScore(x, n);
    case 'zscore':
      return zscoreScore(x, n);
    case 'boolean':
      return booleanScore(x, n.lower);
  }
}

/**
 * Sub-scores of a column, row by row with exactly the arithmetic of {@link subScore}.
 * @param n - compiled normaliser
 * @param src - raw values, NaN = missing
 * @param dst - receives sub-scores at the same row positions
 * @param rows - row positions to process, or null for rows `0..count-1`
 * @param count - number of rows to process
 */
export function subScoreColumn(
  n: CompiledNormalizer,
  src: Float64Array,
  dst: Float64Array,
  rows: Int32Array | null,
  count: number,
): void {
  switch (n.kind) {
    case 'linear': {
      const { bad, span } = n;
      if (rows === null) for (let r = 0; r < count; r++) dst[r] = linearScore(src[r] as number, bad, span);
      else
        for (let j = 0; j < count; j++) {
          const r = rows[j] as number;
          dst[r] = linearScore(src[r] as number, bad, span);
        }
      return;
    }
    case 'steps': {
      const { thresholds, points } = n;
      if (rows === null)
        for (let r = 0; r < count; r++) dst[r] = stepsScore(src[r] as number, thresholds, points);
      else
        for (let j = 0; j < count; j++) {
          const r = rows[j] as number;
          dst[r] = stepsScore(src[r] as number, thresholds, points);
        }
      return;
    }
    case 'percentile': {
      if (rows === null) for (let r = 0; r < count; r++) dst[r] = percentileScore(src[r] as number, n);
      else
        for (let j = 0; j < count; j++) {
          const r = rows[j] as number;
          dst[r] = percentileScore(src[r] as number, n);
        }
      return;
    }
    case 'zscore': {
      if (rows === null) for (let r = 0; r < count; r++) dst[r] = zscoreScore(src[r] as number, n);
      else
        for (let j = 0; j < count; j++) {
          const r = rows[j] as number;
          dst[r] = zscoreScore(src[r] as number, n);
        }
      return;
    }
    case 'boolean': {
      const { lower } = n;
      if (rows === null) for (let r = 0; r < count; r++) dst[r] = booleanScore(src[r] as number, lower);
      else
        for (let j = 0; j < count; j++) {
          const r = rows[j] as number;
          dst[r] = booleanScore(src[r] as number, lower);
        }
      return;
    }
  }
}

/**
 * Turns fitted quantiles into the distinct interpolation points of the percentile normaliser: each distinct
 * quantile value gets the mid-rank of the quantile positions holding it, in percent (so a value held by the
 * bottom 40% of a population ranks 20, not 0).
 * @param quantiles - `K + 1` ascending quantiles at probabilities `0, 1/K, ..., 1`
 * @returns ascending distinct values and their ranks (0-100)
 */
export function percentilePoints(quantiles: readonly number[]): { values: number[]; ranks: number[] } {
  const k = quantiles.length - 1;
  const values: number[] = [];
  const ranks: number[] = [];
  let a = 0;
  while (a <= k) {
    const v = quantiles[a] as number;
    let b = a;
    while (b < k && quantiles[b + 1] === v) b++;
    values.push(v);
    ranks.push(k === 0 ? 50 : (((a + b) / 2) * 100) / k);
    a = b + 1;
  }
  return { values, ranks };
}
