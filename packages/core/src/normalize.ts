/**
 * @module Normalisers: turn one raw measure value into a 0-100 sub-score. A scorecard's normaliser definitions
 * are compiled (with the fitted statistics) into {@link CompiledNormalizer} parameter records; the scoring
 * kernel runs these scalar functions for every value, and the SQL compiler writes the same arithmetic. A
 * missing value (NaN) always yields NaN.
 */
import { fastLog } from './fast-math.js';
import { normalCdf, numberLiteral } from './normal-cdf.js';

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
  /**
   * Search accelerator: `buckets[b]` is the largest j with `values[j] <= values[0] + b / bucketScale`, so
   * the interval of x is found in a step or two instead of a binary search (the interval, hence the result, is
   * the same).
   */
  buckets: Int32Array;
  /** Buckets per unit of x. */
  bucketScale: number;
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
  const v0 = values[0] as number;
  let r: number;
  if (x <= v0) r = ranks[0] as number;
  else if (x >= (values[last] as number)) r = ranks[last] as number;
  else {
    // the j with values[j] <= x < values[j + 1] (values[0] < x < values[last])
    const buckets = p.buckets;
    let b = Math.floor((x - v0) * p.bucketScale);
    if (b >= buckets.length) b = buckets.length - 1;
    let j = buckets[b] as number;
    while (j > 0 && (values[j] as number) > x) j--;
    while ((values[j + 1] as number) <= x) j++;
    r = (ranks[j] as number) + ((x - (values[j] as number)) / (p.dv[j] as number)) * (p.dr[j] as number);
  }
  return p.lower ? 100 - r : r;
}

/**
 * Compiles fitted quantiles into percentile parameters (distinct values, mid-ranks, search buckets).
 * @param quantiles - `K + 1` ascending quantiles at probabilities `0, 1/K, ..., 1`
 * @param lower - whether lower values are healthier
 * @returns the compiled parameters
 */
export function compilePercentile(quantiles: readonly number[], lower: boolean): PercentileParams {
  const { values, ranks } = percentilePoints(quantiles);
  const dv = values.slice(1).map((v, j) => v - (values[j] as number));
  const dr = ranks.slice(1).map((r, j) => r - (ranks[j] as number));
  const v0 = values[0] as number;
  const range = (values[values.length - 1] as number) - v0;
  const count = Math.max(1, 4 * values.length);
  const bucketScale = range > 0 && Number.isFinite(count / range) ? count / range : 0;
  const buckets = new Int32Array(count);
  let j = 0;
  for (let b = 0; b < count; b++) {
    const edge = bucketScale > 0 ? v0 + b / bucketScale : v0;
    while (j + 1 < values.length && (values[j + 1] as number) <= edge) j++;
    buckets[b] = j;
  }
  return { kind: 'percentile', values, ranks, dv, dr, lower, buckets, bucketScale };
}

/**
 * The transform the zscore normaliser applies before standardising, with `Math.log` (used to fit the mean and
 * standard deviation; scoring uses {@link zscoreScore}'s `fastLog`, within an ulp of it).
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
  // log(1 + max(x, 0)) by fastLog, the logarithm the compiled kernel inlines (bit-identical results)
  let z = ((p.log ? fastLog(1 + Math.max(x, 0)) : x) - p.mean) / p.sd;
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

function linearColumn(src: Float64Array, dst: Float64Array, n: number, bad: number, span: number): void {
  for (let r = 0; r < n; r++) dst[r] = linearScore(src[r] as number, bad, span);
}

function stepsColumn(
  src: Float64Array,
  dst: Float64Array,
  n: number,
  thresholds: number[],
  points: number[],
): void {
  for (let r = 0; r < n; r++) dst[r] = stepsScore(src[r] as number, thresholds, points);
}

function percentileColumn(src: Float64Array, dst: Float64Array, n: number, p: PercentileParams): void {
  for (let r = 0; r < n; r++) dst[r] = percentileScore(src[r] as number, p);
}

function zscoreColumn(src: Float64Array, dst: Float64Array, n: number, p: ZscoreParams): void {
  for (let r = 0; r < n; r++) dst[r] = zscoreScore(src[r] as number, p);
}

function booleanColumn(src: Float64Array, dst: Float64Array, n: number, lower: boolean): void {
  for (let r = 0; r < n; r++) dst[r] = booleanScore(src[r] as number, lower);
}

/**
 * Sub-scores of the first `count` rows of a column, each with exactly the arithmetic of {@link subScore}, in
 * one small loop per normaliser kind (monomorphic, so it stays fast).
 * @param n - compiled normaliser
 * @param src - raw values, NaN = missing
 * @param dst - receives the sub-scores
 * @param count - number of rows, from 0
 */
export function subScoreColumn(
  n: CompiledNormalizer,
  src: Float64Array,
  dst: Float64Array,
  count: number,
): void {
  switch (n.kind) {
    case 'linear':
      linearColumn(src, dst, count, n.bad, n.span);
      break;
    case 'steps':
      stepsColumn(src, dst, count, n.thresholds, n.points);
      break;
    case 'percentile':
      percentileColumn(src, dst, count, n);
      break;
    case 'zscore':
      zscoreColumn(src, dst, count, n);
      break;
    case 'boolean':
      booleanColumn(src, dst, count, n.lower);
      break;
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

/**
 * Reserves consecutive slots in a kernel's scratch array `Z` (a `Float64Array`), with their initial values;
 * returns the index of the first.
 */
export type ScratchSlots = (initial: readonly number[]) => number;

/** `+(c)` as an integer 0/1 in source: compiled to a flag set by the comparison, not to a branch. */
const bit = (c: string) => `(+(${c}))`;
/** 1 when `x` is NaN, written with an ordered comparison (an equality test on NaN compiles to a branch). */
const nanBit = (x: string) => `(${bit(`${x} <= Infinity`)} ^ 1)`;

/**
 * JavaScript statements computing {@link subScore} of one value with the same result, for kernels compiled
 * from source: the blocked kernel's loops (`block-loops.ts`) inline these per measure, with the parameters as
 * literals, instead of calling a function per value. Percentiles and z-scores of a population with spread
 * have loops of their own there; this covers linear, steps, boolean and the z-score without spread.
 *
 * The statements are branch-free on the value: a comparison becomes a 0/1 integer (`+(x > t)`), which picks
 * the result out of a small table or out of scratch slots (`Z[base + bit]`) written just before. On real data
 * the outcome of each comparison is unpredictable from one customer to the next, and a mispredicted branch
 * costs more than the whole arithmetic of a sub-score; a selection by index costs a load. Selections copy one
 * of the candidate values, so every result is bit-for-bit the one the branching form gives.
 * @param n - compiled normaliser
 * @param x - name of a local holding the raw value (NaN = missing)
 * @param s - name of a declared local that receives the sub-score (NaN when missing)
 * @param bind - makes a value (a parameter array) available to the source; returns the name to use
 * @param scratch - reserves slots of the kernel's scratch array `Z`
 * @returns source text, one block
 */
export function subScoreSource(
  n: Exclude<CompiledNormalizer, { kind: 'percentile' }>,
  x: string,
  s: string,
  bind: (value: unknown) => string,
  scratch: ScratchSlots,
): string {
  const L = numberLiteral;
  switch (n.kind) {
    case 'linear': {
      // clamp((x - bad) / span, 0, 1): slot 0 the ratio, slot 1 the 0 for `<= 0`, slot 2 the 1 for `> 1`
      const z = scratch([0, 0, 1]);
      return [
        `${s} = (${x} - ${L(n.bad)}) / ${L(n.span)};`,
        `Z[${z}] = ${s};`,
        `${s} = Z[${z} + (${bit(`${s} <= 0`)} | (${bit(`${s} > 1`)} << 1))] * 100;`,
      ].join('\n');
    }
    case 'steps': {
      // thresholds ascend strictly, so the first step with x <= threshold is the count of thresholds below x;
      // a missing value reads the NaN after the last step
      const k = n.thresholds.length;
      const table = bind(Float64Array.from([...n.points, Number.NaN]));
      const below = n.thresholds.map((t) => bit(`${x} > ${L(t)}`));
      return `${s} = ${table}[${[...below, `${nanBit(x)} * ${k + 1}`].join(' + ')}];`;
    }
    case 'zscore': {
      // a population without spread: 50 for any present value (block-loops generates the general z-score)
      if (n.sd !== 0) throw new Error('the z-score of a population with spread is generated by block-loops');
      return `${s} = ${bind(Float64Array.of(50, Number.NaN))}[${nanBit(x)}];`;
    }
    case 'boolean': {
      const table = bind(Float64Array.of(n.lower ? 100 : 0, n.lower ? 0 : 100, Number.NaN));
      return `${s} = ${table}[(${bit(`${x} > 0`)} | ${bit(`${x} < 0`)}) + ${nanBit(x)} * 2];`;
    }
  }
}
