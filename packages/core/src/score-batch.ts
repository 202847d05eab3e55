/**
 * @module `scoreBatch`: current health of many customers held as columns of typed arrays. Each plan's
 * normalisers run column by column, then one pass per row combines sub-scores, picks the colour, the first
 * firing override and the top driver. Results are typed arrays; `explain(row)` expands one row into the full
 * result of `scoreCustomer`, equal to it exactly.
 */
import { BAND_CODES, type Band } from './bands.js';
import { type KernelOutput, runPlan, scoreRows } from './engine.js';
import { explainRow } from './explain.js';
import type { ScorecardStats } from './fit.js';
import type { CurrentHealth } from './health.js';
import type { MetricColumns } from './metrics.js';
import { type CompiledScorecard, compileScorecard, type ScorecardPlan } from './plan.js';
import { ScorecardError } from './scorecard-error.js';
import type { Scorecard } from './scorecard-schema.js';
import { routeSegmentIndex } from './segments.js';
import { wasmScoreRows } from './wasm-kernel.js';

/** Options of {@link scoreBatch}. */
export interface BatchOptions {
  /** [drivers=true] Find each row's top driver; when false `topDriver` is -1 everywhere. */
  drivers?: boolean;
  /**
   * [kernel='auto'] Which kernel scores: `'auto'` the WebAssembly SIMD kernel when it is ready, else the
   * JavaScript one; `'js'` / `'wasm'` force one (`'wasm'` throws where it is unavailable). Both give
   * bit-identical results; the choice only changes the speed.
   */
  kernel?: 'auto' | 'js' | 'wasm';
  /**
   * Arrays to write the results into instead of allocating new ones, each of the batch's length (a previous
   * result of the same length can be passed; its arrays are overwritten, so it then shows the new scores).
   * Rescoring the same customers again and again (a portfolio refresh, a what-if slider) then allocates
   * nothing per row; a million rows of fresh results are 22 MB of new memory.
   */
  into?: Pick<BatchScores, 'score' | 'band' | 'coverage' | 'override' | 'topDriver' | 'scorecard'>;
}

/** Results of {@link scoreBatch}, one entry per row. */
export interface BatchScores {
  length: number;
  /** Score 0-100. */
  score: Float64Array;
  /** Band code, see `BAND_CODES` (0 green, 1 yellow, 2 red, 3 unknown), after overrides. */
  band: Uint8Array;
  /** Share of measure weight present, 0-1. */
  coverage: Float64Array;
  /** Index of the fired override in the row's scorecard, -1 for none. */
  override: Int16Array;
  /** Plan-order position of the measure losing the most points, -1 for none (see `topDriver`). */
  topDriver: Int16Array;
  /** Scorecard that scored each row: index into `scorecards` (0 = default). */
  scorecard: Uint8Array;
  /** Names of the scorecards by index: `"default"`, then the named sub-scorecards. */
  scorecards: string[];
  /**
   * Band name of a row.
   * @param row - row position
   */
  bandOf(row: number): Band;
  /**
   * Measure id of a row's top driver, null when no measure loses points.
   * @param row - row position
   */
  topDriverOf(row: number): string | null;
  /**
   * Full explanation of a row, identical to `scoreCustomer` on the same customer.
   * @param row - row position
   */
  explain(row: number): CurrentHealth;
}

function checkColumns(columns: MetricColumns): void {
  const n = columns.length;
  if (!Number.isInteger(n) || n < 0)
    throw new ScorecardError([{ path: 'length', problem: 'must be an integer >= 0' }]);
  for (const [id, col] of Object.entries(columns.measures)) {
    if (!(col instanceof Float64Array)) {
      throw new ScorecardError([
        { path: `measures.${id}`, problem: 'must be a Float64Array (NaN = missing)' },
      ]);
    }
    if (col.length !== n) {
      throw new ScorecardError([
        { path: `measures.${id}`, problem: `has ${col.length} rows, expected ${n}` },
      ]);
    }
  }
  if (columns.customer_id && columns.customer_id.length !== n) {
    throw new ScorecardError([
      { path: 'customer_id', problem: `has ${columns.customer_id.length} entries, expected ${n}` },
    ]);
  }
  if (columns.segment && columns.segment.length !== n) {
    throw new ScorecardError([
      { path: 'segment', problem: `has ${columns.segment.length} entries, expected ${n}` },
    ]);
  }
}

const INTO_TYPES = {
  score: Float64Array,
  band: Uint8Array,
  coverage: Float64Array,
  override: Int16Array,
  topDriver: Int16Array,
  scorecard: Uint8Array,
} as const;

function checkInto(into: NonNullable<BatchOptions['into']>, n: number): void {
  const issues = Object.entries(INTO_TYPES).flatMap(([key, type]) => {
    const array: unknown = into[key as keyof typeof INTO_TYPES];
    if (!(array instanceof type)) return [{ path: `into.${key}`, problem: `must be a ${type.name}` }];
    if (array.length !== n)
      return [{ path: `into.${key}`, problem: `has ${array.length} rows, expected ${n}` }];
    return [];
  });
  if (issues.length > 0) throw new ScorecardError(issues);
}

function inputColumns(
  plan: ScorecardPlan,
  columns: MetricColumns,
  empty: () => Float64Array,
): Float64Array[] {
  return plan.inputs.map((id) => columns.measures[id] ?? empty());
}

/**
 * Scores every row of a column batch.
 * @param columns - `length` rows; a `Float64Array` per metric (NaN = missing), optional `customer_id` and
 *   `segment` arrays
 * @param scorecard - a validated scorecard
 * @param stats - its fitted statistics
 * @param options - `[drivers=true]`: find each row's top driver (skip for colour-only portfolio runs)
 * @returns typed-array results plus `explain(row)`
 * @throws ScorecardError when a column has the wrong type or length, or the statistics do not match
 */
export function scoreBatch(
  columns: MetricColumns,
  scorecard: Scorecard,
  stats: ScorecardStats,
  options: BatchOptions = {},
): BatchScores {
  const { drivers, kernel } = { drivers: true, kernel: 'auto', ...options };
  checkColumns(columns);
  const compiled: CompiledScorecard = compileScorecard(scorecard, stats);
  const n = columns.length;
  const plans = compiled.plans;

  const into = options.into;
  if (into) checkInto(into, n);
  const planOf = into?.scorecard ?? new Uint8Array(n);
  const out: KernelOutput = into ?? {
    score: new Float64Array(n),
    band: new Uint8Array(n),
    coverage: new Float64Array(n),
    override: new Int16Array(n),
    topDriver: new Int16Array(n),
  };
  if (!drivers) out.topDriver.fill(-1);
  let nanColumn: Float64Array | null = null;
  const empty = (): Float64Array => {
    nanColumn ??= new Float64Array(n).fill(Number.NaN);
    return nanColumn;
  };
  const run = (plan: ScorecardPlan, inputs: Float64Array[], rows: Int32Array | null, count: number) => {
    if (kernel !== 'js' && wasmScoreRows(plan, inputs, out, rows, count, drivers)) return;
    if (kernel === 'wasm') throw new Error('the WebAssembly kernel is not available here');
    scoreRows(plan, inputs, out, rows, count, drivers);
  };
  const single = plans.length === 1 || !columns.segment || scorecard.segments.length === 0;
  if (single) {
    if (into) planOf.fill(0);
    const plan = plans[0] as ScorecardPlan;
    run(plan, inputColumns(plan, columns, empty), null, n);
    return result(compiled, columns, empty, planOf, out);
  }
  // Route rows to plans, then run each plan's kernel over its own row positions.
  const memo = new Map<string | null, number>();
  const seg = columns.segment as readonly (string | null)[];
  const counts = new Int32Array(plans.length);
  for (let r = 0; r < n; r++) {
    const s = seg[r] ?? null;
    let p = memo.get(s);
    if (p === undefined) {
      p = routeSegmentIndex(scorecard, compiled.names, s);
      memo.set(s, p);
    }
    planOf[r] = p;
    counts[p] = (counts[p] as number) + 1;
  }
  plans.forEach((plan, p) => {
    const count = counts[p] as number;
    if (count === 0) return;
    const rows = new Int32Array(count);
    let k = 0;
    for (let r = 0; r < n; r++) if (planOf[r] === p) rows[k++] = r;
    run(plan, inputColumns(plan, columns, empty), rows, count);
  });
  return result(compiled, columns, empty, planOf, out);
}

function result(
  compiled: CompiledScorecard,
  columns: MetricColumns,
  empty: () => Float64Array,
  planOf: Uint8Array,
  out: KernelOutput,
): BatchScores {
  const { score, band, coverage, override, topDriver } = out;
  const n = columns.length;
  const plans = compiled.plans;
  const names = compiled.names;
  const planOfRow = (row: number): ScorecardPlan => {
    if (!Number.isInteger(row) || row < 0 || row >= n) {
      throw new RangeError(`row ${row} is out of range 0..${n - 1}`);
    }
    return plans[planOf[row] as number] as ScorecardPlan;
  };
  return {
    length: n,
    score,
    band,
    coverage,
    override,
    topDriver,
    scorecard: planOf,
    scorecards: names,
    bandOf: (row) => BAND_CODES[band[row] as number] as Band,
    topDriverOf(row) {
      const i = topDriver[row] as number;
      return i < 0 ? null : (planOfRow(row).measures[i]?.id ?? null);
    },
    explain(row) {
      const plan = planOfRow(row);
      const inputs = plan.inputs.map((id) =>
        Float64Array.of((columns.measures[id] ?? empty())[row] as number),
      );
      return explainRow(
        compiled,
        plan,
        inputs,
        runPlan(plan, inputs, 1),
        0,
        columns.customer_id?.[row] ?? String(row),
      );
    },
  };
}
