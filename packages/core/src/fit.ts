/**
 * @module Learn once, apply purely: `fitScorecard` computes, from a reference population, the statistics that
 * the `percentile` and `zscore` normalisers need (quantiles, mean, sd) for the default scorecard and every
 * named segment scorecard. The result is plain JSON: save it beside the scorecard and pass it to every
 * scoring call, so one customer scored alone gets exactly the result it gets in a batch.
 *
 * Segment statistics are fitted on the rows routed to that segment scorecard (enterprise revenue is ranked
 * among enterprise customers); when fewer than `minRows` such rows have a value, that measure is fitted on
 * the whole population instead and the statistics say so (`population: "all"`).
 */
import { z } from 'zod';
import type { CustomerMetrics, MetricColumns } from './metrics.js';
import { zscoreTransform } from './normalize.js';
import { formatPath, ScorecardError } from './scorecard-error.js';
import type { Measure, Scorecard } from './scorecard-schema.js';
import { planNames, routeSegmentIndex } from './segments.js';

/** Number of quantile intervals fitted per measure: quantiles at 0%, 1%, ..., 100%. */
export const QUANTILE_STEPS = 100;

/** Reference statistics of one measure. */
export const MeasureStatsSchema = z.object({
  /** Number of non-missing reference values. */
  n: z.number().int().positive(),
  /** Which rows were used: the segment's own, or all rows (too few in the segment). */
  population: z.enum(['segment', 'all']),
  /** Transform applied before mean/sd: `log1p` = `log(1 + max(x, 0))` (zscore with `log: true`). */
  transform: z.enum(['none', 'log1p']),
  /** Mean of the transformed values. */
  mean: z.number().finite(),
  /** Sample standard deviation of the transformed values (0 for one value). */
  sd: z.number().finite().min(0),
  /** Raw-value quantiles at probabilities 0, 1/100, ..., 1 (linear interpolation, type 7). */
  quantiles: z.array(z.number().finite()).length(QUANTILE_STEPS + 1),
});

/** Fitted statistics of a whole scorecard document. */
export const ScorecardStatsSchema = z.object({
  scorecard: z.string(),
  version: z.number().int(),
  /** Statistics of the default scorecard's percentile/zscore measures, by measure id. */
  default: z.record(z.string(), MeasureStatsSchema),
  /** The same per named sub-scorecard. */
  scorecards: z.record(z.string(), z.record(z.string(), MeasureStatsSchema)),
});

/** Statistics of one measure. */
export type MeasureStats = z.infer<typeof MeasureStatsSchema>;
/** Fitted statistics of a scorecard (plain JSON). */
export type ScorecardStats = z.infer<typeof ScorecardStatsSchema>;

/**
 * Validates fitted statistics read back from JSON (e.g. a `stats.json` saved beside the scorecard).
 * @param json - the candidate statistics
 * @returns the statistics
 * @throws ScorecardError naming every problem by path, e.g. `default.revenue.quantiles: ...`
 */
export function parseScorecardStats(json: unknown): ScorecardStats {
  const result = ScorecardStatsSchema.safeParse(json);
  if (result.success) return result.data;
  throw new ScorecardError(
    result.error.issues.map((i) => ({ path: formatPath(i.path), problem: i.message })),
    { cause: result.error },
  );
}

/** Options of {@link fitScorecard}. */
export interface FitOptions {
  /** [minRows=30] Fewest non-missing segment values to fit a segment on its own rows. */
  minRows?: number;
}

const DEFAULTS = { minRows: 30 } satisfies Required<FitOptions>;

/**
 * Whether a measure's normaliser needs fitted statistics.
 * @param m - the measure
 * @returns true for `percentile` and `zscore`
 */
export function needsStats(m: Measure): boolean {
  return m.normalize.kind === 'percentile' || m.normalize.kind === 'zscore';
}

function columnOf(population: CustomerMetrics[] | MetricColumns, id: string): Float64Array {
  if (!Array.isArray(population)) {
    const col = population.measures[id];
    return col ?? new Float64Array(population.length).fill(Number.NaN);
  }
  const out = new Float64Array(population.length);
  population.forEach((row, i) => {
    const v = row.metrics[id];
    if (v !== null && v !== undefined && typeof v !== 'number') {
      throw new ScorecardError([
        { path: `population[${i}].metrics.${id}`, problem: `expected a number or null, got ${typeof v}` },
      ]);
    }
    out[i] = v ?? Number.NaN;
  });
  return out;
}

/**
 * Fits one measure on the given values.
 * @param values - raw values, NaN (and ±Infinity) ignored
 * @param log - whether mean/sd are of `log(1 + max(x, 0))`
 * @param population - which rows these are
 * @returns the statistics, or null when no value is present
 */
export function fitMeasure(
  values: Float64Array,
  log: boolean,
  population: 'segment' | 'all',
): MeasureStats | null {
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) n++;
  if (n === 0) return null;
  const sorted = new Float64Array(n);
  let k = 0;
  for (const v of values) if (Number.isFinite(v)) sorted[k++] = v;
  sorted.sort();
  const quantiles: number[] = [];
  for (let q = 0; q <= QUANTILE_STEPS; q++) {
    const h = ((n - 1) * q) / QUANTILE_STEPS;
    const lo = Math.floor(h);
    const a = sorted[lo] as number;
    const b = sorted[Math.min(lo + 1, n - 1)] as number;
    quantiles.push(a + (h - lo) * (b - a));
  }
  let sum = 0;
  for (const v of sorted) sum += zscoreTransform(v, log);
  const mean = sum / n;
  let ss = 0;
  for (const v of sorted) {
    const d = zscoreTransform(v, log) - mean;
    ss += d * d;
  }
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  return { n, population, transform: log ? 'log1p' : 'none', mean, sd, quantiles };
}

/**
 * Fits the reference statistics of every `percentile` and `zscore` measure of a scorecard and of its segment
 * scorecards.
 * @param population - the reference customers, as records or as columns
 * @param scorecard - a validated scorecard
 * @param options - `[minRows=30]`
 * @returns plain-JSON statistics to pass to `scoreCustomer` / `scoreBatch` / `compileScorecardSql`
 * @throws ScorecardError when a measure that needs statistics has no value anywhere in the population
 */
export function fitScorecard(
  population: CustomerMetrics[] | MetricColumns,
  scorecard: Scorecard,
  options: FitOptions = {},
): ScorecardStats {
  const { minRows } = { ...DEFAULTS, ...options };
  const rows = population.length;
  const names = planNames(scorecard);
  const route = new Uint8Array(rows);
  const segmentOf = (i: number): string | null | undefined =>
    Array.isArray(population) ? population[i]?.segment : population.segment?.[i];
  for (let i = 0; i < rows; i++) route[i] = routeSegmentIndex(scorecard, names, segmentOf(i));

  const stats: ScorecardStats = {
    scorecard: scorecard.name,
    version: scorecard.version,
    default: {},
    scorecards: {},
  };
  const cache = new Map<string, Float64Array>();
  const column = (id: string) => {
    let c = cache.get(id);
    if (!c) {
      c = columnOf(population, id);
      cache.set(id, c);
    }
    return c;
  };

  names.forEach((name, planIndex) => {
    const body = planIndex === 0 ? scorecard : scorecard.scorecards[name];
    if (!body) return;
    const out: Record<string, MeasureStats> = {};
    for (const [mi, m] of body.measures.entries()) {
      if (!needsStats(m)) continue;
      const log = m.normalize.kind === 'zscore' && m.normalize.log;
      const all = column(m.id);
      const own = new Float64Array(rows);
      let k = 0;
      for (let i = 0; i < rows; i++) if (route[i] === planIndex) own[k++] = all[i] as number;
      let fitted = fitMeasure(own.subarray(0, k), log, 'segment');
      if (fitted === null || fitted.n < minRows) fitted = fitMeasure(all, log, 'all') ?? fitted;
      if (fitted === null) {
        const where = planIndex === 0 ? `measures[${mi}]` : `scorecards.${name}.measures[${mi}]`;
        throw new ScorecardError([
          {
            path: where,
            problem: `measure "${m.id}" has no finite value in the population to fit ${m.normalize.kind} statistics`,
          },
        ]);
      }
      out[m.id] = fitted;
    }
    if (planIndex === 0) stats.default = out;
    else stats.scorecards[name] = out;
  });
  return stats;
}
