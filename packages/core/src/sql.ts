/**
 * @module Compiles a scorecard and its fitted statistics to one SQL SELECT that scores every row of a table
 * where it lives (DuckDB or PostgreSQL), with the engine's semantics: missing values (NULL or NaN) under the
 * missing policy, coverage and `unknown`, overrides, segment scorecards (routed with CASE), percentile ranks
 * from the fitted quantile table, and z-scores through the same normal-CDF formula as the engine, written
 * operation for operation in the engine's order so the results agree to about 1e-12.
 *
 * Every constant is written as a typed double (`'0.7'::DOUBLE`), so neither dialect falls back to exact
 * decimal or integer arithmetic. The query returns `customer_id, score, band, coverage, scorecard, override,
 * top_driver` (`scorecard` = `default` or the segment scorecard's name; `override` = the fired override's
 * reason or NULL; `top_driver` = the id of the measure losing the most points, first in scorecard order on
 * ties, NULL when none loses any: the engine's `topDriver`).
 */

import { NO_DATA_SCORE } from './engine.js';
import type { ScorecardStats } from './fit.js';
import { HART_CUTOFF, HART_DENOMINATOR, HART_NUMERATOR, HART_SPLIT, SQRT_2PI } from './normal-cdf.js';
import { type CompiledScorecard, compileScorecard, POLICY, type ScorecardPlan } from './plan.js';
import { ScorecardError } from './scorecard-error.js';
import type { Scorecard } from './scorecard-schema.js';

/** SQL dialects the compiler writes. */
export type SqlDialect = 'duckdb' | 'postgres';

/** Options of {@link compileScorecardSql}. */
export interface SqlOptions {
  dialect: SqlDialect;
  /** The FROM item: a table name (`snapshots`, `analytics.snapshots`) or any relation, e.g. `read_parquet('s.parquet')`. */
  table: string;
  /** Column holding the customer id. */
  idColumn: string;
  /** [segmentColumn='segment'] Column holding the segment (only read when the scorecard has segments). */
  segmentColumn?: string;
}

/** Result columns of the compiled query, in order. */
export const SQL_RESULT_COLUMNS = [
  'customer_id',
  'score',
  'band',
  'coverage',
  'scorecard',
  'override',
  'top_driver',
] as const;

const q = (id: string) => `"${id.replaceAll('"', '""')}"`;
const str = (s: string) => `'${s.replaceAll("'", "''")}'`;

function literal(dialect: SqlDialect): (x: number) => string {
  const type = dialect === 'duckdb' ? 'DOUBLE' : 'double precision';
  return (x) => {
    if (!Number.isFinite(x))
      throw new ScorecardError([{ path: '', problem: `cannot write the non-finite constant ${x} to SQL` }]);
    const text = Object.is(x, -0) ? '0' : String(x);
    if (Number.isInteger(x) && Math.abs(x) < 1e15) return x < 0 ? `(${text}::${type})` : `${text}::${type}`;
    return `'${text}'::${type}`;
  };
}

interface Ctx {
  lit: (x: number) => string;
  dialect: SqlDialect;
  /**
   * How a stage is declared: PostgreSQL inlines a CTE into the next query and then evaluates each of a stage's
   * expressions once per reference (a sub-score, read by the sums, the coverage and the driver stages, would be
   * computed over and over, exponentially in the number of stages), so there each stage is `MATERIALIZED`.
   */
  cte: string;
}

/** Sub-score expression of measure `i` of a plan (reads the input column and, for zscore, the stage columns). */
function subScoreSql(plan: ScorecardPlan, i: number, ctx: Ctx): string {
  const { lit } = ctx;
  const m = plan.measures[i] as ScorecardPlan['measures'][number];
  const x = q(m.id);
  const n = m.normalizer;
  switch (n.kind) {
    case 'linear':
      // `+ 0` turns the -0 of `greatest(-0, 0)` (x exactly at bad, when bad > good) into the engine's +0
      return `CASE WHEN ${x} IS NULL THEN NULL ELSE (least(greatest((${x} - ${lit(n.bad)}) / ${lit(n.span)}, ${lit(0)}), ${lit(1)}) + ${lit(0)}) * ${lit(100)} END`;
    case 'steps': {
      const whens = n.thresholds.map((t, k) => `WHEN ${x} <= ${lit(t)} THEN ${lit(n.points[k] as number)}`);
      return `CASE WHEN ${x} IS NULL THEN NULL ${whens.join(' ')} ELSE ${lit(n.points[n.thresholds.length] as number)} END`;
    }
    case 'boolean':
      return `CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} <> ${lit(0)} THEN ${lit(n.lower ? 0 : 100)} ELSE ${lit(n.lower ? 100 : 0)} END`;
    case 'percentile': {
      const { values, ranks, dv, dr } = n;
      const last = values.length - 1;
      const parts = [
        `WHEN ${x} IS NULL THEN NULL`,
        `WHEN ${x} <= ${lit(values[0] as number)} THEN ${lit(ranks[0] as number)}`,
        `WHEN ${x} >= ${lit(values[last] as number)} THEN ${lit(ranks[last] as number)}`,
      ];
      for (let j = 0; j < last; j++) {
        parts.push(
          `WHEN ${x} < ${lit(values[j + 1] as number)} THEN ${lit(ranks[j] as number)} + ((${x} - ${lit(values[j] as number)}) / ${lit(dv[j] as number)}) * ${lit(dr[j] as number)}`,
        );
      }
      const rank = `CASE ${parts.join('\n      ')} END`;
      return n.lower ? `${lit(100)} - (${rank})` : rank;
    }
    case 'zscore': {
      if (n.sd === 0) return `CASE WHEN ${x} IS NULL THEN NULL ELSE ${lit(50)} END`;
      const z = q(`z:${m.id}`);
      const a = q(`za:${m.id}`);
      const e = q(`ze:${m.id}`);
      let num = lit(HART_NUMERATOR[0] as number);
      for (const c of HART_NUMERATOR.slice(1)) num = `(${num}) * ${a} + ${lit(c)}`;
      let den = lit(HART_DENOMINATOR[0] as number);
      for (const c of HART_DENOMINATOR.slice(1)) den = `(${den}) * ${a} + ${lit(c)}`;
      let cf = `${a} + ${lit(0.65)}`;
      for (const k of [4, 3, 2, 1]) cf = `${a} + ${lit(k)} / (${cf})`;
      const tail = `CASE WHEN ${a} > ${lit(HART_CUTOFF)} THEN ${lit(0)} WHEN ${a} < ${lit(HART_SPLIT)} THEN (${e} * (${num})) / (${den}) ELSE ${e} / (${cf}) / ${lit(SQRT_2PI)} END`;
      return `CASE WHEN ${x} IS NULL THEN NULL ELSE ${lit(100)} * (CASE WHEN ${z} > ${lit(0)} THEN ${lit(1)} - (${tail}) ELSE ${tail} END) END`;
    }
  }
}

function planSql(
  plan: ScorecardPlan,
  source: string,
  filter: string,
  ctx: Ctx,
  name: (s: string) => string,
): string[] {
  const { lit } = ctx;
  const ctes: string[] = [];
  let prev = source;
  const zscores = plan.measures.filter((m) => m.normalizer.kind === 'zscore' && m.normalizer.sd !== 0);
  if (zscores.length > 0) {
    const zCols = zscores.map((m) => {
      const n = m.normalizer as Extract<typeof m.normalizer, { kind: 'zscore' }>;
      const t = n.log ? `ln(${lit(1)} + greatest(${q(m.id)}, ${lit(0)}))` : q(m.id);
      const z = `(${t} - ${lit(n.mean)}) / ${lit(n.sd)}`;
      return `CASE WHEN ${q(m.id)} IS NULL THEN NULL ELSE ${n.lower ? `-(${z})` : z} END AS ${q(`z:${m.id}`)}`;
    });
    ctes.push(
      `${name('z')} ${ctx.cte} (\n  SELECT *,\n    ${zCols.join(',\n    ')}\n  FROM ${prev}${filter}\n)`,
    );
    const eCols = zscores.map((m) => {
      const z = q(`z:${m.id}`);
      // exp is only needed (and only taken, so PostgreSQL never reports an underflow) where |z| <= cutoff
      return `abs(${z}) AS ${q(`za:${m.id}`)},\n    CASE WHEN abs(${z}) > ${lit(HART_CUTOFF)} THEN ${lit(0)} ELSE exp(((-abs(${z})) * abs(${z})) / ${lit(2)}) END AS ${q(`ze:${m.id}`)}`;
    });
    ctes.push(`${name('e')} ${ctx.cte} (\n  SELECT *,\n    ${eCols.join(',\n    ')}\n  FROM ${name('z')}\n)`);
    prev = name('e');
    filter = '';
  }
  const subCols = plan.measures.map((m, i) => `${subScoreSql(plan, i, ctx)} AS ${q(`s:${m.id}`)}`);
  ctes.push(
    `${name('s')} ${ctx.cte} (\n  SELECT *,\n    ${subCols.join(',\n    ')}\n  FROM ${prev}${filter}\n)`,
  );

  // Group sums and coverage, in the engine's order.
  const groupCols: string[] = [];
  const coverageTerms: string[] = [];
  plan.groups.forEach((g, gi) => {
    const sw: string[] = [];
    const sws: string[] = [];
    for (let i = plan.offsets[gi] as number; i < (plan.offsets[gi + 1] as number); i++) {
      const s = q(`s:${(plan.measures[i] as { id: string }).id}`);
      const w = lit(plan.weights[i] as number);
      coverageTerms.push(
        `(CASE WHEN ${s} IS NULL THEN ${lit(0)} ELSE ${lit(plan.nominalShares[i] as number)} END)`,
      );
      if (plan.policy === POLICY.reweight) {
        sw.push(`(CASE WHEN ${s} IS NULL THEN ${lit(0)} ELSE ${w} END)`);
        sws.push(`(CASE WHEN ${s} IS NULL THEN ${lit(0)} ELSE ${w} * ${s} END)`);
      } else {
        sw.push(w);
        sws.push(`${w} * coalesce(${s}, ${lit(plan.fill)})`);
      }
    }
    groupCols.push(`${sw.join(' + ')} AS ${q(`sw:${g.id}`)}`, `${sws.join(' + ')} AS ${q(`sws:${g.id}`)}`);
  });
  ctes.push(
    `${name('g')} ${ctx.cte} (\n  SELECT *,\n    ${groupCols.join(',\n    ')},\n    ${coverageTerms.join(' + ')} AS ":coverage"\n  FROM ${name('s')}\n)`,
  );
  const gsCols = plan.groups.map(
    (g) =>
      `CASE WHEN ${q(`sw:${g.id}`)} > ${lit(0)} THEN ${q(`sws:${g.id}`)} / ${q(`sw:${g.id}`)} ELSE NULL END AS ${q(`gs:${g.id}`)}`,
  );
  ctes.push(`${name('c')} ${ctx.cte} (\n  SELECT *,\n    ${gsCols.join(',\n    ')}\n  FROM ${name('g')}\n)`);
  const total = plan.groups
    .map(
      (g, gi) =>
        `(CASE WHEN ${q(`gs:${g.id}`)} IS NULL THEN ${lit(0)} ELSE ${lit(plan.groupWeights[gi] as number)} * ${q(`gs:${g.id}`)} END)`,
    )
    .join(' + ');
  const gwp = plan.groups
    .map(
      (g, gi) =>
        `(CASE WHEN ${q(`gs:${g.id}`)} IS NULL THEN ${lit(0)} ELSE ${lit(plan.groupWeights[gi] as number)} END)`,
    )
    .join(' + ');
  ctes.push(
    `${name('t')} ${ctx.cte} (\n  SELECT *,\n    ${total} AS ":total",\n    ${gwp} AS ":gwp"\n  FROM ${name('c')}\n)`,
  );
  ctes.push(
    `${name('r')} ${ctx.cte} (\n  SELECT *,\n    CASE WHEN ":gwp" > ${lit(0)} THEN ":total" / ":gwp" ELSE ${lit(NO_DATA_SCORE)} END AS ":score"\n  FROM ${name('t')}\n)`,
  );
  ctes.push(...driverSql(plan, name, ctx));
  return ctes;
}

/**
 * Points each measure loses against a perfect sub-score, `w × (gw / (gwp × sw)) × (100 − sub-score)` as the
 * engine computes them (a missing measure: 0 under `reweight`, `100 − fill` otherwise), then the first
 * measure with the largest positive loss. When no group has data the engine names the measure with the
 * largest nominal share (all sub-scores count as 50), a constant here.
 */
function driverSql(plan: ScorecardPlan, name: (s: string) => string, ctx: Ctx): string[] {
  const { lit } = ctx;
  const lost = (i: number) => q(`l:${(plan.measures[i] as { id: string }).id}`);
  const lostCols: string[] = [];
  plan.groups.forEach((g, gi) => {
    const sw = q(`sw:${g.id}`);
    const factor = `(${lit(plan.groupWeights[gi] as number)} / (":gwp" * ${sw}))`;
    for (let i = plan.offsets[gi] as number; i < (plan.offsets[gi + 1] as number); i++) {
      const s = q(`s:${(plan.measures[i] as { id: string }).id}`);
      const missingGap = plan.policy === POLICY.reweight ? 0 : 100 - plan.fill;
      const gap = `CASE WHEN ${s} IS NULL THEN ${lit(missingGap)} ELSE ${lit(100)} - ${s} END`;
      lostCols.push(
        `CASE WHEN ":gwp" > ${lit(0)} AND ${sw} > ${lit(0)} THEN ${lit(plan.weights[i] as number)} * ${factor} * (${gap}) ELSE ${lit(0)} END AS ${lost(i)}`,
      );
    }
  });
  const all = plan.measures.map((_, i) => lost(i));
  let noData = -1;
  let most = 0;
  plan.nominalShares.forEach((share, i) => {
    if (share * (100 - NO_DATA_SCORE) > most) {
      most = share * (100 - NO_DATA_SCORE);
      noData = i;
    }
  });
  const noDataDriver = noData < 0 ? 'NULL' : str((plan.measures[noData] as { id: string }).id);
  const whens = plan.measures.map((m, i) => `WHEN ${all[i]} = ":best" THEN ${str(m.id)}`);
  return [
    `${name('l')} ${ctx.cte} (\n  SELECT *,\n    ${lostCols.join(',\n    ')}\n  FROM ${name('r')}\n)`,
    `${name('b')} ${ctx.cte} (\n  SELECT *,\n    greatest(${all.join(', ')}) AS ":best"\n  FROM ${name('l')}\n)`,
    `${name('d')} ${ctx.cte} (\n  SELECT *,\n    CASE WHEN ":gwp" <= ${lit(0)} THEN ${noDataDriver} WHEN ":best" <= ${lit(0)} THEN NULL ${whens.join(' ')} END AS ":top_driver"\n  FROM ${name('b')}\n)`,
  ];
}

function conditionSql(plan: ScorecardPlan, k: number, ctx: Ctx): string {
  const o = plan.overrides[k] as ScorecardPlan['overrides'][number];
  const ops = { gte: '>=', lte: '<=', gt: '>', lt: '<', eq: '=' } as const;
  return o.conditions
    .map((c) =>
      c.op === 'missing' ? `${q(c.metric)} IS NULL` : `${q(c.metric)} ${ops[c.op]} ${ctx.lit(c.value)}`,
    )
    .join(' AND ');
}

function finalSelect(plan: ScorecardPlan, from: string, ctx: Ctx): string {
  const { lit } = ctx;
  const bandWhens = plan.overrides.map((o, k) => `WHEN ${conditionSql(plan, k, ctx)} THEN ${str(o.band)}`);
  const reasonWhens = plan.overrides.map(
    (o, k) => `WHEN ${conditionSql(plan, k, ctx)} THEN ${str(o.reason)}`,
  );
  const band = [
    ...bandWhens,
    `WHEN ":coverage" <= ${lit(0)} OR ":coverage" < ${lit(plan.coverageEdge)} THEN 'unknown'`,
    `WHEN ":score" >= ${lit(plan.greenEdge)} THEN 'green'`,
    `WHEN ":score" >= ${lit(plan.yellowEdge)} THEN 'yellow'`,
    `ELSE 'red'`,
  ];
  const textType = ctx.dialect === 'duckdb' ? 'VARCHAR' : 'text';
  const override =
    reasonWhens.length > 0 ? `CASE ${reasonWhens.join(' ')} ELSE NULL END` : `CAST(NULL AS ${textType})`;
  return [
    `SELECT ":customer_id" AS "customer_id", ":score" AS "score",`,
    `  CASE ${band.join('\n    ')} END AS "band",`,
    `  ":coverage" AS "coverage", ${str(plan.name)} AS "scorecard",`,
    `  ${override} AS "override", ":top_driver" AS "top_driver"`,
    `FROM ${from}`,
  ].join('\n');
}

/**
 * Compiles a scorecard with its fitted statistics to one SQL query scoring every row of a table.
 * @param scorecard - a validated scorecard
 * @param stats - its fitted statistics (`fitScorecard`)
 * @param options - dialect, FROM item, id column and `[segmentColumn='segment']`
 * @returns the SQL text of one SELECT with columns `customer_id, score, band, coverage, scorecard, override,
 *   top_driver`;
 *   metric columns are read by measure id (NULL or NaN = missing)
 * @throws ScorecardError when the statistics do not match the scorecard
 * @example
 * const sql = compileScorecardSql(card, stats, { dialect: 'duckdb', table: 'snapshots', idColumn: 'customer_id' });
 */
export function compileScorecardSql(
  scorecard: Scorecard,
  stats: ScorecardStats,
  options: SqlOptions,
): string {
  const compiled: CompiledScorecard = compileScorecard(scorecard, stats);
  const { dialect, table, idColumn } = options;
  const segmentColumn = options.segmentColumn ?? 'segment';
  if (dialect !== 'duckdb' && dialect !== 'postgres') {
    throw new ScorecardError([
      { path: 'dialect', problem: `must be duckdb or postgres, got ${String(dialect)}` },
    ]);
  }
  if (!table || !idColumn)
    throw new ScorecardError([{ path: table ? 'idColumn' : 'table', problem: 'must not be empty' }]);
  const ctx: Ctx = { lit: literal(dialect), dialect, cte: dialect === 'postgres' ? 'AS MATERIALIZED' : 'AS' };
  const type = dialect === 'duckdb' ? 'DOUBLE' : 'double precision';
  const textType = dialect === 'duckdb' ? 'VARCHAR' : 'text';
  const nan = `'NaN'::${type}`;

  const metrics: string[] = [];
  for (const plan of compiled.plans)
    for (const id of plan.inputs) if (!metrics.includes(id)) metrics.push(id);
  const routed = compiled.plans.length > 1 && scorecard.segments.length > 0;

  const srcCols = [`CAST(${q(idColumn)} AS ${textType}) AS ":customer_id"`];
  if (routed) {
    const whens = scorecard.segments.map((rule) => {
      const names = typeof rule.match.segment === 'string' ? [rule.match.segment] : rule.match.segment;
      const index = compiled.names.indexOf(rule.scorecard, 1);
      return `WHEN ${q(segmentColumn)} IN (${names.map(str).join(', ')}) THEN ${index}`;
    });
    srcCols.push(`CASE ${whens.join(' ')} ELSE 0 END AS ":plan"`);
  }
  for (const id of metrics) srcCols.push(`nullif(CAST(${q(id)} AS ${type}), ${nan}) AS ${q(id)}`);
  const ctes = [`"src" AS (\n  SELECT\n    ${srcCols.join(',\n    ')}\n  FROM ${table}\n)`];

  const selects: string[] = [];
  compiled.plans.forEach((plan, p) => {
    if (p > 0 && !routed) return;
    if (p > 0 && !scorecard.segments.some((s) => s.scorecard === plan.name)) return;
    const name = (stage: string) => q(`p${p}_${stage}`);
    ctes.push(...planSql(plan, '"src"', routed ? ` WHERE ":plan" = ${p}` : '', ctx, name));
    selects.push(finalSelect(plan, name('d'), ctx));
  });
  const header = `-- CHI scorecard ${JSON.stringify(scorecard.name)} v${scorecard.version} (${dialect})`;
  return `${header}\nWITH ${ctes.join(',\n')}\n${selects.join('\nUNION ALL\n')}\n`;
}
