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
  /** With `detail`: sub-score columns in plan measure order, NaN = missing. */
  subs: Float64Array[];
  /** With `detail`: Σ of the weights of the groups that entered the score (0 when nothing did). */
  groupWeight: Float64Array;
  /** With `detail`: per group, Σ of the weights of the measures that entered it. */
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
 * Runs one plan over `n` rows, row by row: sub-scores, group means, score, coverage, colour, first firing
 * override and top driver. Each row's arithmetic depends only on that row, so a row gives the same result
 * alone (`n = 1`) as in any batch.
 * @param plan - the plan
 * @param inputs - raw input columns in `plan.inputs` order (NaN = missing), at least `n` rows each
 * @param n - number of rows
 * @param detail - also keep sub-scores and weight sums per row (for explanations)
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
  const { offsets, weights, groupWeights, nominalShares, greenEdge, yellowEdge, coverageEdge } = plan;
  const { groupOf, condStart, condInput, condOp, condValue, overrideBand } = kernelParams(plan);
  const overrideCount = overrideBand.length;
  const condCol = Array.from(condInput, (k) => inputs[k] as Float64Array);

  const score = new Float64Array(n);
  const coverage = new Float64Array(n);
  const scoreBand = new Uint8Array(n);
  const band = new Uint8Array(n);
  const override = new Int16Array(n);
  const topDriver = new Int16Array(n);
  // 1. sub-scores, one column per measure
  const subs = plan.measures.map((x, i) => {
    const col = new Float64Array(n);
    subScoreColumn(x.normalizer, inputs[i] as Float64Array, col, n);
    return col;
  });
  const groupWeight = detail ? new Float64Array(n) : new Float64Array(0);
  const groupSums = detail ? Array.from({ length: groupCount }, () => new Float64Array(n)) : [];

  const sw = new Float64Array(groupCount);
  const f = new Float64Array(groupCount);
  const noData = NO_DATA_SCORE;

  for (let r = 0; r < n; r++) {
    // 2. weighted means inside groups, then over groups
    let total = 0;
    let gwp = 0;
    let cov = 0;
    for (let g = 0; g < groupCount; g++) {
      let gsw = 0;
      let gsws = 0;
      for (let i = offsets[g] as number, stop = offsets[g + 1] as number; i < stop; i++) {
        const v = (subs[i] as Float64Array)[r] as number;
        const w = weights[i] as number;
        if (!Number.isNaN(v)) {
          gsw += w;
          gsws += w * v;
          cov += nominalShares[i] as number;
        } else if (!reweight) {
          gsw += w;
          gsws += w * fill;
        }
      }
      sw[g] = gsw;
      if (gsw > 0) {
        const gw = groupWeights[g] as number;
        total += gw * (gsws / gsw);
        gwp += gw;
      }
    }
    const sc = gwp > 0 ? total / gwp : noData;
    score[r] = sc;
    coverage[r] = cov;
    const code = bandCodeOf(sc, cov, greenEdge, yellowEdge, coverageEdge);
    scoreBand[r] = code;
    // 3. first firing override
    let fired = -1;
    for (let k = 0; k < overrideCount && fired < 0; k++) {
      let all = true;
      for (let c = condStart[k] as number, stop = condStart[k + 1] as number; c < stop && all; c++) {
        const x = (condCol[c] as Float64Array)[r] as number;
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
      if (all) fired = k;
    }
    override[r] = fired;
    band[r] = fired < 0 ? code : (overrideBand[fired] as number);
    // 4. top driver: the measure losing the most points, share × (100 − effective sub-score), where
    //    share = w × f[g] and f[g] = gw / (gwp × sw[g]) (the same expression as `shareOf`)
    let best = 0;
    let top = -1;
    if (!drivers) {
      // not requested
    } else if (gwp === 0) {
      for (let i = 0; i < m; i++) {
        const lost = (nominalShares[i] as number) * (100 - noData);
        if (lost > best) {
          best = lost;
          top = i;
        }
      }
    } else {
      for (let g = 0; g < groupCount; g++) {
        const gsw = sw[g] as number;
        f[g] = gsw > 0 ? (groupWeights[g] as number) / (gwp * gsw) : 0;
      }
      for (let i = 0; i < m; i++) {
        const v = (subs[i] as Float64Array)[r] as number;
        const e = Number.isNaN(v) ? fill : v;
        if (!(e < 100)) continue; // perfect, or left out (NaN under reweight): loses nothing
        const lost = (weights[i] as number) * (f[groupOf[i] as number] as number) * (100 - e);
        if (lost > best) {
          best = lost;
          top = i;
        }
      }
    }
    topDriver[r] = top;
    if (detail) {
      for (let g = 0; g < groupCount; g++) (groupSums[g] as Float64Array)[r] = sw[g] as number;
      groupWeight[r] = gwp;
    }
  }
  return { n, score, coverage, scoreBand, band, override, topDriver, subs, groupWeight, groupSums };
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
