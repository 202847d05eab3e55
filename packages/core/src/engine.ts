/**
 * @module The scoring kernel shared by the per-record and the columnar paths: weighted mean of sub-scores
 * inside groups then over groups under the missing-value policy, coverage, overrides, and the per-measure
 * shares used by explanations and drivers. All functions read sub-scores and raw inputs from columns at a
 * row position, so one record is simply a batch of one row and both paths run identical arithmetic.
 *
 * Missing values: under `reweight` a missing measure is left out and the weights of the present ones are
 * renormalised inside its group; a group with nothing present is left out and the group weights are
 * renormalised. Under `neutral` / `zero` a missing sub-score counts as 50 / 0 at full weight. Coverage is the
 * nominal weight share of the present measures. When nothing at all is present under `reweight`, the score is
 * the neutral 50 (every measure at 50) and the band is `unknown`.
 */
import { bandCodeOf } from './bands.js';
import { POLICY, type ScorecardPlan } from './plan.js';

/** Score when no measure is present at all under `reweight`. */
export const NO_DATA_SCORE = 50;

/** Output of {@link combineRow}, reused between rows. */
export interface RowResult {
  score: number;
  coverage: number;
  /** Σ of group weights of the groups that entered the score (0 when nothing did). */
  groupWeight: number;
  /** Per group: Σ of the weights of measures that entered it. */
  groupSums: Float64Array;
}

/**
 * Creates a reusable row result for a plan.
 * @param plan - the plan
 * @returns a zeroed result
 */
export function createRowResult(plan: ScorecardPlan): RowResult {
  return { score: 0, coverage: 0, groupWeight: 0, groupSums: new Float64Array(plan.groups.length) };
}

/**
 * Score and coverage of one row.
 * @param plan - the customer's plan
 * @param subs - sub-score columns in plan measure order (NaN = missing)
 * @param r - row position
 * @param out - receives score (0-100), coverage (0-1) and the weight sums
 */
export function combineRow(
  plan: ScorecardPlan,
  subs: readonly Float64Array[],
  r: number,
  out: RowResult,
): void {
  const { offsets, weights, groupWeights, nominalShares, policy, fill } = plan;
  const groupSums = out.groupSums;
  const groupCount = groupWeights.length;
  let total = 0;
  let gwp = 0;
  let coverage = 0;
  for (let g = 0; g < groupCount; g++) {
    let sw = 0;
    let sws = 0;
    const end = offsets[g + 1] as number;
    for (let i = offsets[g] as number; i < end; i++) {
      const s = (subs[i] as Float64Array)[r] as number;
      const w = weights[i] as number;
      if (!Number.isNaN(s)) {
        sw += w;
        sws += w * s;
        coverage += nominalShares[i] as number;
      } else if (policy !== POLICY.reweight) {
        sw += w;
        sws += w * fill;
      }
    }
    groupSums[g] = sw;
    if (sw > 0) {
      const gw = groupWeights[g] as number;
      total += gw * (sws / sw);
      gwp += gw;
    }
  }
  out.score = gwp > 0 ? total / gwp : NO_DATA_SCORE;
  out.coverage = coverage;
  out.groupWeight = gwp;
}

/**
 * Share of the score carried by measure `i` after {@link combineRow} (0 for a measure left out).
 * @param plan - the plan
 * @param i - measure position in plan order
 * @param present - whether its sub-score is present
 * @param row - the row's combine result
 * @returns 0-1; a row's shares sum to 1
 */
export function measureShare(plan: ScorecardPlan, i: number, present: boolean, row: RowResult): number {
  if (row.groupWeight === 0) return plan.nominalShares[i] as number;
  if (!present && plan.policy === POLICY.reweight) return 0;
  const g = (plan.measures[i] as { groupIndex: number }).groupIndex;
  return (
    ((plan.groupWeights[g] as number) / row.groupWeight) *
    ((plan.weights[i] as number) / (row.groupSums[g] as number))
  );
}

/**
 * Sub-score a measure enters the score with: its own, the policy's fill for a missing one, or 50 when nothing
 * at all is present.
 * @param plan - the plan
 * @param s - the measure's sub-score (NaN = missing)
 * @param row - the row's combine result
 * @returns 0-100, NaN when the measure is left out (reweight)
 */
export function effectiveSubScore(plan: ScorecardPlan, s: number, row: RowResult): number {
  if (!Number.isNaN(s)) return s;
  if (row.groupWeight === 0) return NO_DATA_SCORE;
  return plan.fill;
}

/**
 * Position (plan order) of the measure losing the most points against a perfect sub-score, the first one on
 * ties; -1 when no measure loses points.
 * @param plan - the plan
 * @param subs - sub-score columns
 * @param r - row position
 * @param row - the row's combine result
 * @returns the measure position or -1
 */
export function topDriverIndex(
  plan: ScorecardPlan,
  subs: readonly Float64Array[],
  r: number,
  row: RowResult,
): number {
  let best = -1;
  let bestLost = 0;
  const count = plan.measures.length;
  for (let i = 0; i < count; i++) {
    const s = (subs[i] as Float64Array)[r] as number;
    const e = effectiveSubScore(plan, s, row);
    if (Number.isNaN(e)) continue;
    const lost = measureShare(plan, i, !Number.isNaN(s), row) * (100 - e);
    if (lost > bestLost) {
      bestLost = lost;
      best = i;
    }
  }
  return best;
}

/**
 * Index of the first override whose conditions all hold, -1 when none fires. A comparison never holds for a
 * missing value; `missing: true` holds exactly for a missing one.
 * @param plan - the plan
 * @param inputs - raw input columns in `plan.inputs` order (NaN = missing)
 * @param r - row position
 * @returns the override's index in `plan.overrides`, or -1
 */
export function firstOverride(plan: ScorecardPlan, inputs: readonly Float64Array[], r: number): number {
  const overrides = plan.overrides;
  for (let k = 0; k < overrides.length; k++) {
    const o = overrides[k] as ScorecardPlan['overrides'][number];
    let all = true;
    for (const c of o.conditions) {
      const x = (inputs[c.input] as Float64Array)[r] as number;
      let holds: boolean;
      switch (c.op) {
        case 'missing':
          holds = Number.isNaN(x);
          break;
        case 'gte':
          holds = x >= c.value;
          break;
        case 'lte':
          holds = x <= c.value;
          break;
        case 'gt':
          holds = x > c.value;
          break;
        case 'lt':
          holds = x < c.value;
          break;
        case 'eq':
          holds = x === c.value;
          break;
      }
      if (!holds) {
        all = false;
        break;
      }
    }
    if (all) return k;
  }
  return -1;
}

/**
 * Band code of a row from its score and coverage (before overrides).
 * @param plan - the plan
 * @param row - the row's combine result
 * @returns a code of `BAND_CODES`
 */
export function scoreBandCode(plan: ScorecardPlan, row: RowResult): number {
  return bandCodeOf(row.score, row.coverage, plan.greenEdge, plan.yellowEdge, plan.coverageEdge);
}
