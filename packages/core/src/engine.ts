/**
 * @module The scoring kernel shared by the per-record and the columnar paths. It runs one plan over columns:
 * sub-scores per measure, then the weighted mean of sub-scores inside groups and over groups under the
 * missing-value policy, coverage, colour, the first firing override and the top driver, each as one tight
 * loop over the rows. A single record is a batch of one row, so both paths run identical arithmetic, and each
 * row's arithmetic is the same operations in the same order as the SQL compiler writes.
 *
 * Missing values: under `reweight` a missing measure is left out and the weights of the present ones are
 * renormalised inside its group; a group with nothing present is left out and the group weights are
 * renormalised. Under `neutral` / `zero` a missing sub-score counts as 50 / 0 at full weight. Coverage is the
 * nominal weight share of the present measures. When nothing at all is present under `reweight`, the score is
 * the neutral 50 (every measure at 50 with its nominal share) and the band is `unknown`.
 */
import { BAND_CODES, type Band, bandCodeOf } from './bands.js';
import { subScoreColumn } from './normalize.js';
import { POLICY, type ScorecardPlan } from './plan.js';

/** Score when no measure is present at all under `reweight`. */
export const NO_DATA_SCORE = 50;

/** Everything the kernel computes for the rows of one plan (all arrays have one entry per row). */
export interface PlanResult {
  n: number;
  /** Score 0-100. */
  score: Float64Array;
  /** Share of nominal weight present, 0-1. */
  coverage: Float64Array;
  /** Band code from the score and coverage alone. */
  scoreBand: Uint8Array;
  /** Band code after overrides. */
  band: Uint8Array;
  /** Index of the first firing override, -1 for none. */
  override: Int16Array;
  /** Plan-order position of the measure losing the most points (first on ties), -1 for none. */
  topDriver: Int16Array;
  /** Sub-score columns in plan measure order, NaN = missing. */
  subs: Float64Array[];
  /** Σ of the weights of the groups that entered the score (0 when nothing did). */
  groupWeight: Float64Array;
  /**
   * Per group, Σ of the weights of the measures that entered it. Kept only with `detail`: otherwise the
   * driver search reuses these columns for its share factors.
   */
  groupSums: Float64Array[];
}

const OP = { missing: 0, gte: 1, lte: 2, gt: 3, lt: 4, eq: 5 } as const;

/** A plan's parameters flattened into typed arrays for the row loop. */
interface KernelParams {
  groupOf: Int32Array;
  condStart: Int32Array;
  condInput: Int32Array;
  condOp: Int8Array;
  condValue: Float64Array;
  overrideBand: Uint8Array;
}

const kernelCache = new WeakMap<ScorecardPlan, KernelParams>();

function kernelParams(plan: ScorecardPlan): KernelParams {
  const hit = kernelCache.get(plan);
  if (hit) return hit;
  const conditions = plan.overrides.flatMap((o) => o.conditions);
  const condStart = new Int32Array(plan.overrides.length + 1);
  let c = 0;
  plan.overrides.forEach((o, k) => {
    condStart[k] = c;
    c += o.conditions.length;
  });
  condStart[plan.overrides.length] = c;
  const params: KernelParams = {
    groupOf: Int32Array.from(plan.measures, (x) => x.groupIndex),
    condStart,
    condInput: Int32Array.from(conditions, (x) => x.input),
    condOp: Int8Array.from(conditions, (x) => OP[x.op]),
    condValue: Float64Array.from(conditions, (x) => x.value),
    overrideBand: Uint8Array.from(plan.overrides, (o) => BAND_CODES.indexOf(o.band as Band)),
  };
  kernelCache.set(plan, params);
  return params;
}

/**
 * Runs one plan over `n` rows, one column pass at a time: sub-scores, group means, score, coverage, colour,
 * first firing override and top driver. Each row's arithmetic depends only on that row, so a row gives the same result
 * alone (`n = 1`) as in any batch.
 * @param plan - the plan
 * @param inputs - raw input columns in `plan.inputs` order (NaN = missing), at least `n` rows each
 * @param n - number of rows
 * @param detail - keep the per-group weight sums intact (for explanations)
 * @param drivers - find each row's top driver (else `topDriver` stays -1)
 * @returns per-row results
 */
export function runPlan(
  plan: ScorecardPlan,
  inputs: readonly Float64Array[],
  n: number,
  detail = false,
  drivers = true,
): PlanResult {
  const m = plan.measures.length;
  const groupCount = plan.groups.length;
  const reweight = plan.policy === POLICY.reweight;
  const fill = plan.fill;
  const { offsets, weights, groupWeights, nominalShares } = plan;
  const { groupOf } = kernelParams(plan);

  // 1. sub-scores, one column per measure
  const subs = plan.measures.map((x, i) => {
    const col = new Float64Array(n);
    subScoreColumn(x.normalizer, inputs[i] as Float64Array, col, n);
    return col;
  });

  // 2. weighted means inside groups, then over groups; coverage (same order of operations per row as the SQL)
  const coverage = new Float64Array(n);
  const score = new Float64Array(n); // holds the weighted total until finishScore
  const gwp = new Float64Array(n);
  const groupSums: Float64Array[] = [];
  const sws = new Float64Array(n);
  for (let g = 0; g < groupCount; g++) {
    const sw = new Float64Array(n);
    if (g > 0) sws.fill(0);
    for (let i = offsets[g] as number; i < (offsets[g + 1] as number); i++) {
      accumulate(
        subs[i] as Float64Array,
        sw,
        sws,
        coverage,
        n,
        weights[i] as number,
        nominalShares[i] as number,
        reweight,
        fill,
      );
    }
    addGroup(sw, sws, score, gwp, n, groupWeights[g] as number);
    groupSums.push(sw);
  }
  finishScore(score, gwp, n);

  // 3. colours and the first firing override
  const scoreBand = new Uint8Array(n);
  bands(plan, score, coverage, scoreBand, n);
  const band = plan.overrides.length > 0 ? scoreBand.slice() : scoreBand;
  const override = new Int16Array(n).fill(-1);
  if (plan.overrides.length > 0) applyOverrides(plan, inputs, override, band, n);

  // 4. top driver
  const topDriver = new Int16Array(n).fill(-1);
  const result: PlanResult = {
    n,
    score,
    coverage,
    scoreBand,
    band,
    override,
    topDriver,
    subs,
    groupWeight: gwp,
    groupSums,
  };
  if (!drivers) return result;
  // rows where nothing entered the score: every measure at 50 with its nominal share
  for (let r = 0; r < n; r++) {
    if ((gwp[r] as number) !== 0) continue;
    let best = 0;
    for (let i = 0; i < m; i++) {
      const lost = (nominalShares[i] as number) * (100 - NO_DATA_SCORE);
      if (lost > best) {
        best = lost;
        topDriver[r] = i;
      }
    }
  }
  // per-group share factors f = gw / (gwp × sw), so share = w × f (the expression of `shareOf`)
  const factors = groupSums.map((sw, g) => {
    const f = detail ? new Float64Array(n) : sw; // in place unless the sums are kept for explanations
    factorColumn(sw, gwp, f, n, groupWeights[g] as number);
    return f;
  });
  sws.fill(0); // running maximum of points lost
  for (let i = 0; i < m; i++) {
    driverPass(
      subs[i] as Float64Array,
      factors[groupOf[i] as number] as Float64Array,
      sws,
      topDriver,
      n,
      weights[i] as number,
      fill,
      i,
    );
  }
  return result;
}

function accumulate(
  sub: Float64Array,
  sw: Float64Array,
  sws: Float64Array,
  coverage: Float64Array,
  n: number,
  w: number,
  share: number,
  reweight: boolean,
  fill: number,
): void {
  if (reweight) {
    for (let r = 0; r < n; r++) {
      const v = sub[r] as number;
      if (!Number.isNaN(v)) {
        sw[r] = (sw[r] as number) + w;
        sws[r] = (sws[r] as number) + w * v;
        coverage[r] = (coverage[r] as number) + share;
      }
    }
  } else {
    for (let r = 0; r < n; r++) {
      const v = sub[r] as number;
      sw[r] = (sw[r] as number) + w;
      if (Number.isNaN(v)) sws[r] = (sws[r] as number) + w * fill;
      else {
        sws[r] = (sws[r] as number) + w * v;
        coverage[r] = (coverage[r] as number) + share;
      }
    }
  }
}

function addGroup(
  sw: Float64Array,
  sws: Float64Array,
  total: Float64Array,
  gwp: Float64Array,
  n: number,
  gw: number,
): void {
  for (let r = 0; r < n; r++) {
    const s = sw[r] as number;
    if (s > 0) {
      total[r] = (total[r] as number) + gw * ((sws[r] as number) / s);
      gwp[r] = (gwp[r] as number) + gw;
    }
  }
}

function finishScore(total: Float64Array, gwp: Float64Array, n: number): void {
  for (let r = 0; r < n; r++) {
    const g = gwp[r] as number;
    total[r] = g > 0 ? (total[r] as number) / g : NO_DATA_SCORE;
  }
}

function bands(
  plan: ScorecardPlan,
  score: Float64Array,
  coverage: Float64Array,
  out: Uint8Array,
  n: number,
): void {
  const { greenEdge, yellowEdge, coverageEdge } = plan;
  for (let r = 0; r < n; r++) {
    out[r] = bandCodeOf(score[r] as number, coverage[r] as number, greenEdge, yellowEdge, coverageEdge);
  }
}

function applyOverrides(
  plan: ScorecardPlan,
  inputs: readonly Float64Array[],
  override: Int16Array,
  band: Uint8Array,
  n: number,
): void {
  const { condStart, condInput, condOp, condValue, overrideBand } = kernelParams(plan);
  const cols = Array.from(condInput, (k) => inputs[k] as Float64Array);
  for (let k = 0; k < overrideBand.length; k++) {
    const code = overrideBand[k] as number;
    for (let r = 0; r < n; r++) {
      if ((override[r] as number) >= 0) continue;
      let all = true;
      for (let c = condStart[k] as number, stop = condStart[k + 1] as number; c < stop && all; c++) {
        const x = (cols[c] as Float64Array)[r] as number;
        const v = condValue[c] as number;
        switch (condOp[c]) {
          case 0: // missing
            all = Number.isNaN(x);
            break;
          case 1: // gte
            all = x >= v;
            break;
          case 2: // lte
            all = x <= v;
            break;
          case 3: // gt
            all = x > v;
            break;
          case 4: // lt
            all = x < v;
            break;
          default:
            all = x === v;
        }
      }
      if (all) {
        override[r] = k;
        band[r] = code;
      }
    }
  }
}

function factorColumn(sw: Float64Array, gwp: Float64Array, out: Float64Array, n: number, gw: number): void {
  for (let r = 0; r < n; r++) {
    const s = sw[r] as number;
    out[r] = s > 0 ? gw / ((gwp[r] as number) * s) : 0;
  }
}

function driverPass(
  sub: Float64Array,
  factor: Float64Array,
  best: Float64Array,
  top: Int16Array,
  n: number,
  w: number,
  fill: number,
  i: number,
): void {
  // A perfect sub-score loses nothing; under reweight (fill NaN) a missing one is left out.
  const fillLost = fill < 100 ? 100 - fill : -1;
  for (let r = 0; r < n; r++) {
    const v = sub[r] as number;
    let gap: number;
    if (v < 100) gap = 100 - v;
    else if (Number.isNaN(v) && fillLost > 0) gap = fillLost;
    else continue;
    const lost = w * (factor[r] as number) * gap;
    if (lost > (best[r] as number)) {
      best[r] = lost;
      top[r] = i;
    }
  }
}

/**
 * Share of the score carried by a present (or filled) measure: `w × gw / (Σgw present × Σw present in group)`.
 * @param w - the measure's weight
 * @param gw - its group's weight
 * @param gwp - Σ of the weights of groups in the score
 * @param sw - Σ of the weights of measures in the score within the group
 * @returns 0-1
 */
export function shareOf(w: number, gw: number, gwp: number, sw: number): number {
  return w * (gw / (gwp * sw));
}

/**
 * Share of the score carried by measure `i` in row `r` of a detailed result (0 for a measure left out).
 * @param plan - the plan
 * @param i - measure position in plan order
 * @param res - the plan's result, computed with `detail`
 * @param r - row position
 * @returns 0-1; a row's shares sum to 1
 */
export function measureShare(plan: ScorecardPlan, i: number, res: PlanResult, r: number): number {
  const gwp = res.groupWeight[r] as number;
  if (gwp === 0) return plan.nominalShares[i] as number;
  const present = !Number.isNaN((res.subs[i] as Float64Array)[r] as number);
  if (!present && plan.policy === POLICY.reweight) return 0;
  const g = (plan.measures[i] as ScorecardPlan['measures'][number]).groupIndex;
  return shareOf(
    plan.weights[i] as number,
    plan.groupWeights[g] as number,
    gwp,
    (res.groupSums[g] as Float64Array)[r] as number,
  );
}

/**
 * Sub-score measure `i` enters row `r`'s score with: its own, the policy's fill for a missing one, or 50 when
 * nothing at all is present; NaN when it is left out (reweight).
 * @param plan - the plan
 * @param i - measure position in plan order
 * @param res - the plan's result, computed with `detail`
 * @param r - row position
 * @returns 0-100 or NaN
 */
export function effectiveSubScore(plan: ScorecardPlan, i: number, res: PlanResult, r: number): number {
  const s = (res.subs[i] as Float64Array)[r] as number;
  if (!Number.isNaN(s)) return s;
  if ((res.groupWeight[r] as number) === 0) return NO_DATA_SCORE;
  return plan.fill;
}
