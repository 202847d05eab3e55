/**
 * @module Current health of every customer of a snapshot, by either engine: `scoreBatch` over typed columns
 * in JS, or the scorecard compiled to SQL (`compileScorecardSql`) and run inside DuckDB where the snapshot
 * lives. Both read the same statistics, so they agree row for row.
 */
import {
  type Band,
  compileScorecardSql,
  fitScorecard,
  type Scorecard,
  type ScorecardStats,
  scoreBatch,
} from '@chi/core';
import { SnapshotError } from './errors.js';
import { loadSnapshotColumns, type SnapshotColumns, snapshotRelation } from './snapshot-columns.js';
import { type Store, sqlString } from './store.js';

/** Scoring engine: TypeScript (`scoreBatch`) or DuckDB SQL (`compileScorecardSql`). */
export type ScoreEngine = 'js' | 'sql';

/** Scores of a snapshot as columns, in customer order. */
export interface SnapshotScores {
  engine: ScoreEngine;
  as_of: string | null;
  customer_id: string[];
  /** 0-100. */
  score: Float64Array;
  band: Band[];
  /** Share of measure weight present, 0-1. */
  coverage: Float64Array;
  /** Measure losing the most points, from either engine (the compiled SQL returns it too); null when none. */
  top_driver: (string | null)[];
  /** Statistics used (fitted on the snapshot unless given). */
  stats: ScorecardStats;
  /** Seconds spent scoring (excluding reading the snapshot). */
  seconds: number;
}

/** Options of {@link scoreSnapshot}. */
export interface ScoreSnapshotOptions {
  scorecard: Scorecard;
  /** Fitted statistics; default: fitted on the scored snapshot itself. */
  stats?: ScorecardStats;
  /** [engine='js'] */
  engine?: ScoreEngine;
  /** Which `as_of` of a file holding several (default: the latest). */
  asOf?: string;
}

/**
 * Keeps one `as_of` of a snapshot source: the requested one or the latest.
 * @returns a SQL relation over the kept rows and its date (null when the source has no `as_of` column)
 */
async function oneDate(
  store: Store,
  source: { file: string } | { asOf: 'latest' | string },
  asOf?: string,
): Promise<{ relation: string; asOf: string | null }> {
  const base = snapshotRelation(source);
  const names = (await store.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${base}`))
    .getRowObjectsJS()
    .map((r) => String(r.column_name));
  if (!names.includes('as_of')) return { relation: base, asOf: null };
  const dates = (
    await store.connection.runAndReadAll(
      `SELECT DISTINCT CAST(as_of AS VARCHAR) AS d FROM ${base} ORDER BY d`,
    )
  )
    .getRowObjectsJS()
    .map((r) => String(r.d));
  const chosen = asOf ?? dates[dates.length - 1];
  if (!chosen || !dates.includes(chosen)) {
    throw new SnapshotError(
      `as_of ${asOf ?? ''} not in the snapshot (it has ${dates.join(', ') || 'no rows'})`,
    );
  }
  return {
    relation: `(SELECT * FROM ${base} WHERE CAST(as_of AS VARCHAR) = ${sqlString(chosen)})`,
    asOf: chosen,
  };
}

/**
 * Scores one snapshot date with the chosen engine.
 * @param store - open store (`:memory:` is enough for a file source)
 * @param source - a `.csv`/`.parquet` snapshot file, or a stored `as_of`
 * @param options - scorecard, optional statistics, engine, date
 * @returns per-customer scores, bands, coverage and top drivers, ordered by customer_id
 */
export async function scoreSnapshot(
  store: Store,
  source: { file: string } | { asOf: 'latest' | string },
  options: ScoreSnapshotOptions,
): Promise<SnapshotScores> {
  const engine = options.engine ?? 'js';
  const picked = await oneDate(store, source, 'file' in source ? options.asOf : undefined);
  await store.connection.run(
    `CREATE OR REPLACE TEMP TABLE __chi_score_input AS SELECT * FROM ${picked.relation}`,
  );
  try {
    const columns: SnapshotColumns = await loadSnapshotColumns(store, {
      file: '',
      relation: '__chi_score_input',
    });
    if (columns.length === 0) throw new SnapshotError('the snapshot has no rows to score');
    const stats = options.stats ?? fitScorecard(columns, options.scorecard);
    const started = performance.now();
    if (engine === 'js') {
      const result = scoreBatch(columns, options.scorecard, stats);
      const band: Band[] = new Array(result.length);
      const top: (string | null)[] = new Array(result.length);
      for (let i = 0; i < result.length; i++) {
        band[i] = result.bandOf(i);
        top[i] = result.topDriverOf(i);
      }
      return {
        engine,
        as_of: picked.asOf,
        customer_id: columns.customer_id,
        score: result.score,
        band,
        coverage: result.coverage,
        top_driver: top,
        stats,
        seconds: (performance.now() - started) / 1000,
      };
    }
    const sql = compileScorecardSql(options.scorecard, stats, {
      dialect: 'duckdb',
      table: '__chi_score_input',
      idColumn: 'customer_id',
    });
    const reader = await store.connection.runAndReadAll(
      `SELECT CAST(customer_id AS VARCHAR) AS customer_id, score, band, coverage, top_driver FROM (${sql}) ORDER BY customer_id`,
    );
    const cols = reader.getColumnsJS();
    const score = Float64Array.from(cols[1] ?? [], (v) => (v == null ? Number.NaN : Number(v)));
    const coverage = Float64Array.from(cols[3] ?? [], (v) => (v == null ? Number.NaN : Number(v)));
    return {
      engine,
      as_of: picked.asOf,
      customer_id: (cols[0] ?? []).map(String),
      score,
      band: (cols[2] ?? []).map((b) => String(b) as Band),
      coverage,
      top_driver: (cols[4] ?? []).map((d) => (d == null ? null : String(d))),
      stats,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await store.connection.run('DROP TABLE IF EXISTS __chi_score_input');
  }
}
