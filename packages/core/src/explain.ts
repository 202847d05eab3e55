/**
 * @module Builds the full current-health result of one row: score, colour, fired override, per-measure and
 * per-group explanation, and the top drivers pulling the score down. Used by `scoreCustomer` and by
 * `BatchScores.explain`, so both give the same object.
 */
import { BAND_CODES } from './bands.js';
import { effectiveSubScore, measureShare, type PlanResult } from './engine.js';
import type {
  CurrentHealth,
  CurrentSummary,
  Driver,
  GroupExplanation,
  MeasureExplanation,
} from './health.js';
import type { CompiledScorecard, ScorecardPlan } from './plan.js';

/** Number of drivers reported per customer. */
export const DRIVER_COUNT = 3;

/**
 * Explains one row of a plan's result.
 * @param compiled - the compiled scorecard
 * @param plan - the row's plan
 * @param inputs - raw input columns in `plan.inputs` order
 * @param res - the plan's kernel result
 * @param r - row position
 * @param customerId - the customer's id
 * @returns the current-health result
 */
export function explainRow(
  compiled: CompiledScorecard,
  plan: ScorecardPlan,
  inputs: readonly Float64Array[],
  res: PlanResult,
  r: number,
  customerId: string,
): CurrentHealth {
  const measures: MeasureExplanation[] = plan.measures.map((m, i) => {
    const raw = (inputs[i] as Float64Array)[r] as number;
    const e = effectiveSubScore(plan, i, res, r);
    const used = !Number.isNaN(e);
    const share = used ? measureShare(plan, i, res, r) : 0;
    return {
      id: m.id,
      label: m.label,
      ...(m.unit === undefined ? {} : { unit: m.unit }),
      group: m.groupId,
      value: Number.isNaN(raw) ? null : raw,
      missing: Number.isNaN((res.subs[i] as Float64Array)[r] as number),
      subScore: used ? e : null,
      weightShare: share,
      points: used ? share * e : 0,
      pointsLost: used ? share * (100 - e) : 0,
    };
  });

  const groups: GroupExplanation[] = plan.groups.map((g, gi) => {
    let share = 0;
    let points = 0;
    let used = false;
    for (let i = plan.offsets[gi] as number; i < (plan.offsets[gi + 1] as number); i++) {
      const m = measures[i] as MeasureExplanation;
      share += m.weightShare;
      points += m.points;
      used ||= m.subScore !== null;
    }
    return {
      id: g.id,
      label: g.label,
      score: used && share > 0 ? points / share : null,
      weightShare: share,
      points,
    };
  });

  const order = measures
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => m.pointsLost > 0)
    .sort((a, b) => b.m.pointsLost - a.m.pointsLost || a.i - b.i);
  const drivers: Driver[] = order
    .slice(0, DRIVER_COUNT)
    .map(({ m }) => ({ feature: m.id, value: m.value, effect: -m.pointsLost }));

  return {
    ...summaryOf(compiled, plan, res, r, customerId, drivers),
    measures,
    groups,
  };
}

/**
 * The result of one row without the per-measure and per-group explanation: the same score, colours and
 * drivers as {@link explainRow}, without building an object per measure (for batches that answer drivers only).
 * @param compiled - the compiled scorecard
 * @param plan - the row's plan
 * @param inputs - raw input columns in `plan.inputs` order
 * @param res - the plan's kernel result
 * @param r - row position
 * @param customerId - the customer's id
 * @returns the current-health result less `measures` and `groups`
 */
export function summarizeRow(
  compiled: CompiledScorecard,
  plan: ScorecardPlan,
  inputs: readonly Float64Array[],
  res: PlanResult,
  r: number,
  customerId: string,
): CurrentSummary {
  const lost: { i: number; points: number }[] = [];
  for (let i = 0; i < plan.measures.length; i++) {
    const e = effectiveSubScore(plan, i, res, r);
    if (Number.isNaN(e)) continue;
    const points = measureShare(plan, i, res, r) * (100 - e);
    if (points > 0) lost.push({ i, points });
  }
  lost.sort((a, b) => b.points - a.points || a.i - b.i);
  const drivers: Driver[] = lost.slice(0, DRIVER_COUNT).map(({ i, points }) => {
    const raw = (inputs[i] as Float64Array)[r] as number;
    return {
      feature: (plan.measures[i] as ScorecardPlan['measures'][number]).id,
      value: Number.isNaN(raw) ? null : raw,
      effect: -points,
    };
  });
  return summaryOf(compiled, plan, res, r, customerId, drivers);
}

/** The fields shared by the full and the summary result, in the wire order. */
function summaryOf(
  compiled: CompiledScorecard,
  plan: ScorecardPlan,
  res: PlanResult,
  r: number,
  customerId: string,
  drivers: Driver[],
): CurrentSummary {
  const k = res.override[r] as number;
  const fired = k < 0 ? null : (plan.overrides[k] ?? null);
  return {
    customer_id: customerId,
    mode: 'current',
    score: res.score[r] as number,
    band: BAND_CODES[res.band[r] as number] ?? 'unknown',
    coverage: res.coverage[r] as number,
    drivers,
    scorecard_version: compiled.scorecard.version,
    ...(fired ? { override: fired.reason } : {}),
    scorecard: compiled.scorecard.name,
    segment_scorecard: plan.name,
    score_band: BAND_CODES[res.scoreBand[r] as number] ?? 'unknown',
    fired_override: fired ? { index: fired.index, band: fired.band, reason: fired.reason } : null,
  };
}
