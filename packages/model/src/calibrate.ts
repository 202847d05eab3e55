/**
 * @module Probability calibration fitted on the validation split: Platt scaling (a logistic curve on the
 * raw logit) or isotonic regression (pool-adjacent-violators). Fitted parameters are plain JSON.
 */

/** Platt scaling: `p = sigmoid(a * logit(raw) + b)`. */
export interface PlattCalibration {
  method: 'platt';
  a: number;
  b: number;
}

/** Isotonic regression: a non-decreasing step function, linearly interpolated between knots. */
export interface IsotonicCalibration {
  method: 'isotonic';
  /** raw probabilities, increasing */
  x: number[];
  /** calibrated probabilities, non-decreasing */
  y: number[];
}

/** No calibration (raw model output). */
export interface IdentityCalibration {
  method: 'none';
}

/** A fitted calibration, saved in `card.json`. */
export type Calibration = PlattCalibration | IsotonicCalibration | IdentityCalibration;

/** The calibration methods offered. */
export type CalibrationMethod = Calibration['method'];

const EPS = 1e-7;
const logit = (p: number) => {
  const q = Math.min(Math.max(p, EPS), 1 - EPS);
  return Math.log(q / (1 - q));
};

/** Strength of the ridge pulling the Platt slope toward 1 (negligible next to any informative validation set). */
export const PLATT_RIDGE = 1e-2;

/**
 * Fits Platt scaling on the log loss with Platt's smoothed targets, by Newton's method with a backtracking
 * line search (Lin, Lin & Weng 2007, "A note on Platt's probabilistic outputs for support vector machines").
 * The smoothed targets keep the optimum finite; the line search keeps every step downhill, so a small or
 * nearly separable validation split cannot send the slope to infinity. A weak ridge ({@link PLATT_RIDGE}) pulls
 * the slope toward 1 (the identity), which only matters when the raw scores barely vary: then the slope is not
 * identified by the data and would otherwise grow without bound while the intercept compensates.
 *
 * @param y - labels 0/1
 * @param raw - uncalibrated probabilities
 * @returns the fitted parameters
 */
export function fitPlatt(y: ArrayLike<number>, raw: ArrayLike<number>): PlattCalibration {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] as number;
  const neg = y.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const n = raw.length;
  const z = Float64Array.from({ length: n }, (_, i) => logit(raw[i] as number));
  const t = Float64Array.from({ length: n }, (_, i) => (y[i] ? hi : lo));
  // log loss against the smoothed targets, computed without overflow for large |f|
  const loss = (a: number, b: number): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const fi = a * (z[i] as number) + b;
      const ti = t[i] as number;
      f += fi >= 0 ? (1 - ti) * fi + Math.log1p(Math.exp(-fi)) : Math.log1p(Math.exp(fi)) - ti * fi;
    }
    return f + (PLATT_RIDGE / 2) * (a - 1) ** 2;
  };
  let a = 1;
  let b = 0;
  let f = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = PLATT_RIDGE * (a - 1);
    let gb = 0;
    let haa = PLATT_RIDGE;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < n; i++) {
      const zi = z[i] as number;
      const fi = a * zi + b;
      // p = sigmoid(fi), written so that neither sign of fi overflows
      const p = fi >= 0 ? 1 / (1 + Math.exp(-fi)) : Math.exp(fi) / (1 + Math.exp(fi));
      const w = p * (1 - p);
      const d = p - (t[i] as number);
      ga += d * zi;
      gb += d;
      haa += w * zi * zi;
      hab += w * zi;
      hbb += w;
    }
    if (Math.abs(ga) < 1e-9 && Math.abs(gb) < 1e-9) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    const slope = ga * da + gb * db;
    let step = 1;
    let moved = false;
    while (step >= 1e-10) {
      const na = a + step * da;
      const nb = b + step * db;
      const nf = loss(na, nb);
      if (nf < f + 1e-4 * step * slope) {
        a = na;
        b = nb;
        f = nf;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return { method: 'platt', a, b };
}

/**
 * Fits isotonic regression with pool-adjacent-violators.
 *
 * @param y - labels 0/1
 * @param raw - uncalibrated probabilities
 * @returns knots of the non-decreasing map
 */
export function fitIsotonic(y: ArrayLike<number>, raw: ArrayLike<number>): IsotonicCalibration {
  const order = Array.from({ length: raw.length }, (_, i) => i).sort(
    (a, b) => (raw[a] as number) - (raw[b] as number),
  );
  const blocks: Array<{ sum: number; weight: number; xs: number; xw: number }> = [];
  for (const i of order) {
    blocks.push({ sum: y[i] as number, weight: 1, xs: raw[i] as number, xw: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as (typeof blocks)[number];
      const prev = blocks[blocks.length - 2] as (typeof blocks)[number];
      if (prev.sum / prev.weight < last.sum / last.weight) break;
      prev.sum += last.sum;
      prev.weight += last.weight;
      prev.xs += last.xs;
      prev.xw += last.xw;
      blocks.pop();
    }
  }
  return {
    method: 'isotonic',
    x: blocks.map((b) => b.xs / b.xw),
    y: blocks.map((b) => Math.min(Math.max(b.sum / b.weight, 1e-4), 1 - 1e-4)),
  };
}

/**
 * Fits the chosen calibration.
 *
 * @param method - `platt`, `isotonic` or `none`
 * @param y - validation labels
 * @param raw - validation raw probabilities
 * @returns the fitted calibration
 */
export function fitCalibration(
  method: CalibrationMethod,
  y: ArrayLike<number>,
  raw: ArrayLike<number>,
): Calibration {
  if (method === 'platt') return fitPlatt(y, raw);
  if (method === 'isotonic') return fitIsotonic(y, raw);
  return { method: 'none' };
}

/**
 * Maps one raw probability through a calibration.
 *
 * @param calibration - fitted calibration
 * @param raw - uncalibrated probability
 * @returns calibrated probability in (0, 1)
 */
export function calibrate(calibration: Calibration, raw: number): number {
  if (calibration.method === 'platt')
    return 1 / (1 + Math.exp(-(calibration.a * logit(raw) + calibration.b)));
  if (calibration.method === 'none') return raw;
  const { x, y } = calibration;
  const n = x.length;
  if (n === 0) return raw;
  if (raw <= (x[0] as number)) return y[0] as number;
  if (raw >= (x[n - 1] as number)) return y[n - 1] as number;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] as number) <= raw) lo = mid;
    else hi = mid;
  }
  const x0 = x[lo] as number;
  const x1 = x[hi] as number;
  const t = x1 > x0 ? (raw - x0) / (x1 - x0) : 0;
  return (y[lo] as number) + t * ((y[hi] as number) - (y[lo] as number));
}

/** Calibrates an array of raw probabilities. */
export function calibrateAll(calibration: Calibration, raw: ArrayLike<number>): Float64Array {
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = calibrate(calibration, raw[i] as number);
  return out;
}
