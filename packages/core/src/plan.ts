/**
 * @module Compiles a scorecard and its fitted statistics once into scoring plans: flat parameter arrays and
 * compiled normalisers, one plan for the default scorecard and one per named sub-scorecard. The per-record
 * path, the columnar path and the SQL compiler all read these plans, so they share one definition of the
 * arithmetic. Compiled plans are cached per (scorecard, stats) object pair.
 */
import { EDGE_TOLERANCE } from './bands.js';
import { type MeasureStats, needsStats, type ScorecardStats } from './fit.js';
import { type CompiledNormalizer, compilePercentile } from './normalize.js';
import { ScorecardError, type ScorecardIssue } from './scorecard-error.js';
import type { Measure, Override, Scorecard, SubScorecard } from './scorecard-schema.js';
import { planNames } from './segments.js';

/** Missing-value policies as codes. */
export const POLICY = { reweight: 0, neutral: 1, zero: 2 } as const;

/** Comparison of an override condition. */
export type ConditionOp = 'gte' | 'lte' | 'gt' | 'lt' | 'eq' | 'missing';

/** One compiled override. */
export interface OverridePlan {
  /** Position in the plan's override list (inherited overrides keep the parent's positions). */
  index: number;
  band: 'green' | 'yellow' | 'red';
  reason: string;
  /** All must hold; `input` indexes the plan's `inputs`. */
  conditions: { input: number; metric: string; op: ConditionOp; value: number }[];
}

/** One compiled measure, in plan order (grouped by group order, then declaration order). */
export interface MeasurePlan {
  id: string;
  label: string;
  unit: string | undefined;
  groupIndex: number;
  groupId: string;
  direction: 'higher' | 'lower';
  normalizer: CompiledNormalizer;
  /** The measure as written. */
  source: Measure;
}

/** The compiled form of the default scorecard or one named sub-scorecard. */
export interface ScorecardPlan {
  /** `"default"` or the sub-scorecard name. */
  name: string;
  index: number;
  measures: MeasurePlan[];
  groups: { id: string; label: string; weight: number }[];
  /** Measures of group g are `offsets[g] .. offsets[g + 1] - 1`. */
  offsets: Int32Array;
  /** Relative measure weights, plan order. */
  weights: Float64Array;
  /** Relative group weights. */
  groupWeights: Float64Array;
  /** Nominal share of each measure in the score: `(gw / Σgw) × (w / Σw in group)`; sums to 1. */
  nominalShares: Float64Array;
  /** Metric names read: the measures (same positions), then metrics used only by overrides. */
  inputs: string[];
  policy: 0 | 1 | 2;
  /** Sub-score used for a missing value under `neutral` (50) or `zero` (0); NaN under `reweight`. */
  fill: number;
  minCoverage: number;
  bands: { green: number; yellow: number };
  greenEdge: number;
  yellowEdge: number;
  coverageEdge: number;
  overrides: OverridePlan[];
}

/** A scorecard compiled with its statistics. */
export interface CompiledScorecard {
  scorecard: Scorecard;
  stats: ScorecardStats;
  plans: ScorecardPlan[];
  names: string[];
}

function compileNormalizer(m: Measure, stats: MeasureStats | undefined): CompiledNormalizer {
  const n = m.normalize;
  const lower = (m.direction ?? 'higher') === 'lower';
  switch (n.kind) {
    case 'linear':
      return { kind: 'linear', bad: n.bad, span: n.good - n.bad };
    case 'steps':
      return {
        kind: 'steps',
        thresholds: n.steps.slice(0, -1).map(([t]) => t as number),
        points: n.steps.map(([, p]) => p),
      };
    case 'boolean':
      return { kind: 'boolean', lower };
    case 'percentile':
      return compilePercentile((stats as MeasureStats).quantiles, lower);
    case 'zscore': {
      const s = stats as MeasureStats;
      return { kind: 'zscore', log: n.log, mean: s.mean, sd: s.sd, lower };
    }
  }
}

function directionOf(m: Measure): 'higher' | 'lower' {
  if (m.direction) return m.direction;
  if (m.normalize.kind === 'linear') return m.normalize.good > m.normalize.bad ? 'higher' : 'lower';
  return 'higher';
}

function compilePlan(
  name: string,
  index: number,
  body: Scorecard | SubScorecard,
  parent: Scorecard,
  stats: Record<string, MeasureStats> | undefined,
  at: string,
  issues: ScorecardIssue[],
): ScorecardPlan {
  const groups = body.groups.map((g) => ({ id: g.id, label: g.label ?? g.id, weight: g.weight }));
  const measures: MeasurePlan[] = [];
  const offsets = new Int32Array(groups.length + 1);
  groups.forEach((g, gi) => {
    offsets[gi] = measures.length;
    body.measures.forEach((m, mi) => {
      if (m.group !== g.id) return;
      const s = stats?.[m.id];
      if (needsStats(m)) {
        const log = m.normalize.kind === 'zscore' && m.normalize.log;
        if (!s) {
          issues.push({
            path: `${at}measures[${mi}]`,
            problem: `no fitted statistics for "${m.id}"; run fitScorecard`,
          });
        } else if ((s.transform === 'log1p') !== log) {
          issues.push({
            path: `${at}measures[${mi}].normalize.log`,
            problem: `statistics of "${m.id}" were fitted with transform ${s.transform}; run fitScorecard again`,
          });
        }
      }
      measures.push({
        id: m.id,
        label: m.label ?? m.id,
        unit: m.unit,
        groupIndex: gi,
        groupId: g.id,
        direction: directionOf(m),
        // with problems found the plan is never used (compileScorecard throws); avoid reading absent stats
        normalizer: issues.length === 0 ? compileNormalizer(m, s) : { kind: 'boolean', lower: false },
        source: m,
      });
    });
  });
  offsets[groups.length] = measures.length;
  const weights = Float64Array.from(measures, (m) => m.source.weight);
  const groupWeights = Float64Array.from(groups, (g) => g.weight);
  const totalGroup = groupWeights.reduce((a, b) => a + b, 0);
  const nominalShares = new Float64Array(measures.length);
  groups.forEach((g, gi) => {
    let sw = 0;
    for (let i = offsets[gi] as number; i < (offsets[gi + 1] as number); i++) sw += weights[i] as number;
    for (let i = offsets[gi] as number; i < (offsets[gi + 1] as number); i++) {
      nominalShares[i] = (g.weight / totalGroup) * ((weights[i] as number) / sw);
    }
  });
  const inputs = measures.map((m) => m.id);
  const inputOf = (metric: string) => {
    let k = inputs.indexOf(metric);
    if (k < 0) k = inputs.push(metric) - 1;
    return k;
  };
  const overrideList: Override[] = body.overrides ?? parent.overrides;
  const overrides = overrideList.map((o, oi) => ({
    index: oi,
    band: o.band,
    reason: o.reason,
    conditions: (Array.isArray(o.when) ? o.when : [o.when]).map((c) => {
      const op =
        (['gte', 'lte', 'gt', 'lt', 'eq', 'missing'] as const).find((k) => c[k] !== undefined) ?? 'missing';
      return {
        input: inputOf(c.measure),
        metric: c.measure,
        op,
        value: op === 'missing' ? 0 : (c[op] as number),
      };
    }),
  }));
  const missing = body.missing ?? parent.missing;
  const bands = body.bands ?? parent.bands;
  const policy = POLICY[missing.policy];
  return {
    name,
    index,
    measures,
    groups,
    offsets,
    weights,
    groupWeights,
    nominalShares,
    inputs,
    policy,
    fill: policy === POLICY.neutral ? 50 : policy === POLICY.zero ? 0 : Number.NaN,
    minCoverage: missing.minCoverage,
    bands: { green: bands.green, yellow: bands.yellow },
    greenEdge: bands.green - EDGE_TOLERANCE,
    yellowEdge: bands.yellow - EDGE_TOLERANCE,
    coverageEdge: missing.minCoverage - EDGE_TOLERANCE,
    overrides,
  };
}

const cache = new WeakMap<Scorecard, WeakMap<ScorecardStats, CompiledScorecard>>();

/**
 * Compiles a scorecard with its fitted statistics (cached per object pair; treat both as immutable).
 * @param scorecard - a validated scorecard
 * @param stats - statistics from `fitScorecard` for this scorecard
 * @returns the compiled plans, index 0 = default scorecard
 * @throws ScorecardError when the statistics belong to another scorecard or version, or lack a measure
 */
export function compileScorecard(scorecard: Scorecard, stats: ScorecardStats): CompiledScorecard {
  let byStats = cache.get(scorecard);
  const hit = byStats?.get(stats);
  if (hit) return hit;
  const issues: ScorecardIssue[] = [];
  if (stats.scorecard !== scorecard.name || stats.version !== scorecard.version) {
    issues.push({
      path: '',
      problem: `statistics were fitted for scorecard "${stats.scorecard}" v${stats.version}, not "${scorecard.name}" v${scorecard.version}; run fitScorecard again`,
    });
  }
  const names = planNames(scorecard);
  const plans = names.map((name, i) => {
    const body = i === 0 ? scorecard : (scorecard.scorecards[name] as SubScorecard);
    const s = i === 0 ? stats.default : stats.scorecards[name];
    return compilePlan(name, i, body, scorecard, s, i === 0 ? '' : `scorecards.${name}.`, issues);
  });
  if (issues.length > 0) throw new ScorecardError(issues);
  const compiled: CompiledScorecard = { scorecard, stats, plans, names };
  if (!byStats) {
    byStats = new WeakMap();
    cache.set(scorecard, byStats);
  }
  byStats.set(stats, compiled);
  return compiled;
}
