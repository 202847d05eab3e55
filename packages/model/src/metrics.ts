/** @module Evaluation metrics of a binary risk score: pure functions over labels (0/1) and probabilities. */

/** A 10-bin reliability row: mean prediction against the observed churn rate. */
export interface CalibrationBin {
  bin: number;
  lower: number;
  upper: number;
  count: number;
  mean_predicted: number;
  observed_rate: number;
}

/** Confusion counts when rows at or above `threshold` are flagged. */
export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
}

/** The metrics reported for every predictor on the test split. */
export interface Metrics {
  rows: number;
  positives: number;
  roc_auc: number;
  pr_auc: number;
  log_loss: number;
  brier: number;
  /** churn rate in the top 10% by risk over the overall churn rate */
  lift_at_10: number;
  /** share of all churners found in the top 10% by risk */
  capture_at_10: number;
  calibration: CalibrationBin[];
  /** at the yellow and red thresholds of the predicted colour */
  confusion: { yellow: Confusion; red: Confusion };
}

/** One ROC point: the rates when every row scoring at or above `threshold` is flagged. */
export interface RocPoint {
  fpr: number;
  tpr: number;
  /** lowest score flagged; null for the starting point (0, 0), where nothing is flagged */
  threshold: number | null;
}

/**
 * ROC curve, one point per distinct score from the highest down, after a starting point (0, 0).
 *
 * @param y - labels 0/1
 * @param p - scores, higher = more likely 1
 * @returns points with their thresholds, ending at (1, 1)
 */
export function rocCurve(y: ArrayLike<number>, p: ArrayLike<number>): RocPoint[] {
  const order = sortedDesc(p);
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] as number;
  const neg = y.length - pos;
  const out: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: null }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (y[i]) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || p[next] !== p[i])
      out.push({ fpr: neg ? fp / neg : 0, tpr: pos ? tp / pos : 0, threshold: p[i] as number });
  }
  return out;
}

/**
 * Keeps at most `max` points of a curve, evenly spaced along it, always with its first and last point.
 *
 * @param points - the curve in order
 * @param max - [max=200] most points kept (at least 2)
 * @returns the curve itself when short enough, else a subset in the same order
 */
export function downsampleCurve<T>(points: readonly T[], max = 200): T[] {
  if (points.length <= max) return [...points];
  const keep = Math.max(2, max);
  const out: T[] = [];
  for (let k = 0; k < keep; k++) out.push(points[Math.round((k * (points.length - 1)) / (keep - 1))] as T);
  return out;
}

/** Precision-recall curve points, from the highest threshold down. */
export function prCurve(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
): Array<{ recall: number; precision: number }> {
  const order = sortedDesc(p);
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] as number;
  const out: Array<{ recall: number; precision: number }> = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (y[i]) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || p[next] !== p[i])
      out.push({ recall: pos ? tp / pos : 0, precision: tp / (tp + fp) });
  }
  return out;
}

/**
 * Area under the ROC curve (Mann-Whitney, ties count half).
 *
 * @param y - labels 0/1
 * @param p - scores, higher = more likely 1
 * @returns AUC in [0, 1]; NaN when only one class is present
 */
export function rocAuc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const order = Array.from({ length: p.length }, (_, i) => i).sort(
    (a, b) => (p[a] as number) - (p[b] as number),
  );
  let rankSumPos = 0;
  let pos = 0;
  let k = 0;
  while (k < order.length) {
    let j = k;
    while (j + 1 < order.length && p[order[j + 1] as number] === p[order[k] as number]) j++;
    const avgRank = (k + j) / 2 + 1;
    for (let m = k; m <= j; m++) {
      if (y[order[m] as number]) {
        rankSumPos += avgRank;
        pos++;
      }
    }
    k = j + 1;
  }
  const neg = order.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Area under the precision-recall curve as average precision (step-wise, as scikit-learn). */
export function prAuc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const curve = prCurve(y, p);
  let area = 0;
  let prevRecall = 0;
  for (const point of curve) {
    area += (point.recall - prevRecall) * point.precision;
    prevRecall = point.recall;
  }
  return area;
}

/** Mean binary cross-entropy, probabilities clipped to [1e-7, 1 - 1e-7]. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i] as number, 1e-7), 1 - 1e-7);
    sum -= y[i] ? Math.log(q) : Math.log(1 - q);
  }
  return sum / Math.max(y.length, 1);
}

/** Mean squared error of the probabilities (Brier score). */
export function brier(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += ((p[i] as number) - (y[i] as number)) ** 2;
  return sum / Math.max(y.length, 1);
}

/**
 * Lift and capture in the top `share` of rows by risk. Rows tied with the cut-off row count fractionally:
 * when the cut-off falls inside a group of equal scores, each of its rows counts as the share of the group
 * that fits, the expected value under random tie-breaking, so discrete scores (the rule CHI) give the same
 * answer whatever the row order.
 *
 * @param y - labels 0/1
 * @param p - scores, higher = more likely 1
 * @param share - [share=0.1] fraction of rows in the top
 * @returns `lift` (rate in the top / overall rate) and `capture` (share of positives in the top)
 */
export function liftAt(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  share = 0.1,
): { lift: number; capture: number } {
  const order = sortedDesc(p);
  const n = Math.max(1, Math.round(order.length * share));
  let top = 0;
  let pos = 0;
  let k = 0;
  while (k < order.length) {
    // one group of equal scores: order[k..j]
    let j = k;
    let groupPos = 0;
    while (j < order.length && p[order[j] as number] === p[order[k] as number]) {
      groupPos += y[order[j] as number] as number;
      j++;
    }
    pos += groupPos;
    const taken = Math.min(Math.max(n - k, 0), j - k);
    top += (groupPos * taken) / (j - k);
    k = j;
  }
  if (pos === 0) return { lift: Number.NaN, capture: Number.NaN };
  return { lift: top / n / (pos / order.length), capture: top / pos };
}

/** Reliability table over `bins` equal-width probability bins (empty bins kept with count 0). */
export function calibrationTable(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const out: CalibrationBin[] = Array.from({ length: bins }, (_, b) => ({
    bin: b,
    lower: b / bins,
    upper: (b + 1) / bins,
    count: 0,
    mean_predicted: 0,
    observed_rate: 0,
  }));
  for (let i = 0; i < y.length; i++) {
    const q = p[i] as number;
    const bin = out[Math.min(bins - 1, Math.max(0, Math.floor(q * bins)))] as CalibrationBin;
    bin.count++;
    bin.mean_predicted += q;
    bin.observed_rate += y[i] as number;
  }
  for (const bin of out) {
    if (bin.count) {
      bin.mean_predicted /= bin.count;
      bin.observed_rate /= bin.count;
    }
  }
  return out;
}

/** Confusion counts flagging rows with probability >= threshold. */
export function confusionAt(y: ArrayLike<number>, p: ArrayLike<number>, threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const flagged = (p[i] as number) >= threshold;
    if (flagged && y[i]) tp++;
    else if (flagged) fp++;
    else if (y[i]) fn++;
    else tn++;
  }
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    precision: tp + fp ? tp / (tp + fp) : 0,
    recall: tp + fn ? tp / (tp + fn) : 0,
  };
}

/**
 * Every metric of the report.
 *
 * @param y - labels 0/1
 * @param p - probabilities of churn
 * @param thresholds - colour thresholds on p (red, yellow)
 * @returns the metrics
 */
export function evaluate(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  thresholds: { red: number; yellow: number } = { red: 0.5, yellow: 0.2 },
): Metrics {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i] as number;
  const { lift, capture } = liftAt(y, p, 0.1);
  return {
    rows: y.length,
    positives,
    roc_auc: rocAuc(y, p),
    pr_auc: prAuc(y, p),
    log_loss: logLoss(y, p),
    brier: brier(y, p),
    lift_at_10: lift,
    capture_at_10: capture,
    calibration: calibrationTable(y, p),
    confusion: { yellow: confusionAt(y, p, thresholds.yellow), red: confusionAt(y, p, thresholds.red) },
  };
}

function sortedDesc(p: ArrayLike<number>): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => (p[b] as number) - (p[a] as number));
}
