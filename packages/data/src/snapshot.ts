/**
 * @module Metric snapshots and churn labels, computed in SQL inside DuckDB with strict no look-ahead:
 * only events at or before `as_of` (the whole day) feed the metrics, only orders in (`as_of`,
 * `as_of + horizon`] and an explicit `churn_date` up to `as_of + horizon` feed the `churned` label, and the
 * label is empty when `as_of + horizon` lies beyond the store's data end (the last event day). BG/NBD
 * (`p_alive`, `expected_orders_next`) is fitted on the order history up to `as_of`, in days. Each
 * snapshot replaces any stored snapshot of the same `as_of` in the `snapshots` table.
 */
import { rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { type BgNbdParams, conditionalExpectedPurchases, fitBgNbd, pAlive } from '@chi/core';
import { DuckDBDoubleType, DuckDBIntegerType } from '@duckdb/node-api';
import { formatIsoDay, parseIsoDay } from './dates.js';
import { SnapshotError } from './errors.js';
import type { ProgressListener } from './progress.js';
import { SNAPSHOT_COLUMNS } from './schema.js';
import { queryRows, runWithProgress, type Store, sqlString } from './store.js';

/** Options of {@link buildSnapshots}. */
export interface SnapshotOptions {
  /** Snapshot dates, `YYYY-MM-DD` (one snapshot per date). */
  asOf: string[];
  /** [windowDays=90] Length of the metric window ending at `as_of`, days. */
  windowDays?: number;
  /** [horizonDays=90] Length of the outcome window after `as_of`, days. */
  horizonDays?: number;
  /** [observedUntil] Last day the data covers; default: the last event day in the store. */
  observedUntil?: string;
  /** [cadencePrior=3] Pseudo-gaps of the population median mixed into each customer's median gap. */
  cadencePrior?: number;
  /** [bgnbdSample=20000] Buyers (chosen by id hash) used to fit BG/NBD; every customer is scored. */
  bgnbdSample?: number;
  /** Progress listener: one unit per snapshot, plus DuckDB's progress inside each. */
  onProgress?: ProgressListener;
}

/** Summary of one built snapshot. */
export interface SnapshotSummary {
  asOf: string;
  /** Customers in the snapshot. */
  customers: number;
  /** Rows with an observed label, and how many of them churned. */
  labelled: number;
  churned: number;
  /** BG/NBD parameters fitted on the history up to `as_of` (null when too few buyers). */
  bgnbd: (BgNbdParams & { ll: number }) | null;
  seconds: number;
}

/** One row of a snapshot (as read back from the store). */
export interface SnapshotRow {
  customer_id: string;
  as_of: string;
  segment: string | null;
  churned: number | null;
  window_days: number;
  horizon_days: number;
  [metric: string]: string | number | null;
}

/** Options of {@link readSnapshots}. */
export interface ReadSnapshotsOptions {
  /** `'latest'` (default), or one `YYYY-MM-DD` date; omitted together with `customerId`: latest. */
  asOf?: 'latest' | string;
  /** One customer's rows; with no `asOf`, every snapshot of that customer (their history). */
  customerId?: string;
}

const SNAP = '__chi_snap';
const MIN_BUYERS_FOR_FIT = 20;
/** Starting point of the BG/NBD fit in days (rates of a few purchases a month, moderate dropout). */
const DEFAULT_START: BgNbdParams = { r: 0.5, alpha: 20, a: 0.8, b: 2.5 };

function metricsSql(
  asOf: string,
  windowDays: number,
  horizonDays: number,
  observedUntil: string,
  prior: number,
): string {
  const d = `DATE ${sqlString(asOf)}`;
  const end = `(${d} + INTERVAL 1 DAY)`; // exclusive upper bound of "at or before as_of"
  const cur = `(${end} - INTERVAL ${windowDays} DAY)`;
  const prev = `(${end} - INTERVAL ${2 * windowDays} DAY)`;
  const horizonEnd = `(${end} + INTERVAL ${horizonDays} DAY)`;
  const observed = `(${d} + INTERVAL ${horizonDays} DAY <= DATE ${sqlString(observedUntil)})`;
  return `
WITH o AS (SELECT customer_id, ts, amount, channel FROM orders WHERE ts < ${end}),
days AS (SELECT customer_id, list_sort(list(DISTINCT CAST(ts AS DATE))) AS d FROM o GROUP BY customer_id),
cad AS (SELECT customer_id, len(d) AS n_days, d[1] AS first_day, d[-1] AS last_day,
               list_median(g) AS median_gap, len(g) AS n_gaps
        FROM (SELECT customer_id, d, [d[i + 1] - d[i] for i in range(1, len(d))] AS g FROM days)),
pop AS (
  SELECT c.customer_id, c.segment, c.churn_date, COALESCE(c.signup_date, cad.first_day) AS start_day
  FROM customers c LEFT JOIN cad USING (customer_id)
  WHERE COALESCE(c.signup_date, cad.first_day) <= ${d} AND (c.churn_date IS NULL OR c.churn_date >= ${d})
),
pop_median AS (SELECT COALESCE(median(median_gap), 30) AS m FROM cad SEMI JOIN pop USING (customer_id) WHERE n_gaps > 0),
ow AS (SELECT customer_id,
         count(*) FILTER (WHERE ts >= ${cur}) AS orders_count,
         -- summed as decimals: exact, so the result does not depend on the order DuckDB's threads add rows in
         CAST(sum(CAST(amount AS DECIMAL(38, 6))) FILTER (WHERE ts >= ${cur}) AS DOUBLE) AS revenue,
         CAST(sum(CAST(amount AS DECIMAL(38, 6))) FILTER (WHERE ts >= ${prev} AND ts < ${cur}) AS DOUBLE) AS revenue_prev
       FROM o WHERE ts >= ${prev} GROUP BY customer_id),
sv AS (SELECT customer_id,
         arg_max(score, ts) FILTER (WHERE kind = 'nps') AS nps_last,
         avg(score) FILTER (WHERE kind = 'csat' AND ts >= ${cur}) AS csat_avg
       FROM surveys WHERE ts < ${end} GROUP BY customer_id),
tk AS (SELECT customer_id, count(*) AS tickets_count FROM tickets WHERE ts >= ${cur} AND ts < ${end} GROUP BY customer_id),
it AS (SELECT customer_id, count(*) AS interactions_count FROM interactions WHERE ts >= ${cur} AND ts < ${end} GROUP BY customer_id),
ch AS (SELECT customer_id, count(DISTINCT channel) AS channels_count FROM (
         SELECT customer_id, channel FROM o WHERE ts >= ${cur}
         UNION ALL SELECT customer_id, channel FROM interactions WHERE ts >= ${cur} AND ts < ${end}
         UNION ALL SELECT customer_id, channel FROM tickets WHERE ts >= ${cur} AND ts < ${end}
       ) WHERE channel IS NOT NULL GROUP BY customer_id),
fut AS (SELECT DISTINCT customer_id FROM orders WHERE ts >= ${end} AND ts < ${horizonEnd})
SELECT
  p.customer_id, ${d} AS as_of, p.segment,
  CAST(${d} - p.start_day AS INTEGER) AS tenure_days,
  sv.nps_last, sv.csat_avg,
  CAST(COALESCE(ow.orders_count, 0) AS INTEGER) AS orders_count,
  COALESCE(ow.revenue, 0) AS revenue,
  CASE WHEN COALESCE(ow.revenue, 0) + COALESCE(ow.revenue_prev, 0) > 0
       THEN (COALESCE(ow.revenue, 0) - COALESCE(ow.revenue_prev, 0)) / (COALESCE(ow.revenue, 0) + COALESCE(ow.revenue_prev, 0))
  END AS revenue_trend,
  CASE WHEN COALESCE(ow.orders_count, 0) > 0 THEN ow.revenue / ow.orders_count END AS avg_order_value,
  CAST(${d} - cad.last_day AS INTEGER) AS days_since_last_order,
  (COALESCE(cad.n_gaps, 0) * COALESCE(cad.median_gap, 0) + ${prior} * pm.m) / (COALESCE(cad.n_gaps, 0) + ${prior}) AS expected_interval_days,
  CAST(${d} - cad.last_day AS DOUBLE)
    / ((COALESCE(cad.n_gaps, 0) * COALESCE(cad.median_gap, 0) + ${prior} * pm.m) / (COALESCE(cad.n_gaps, 0) + ${prior})) AS recency_ratio,
  CAST(cad.n_days - 1 AS INTEGER) AS bg_x,
  CAST(cad.last_day - cad.first_day AS INTEGER) AS bg_tx,
  CAST(${d} - cad.first_day AS INTEGER) AS bg_t,
  CAST(COALESCE(tk.tickets_count, 0) AS INTEGER) AS tickets_count,
  CAST(COALESCE(it.interactions_count, 0) AS INTEGER) AS interactions_count,
  CAST(COALESCE(ch.channels_count, 0) AS INTEGER) AS channels_count,
  CASE WHEN NOT ${observed} THEN NULL
       WHEN p.churn_date IS NOT NULL AND p.churn_date <= ${d} + INTERVAL ${horizonDays} DAY THEN 1
       WHEN fut.customer_id IS NOT NULL THEN 0 ELSE 1 END AS churned
FROM pop p
CROSS JOIN pop_median pm
LEFT JOIN cad USING (customer_id)
LEFT JOIN ow USING (customer_id)
LEFT JOIN sv USING (customer_id)
LEFT JOIN tk USING (customer_id)
LEFT JOIN it USING (customer_id)
LEFT JOIN ch USING (customer_id)
LEFT JOIN fut USING (customer_id)`;
}

/** Last event day in the store (orders, tickets, surveys, interactions), or null when there are none. */
export async function dataEndDate(store: Store): Promise<string | null> {
  const rows = await queryRows(
    store,
    `SELECT CAST(max(m) AS VARCHAR) AS d FROM (
       SELECT max(ts) AS m FROM orders UNION ALL SELECT max(ts) FROM tickets
       UNION ALL SELECT max(ts) FROM surveys UNION ALL SELECT max(ts) FROM interactions)`,
  );
  const d = rows[0]?.d;
  return d == null ? null : String(d).slice(0, 10);
}

/** Fits BG/NBD on a hash-chosen sample of buyers and fills `p_alive` / `expected_orders_next` per (x, t_x, T). */
async function addBgNbd(
  store: Store,
  horizonDays: number,
  sample: number,
  initial: BgNbdParams,
): Promise<(BgNbdParams & { ll: number }) | null> {
  const fitRows = await store.connection.runAndReadAll(
    `SELECT bg_x, bg_tx, bg_t, count(*) AS w FROM (
       SELECT bg_x, bg_tx, bg_t FROM ${SNAP} WHERE bg_x IS NOT NULL AND bg_t > 0 ORDER BY hash(customer_id) LIMIT ${sample})
     GROUP BY ALL ORDER BY ALL`, // fixed order: the fit does not depend on hash-table order
  );
  const cols = fitRows.getColumnsJS() as number[][];
  const [fx = [], ftx = [], fT = [], fw = []] = cols.map((c) => c.map(Number));
  const buyers = fw.reduce((a, b) => a + b, 0);
  await store.connection.run(
    `CREATE OR REPLACE TEMP TABLE __chi_bg (bg_x INTEGER, bg_tx INTEGER, bg_t INTEGER, p_alive DOUBLE, expected_orders_next DOUBLE)`,
  );
  if (buyers < MIN_BUYERS_FOR_FIT) return null;
  let fit: ReturnType<typeof fitBgNbd>;
  try {
    fit = fitBgNbd({ frequency: fx, recency: ftx, T: fT, weights: fw }, { initial, tolerance: 1e-8 });
  } catch {
    return null;
  }
  const triples = await store.connection.runAndReadAll(
    `SELECT DISTINCT bg_x, bg_tx, bg_t FROM ${SNAP} WHERE bg_x IS NOT NULL`,
  );
  const [xs = [], txs = [], Ts = []] = (triples.getColumnsJS() as number[][]).map((c) => c.map(Number));
  const appender = await store.connection.createAppender('__chi_bg', 'main', 'temp');
  const int = DuckDBIntegerType.instance;
  const dbl = DuckDBDoubleType.instance;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    const tx = txs[i] as number;
    const T = Ts[i] as number;
    appender.appendValue(x, int);
    appender.appendValue(tx, int);
    appender.appendValue(Ts[i] as number, int);
    appender.appendValue(pAlive(fit, x, tx, T), dbl);
    appender.appendValue(conditionalExpectedPurchases(fit, horizonDays, x, tx, T), dbl);
    appender.endRow();
  }
  appender.closeSync();
  return { r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b, ll: fit.ll };
}

const STORED_COLUMNS = SNAPSHOT_COLUMNS.join(', ');

/**
 * Builds one snapshot per date, stores it in the `snapshots` table (replacing the same `as_of`).
 * @param store - read-write store with customers (and usually orders) ingested
 * @param options - dates, windows, horizon
 * @returns one summary per snapshot, in date order
 * @throws SnapshotError for invalid options or an empty store
 */
export async function buildSnapshots(store: Store, options: SnapshotOptions): Promise<SnapshotSummary[]> {
  const windowDays = options.windowDays ?? 90;
  const horizonDays = options.horizonDays ?? 90;
  const prior = options.cadencePrior ?? 3;
  const sample = options.bgnbdSample ?? 20_000;
  if (!(Number.isInteger(windowDays) && windowDays > 0))
    throw new SnapshotError(`windowDays: expected a positive integer, got ${windowDays}`);
  if (!(Number.isInteger(horizonDays) && horizonDays > 0))
    throw new SnapshotError(`horizonDays: expected a positive integer, got ${horizonDays}`);
  if (options.asOf.length === 0) throw new SnapshotError('asOf: expected at least one date');
  const dates = [...new Set(options.asOf.map((d) => formatIsoDay(parseIsoDay(d, 'asOf'))))].sort();
  const customers = Number((await queryRows(store, 'SELECT count(*) AS n FROM customers'))[0]?.n ?? 0);
  if (customers === 0) throw new SnapshotError('the store has no customers: ingest customers first');
  const observedUntil = options.observedUntil ?? (await dataEndDate(store)) ?? dates[dates.length - 1] ?? '';
  if (options.observedUntil) parseIsoDay(options.observedUntil, 'observedUntil');
  const out: SnapshotSummary[] = [];
  for (const [i, asOf] of dates.entries()) {
    const started = performance.now();
    const task = `snapshot ${asOf} (${i + 1}/${dates.length})`;
    await runWithProgress(
      store,
      `CREATE OR REPLACE TEMP TABLE ${SNAP} AS ${metricsSql(asOf, windowDays, horizonDays, observedUntil, prior)}`,
      task,
      options.onProgress,
    );
    // Every date starts from the same point, so a snapshot is the same built alone or in a series.
    const bgnbd = await addBgNbd(store, horizonDays, sample, DEFAULT_START);
    await store.connection.run('BEGIN TRANSACTION');
    try {
      await store.connection.run(`DELETE FROM snapshots WHERE as_of = DATE ${sqlString(asOf)}`);
      await store.connection.run(
        `INSERT INTO snapshots (${STORED_COLUMNS})
         SELECT s.customer_id, s.as_of, s.segment, s.tenure_days, s.nps_last, s.csat_avg, s.orders_count, s.revenue,
                s.revenue_trend, s.avg_order_value, s.days_since_last_order, s.expected_interval_days, s.recency_ratio,
                b.p_alive, b.expected_orders_next, s.tickets_count, s.interactions_count, s.channels_count, s.churned,
                ${windowDays}, ${horizonDays}
         FROM ${SNAP} s LEFT JOIN __chi_bg b USING (bg_x, bg_tx, bg_t)`,
      );
      await store.connection.run('COMMIT');
    } catch (error) {
      await store.connection.run('ROLLBACK');
      throw error;
    }
    const stats = (
      await queryRows(
        store,
        `SELECT count(*) AS n, count(churned) AS labelled, COALESCE(sum(churned), 0) AS churned FROM ${SNAP}`,
      )
    )[0] as Record<string, unknown>;
    await store.connection.run(`DROP TABLE ${SNAP}; DROP TABLE __chi_bg;`);
    out.push({
      asOf,
      customers: Number(stats.n),
      labelled: Number(stats.labelled),
      churned: Number(stats.churned),
      bgnbd,
      seconds: (performance.now() - started) / 1000,
    });
    options.onProgress?.({ task: 'snapshots', done: i + 1, total: dates.length, unit: 'snapshots' });
  }
  return out;
}

/**
 * Lists the `as_of` dates of the stored snapshots.
 * @returns ISO dates, ascending
 */
export async function listSnapshotDates(store: Store): Promise<string[]> {
  const rows = await queryRows(
    store,
    'SELECT DISTINCT CAST(as_of AS VARCHAR) AS d FROM snapshots ORDER BY d',
  );
  return rows.map((r) => String(r.d));
}

function toRow(r: Record<string, unknown>): SnapshotRow {
  const row: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(r)) {
    row[k] =
      v == null
        ? null
        : typeof v === 'bigint'
          ? Number(v)
          : typeof v === 'number' || typeof v === 'string'
            ? v
            : String(v);
  }
  return row as SnapshotRow;
}

/**
 * Reads stored snapshot rows: the latest snapshot, one date's, or one customer's history.
 * @param store - store (read-only is fine)
 * @param options - `asOf` ('latest' or a date), `customerId`
 * @returns rows ordered by as_of then customer_id; `as_of` as `YYYY-MM-DD`
 */
export async function readSnapshots(
  store: Store,
  options: ReadSnapshotsOptions = {},
): Promise<SnapshotRow[]> {
  const where: string[] = [];
  const asOf = options.asOf ?? (options.customerId === undefined ? 'latest' : undefined);
  if (asOf === 'latest') where.push('as_of = (SELECT max(as_of) FROM snapshots)');
  else if (asOf !== undefined)
    where.push(`as_of = DATE ${sqlString(formatIsoDay(parseIsoDay(asOf, 'asOf')))}`);
  if (options.customerId !== undefined) where.push(`customer_id = ${sqlString(options.customerId)}`);
  const cols = SNAPSHOT_COLUMNS.map((c) => (c === 'as_of' ? 'CAST(as_of AS VARCHAR) AS as_of' : c)).join(
    ', ',
  );
  const rows = await queryRows(
    store,
    `SELECT ${cols} FROM snapshots ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY as_of, customer_id`,
  );
  return rows.map(toRow);
}

/**
 * Writes stored snapshots to a CSV or Parquet file (by extension), atomically (temp file, then rename).
 * @param store - store holding the snapshots
 * @param file - `*.csv` or `*.parquet`
 * @param asOf - dates to write (default: all stored)
 * @returns rows written
 * @throws SnapshotError for another extension
 */
export async function writeSnapshotFile(store: Store, file: string, asOf?: string[]): Promise<number> {
  const ext = extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.parquet') {
    throw new SnapshotError(`out: expected a .csv or .parquet file, got "${file}"`);
  }
  const where = asOf?.length ? `WHERE as_of IN (${asOf.map((d) => `DATE ${sqlString(d)}`).join(', ')})` : '';
  const tmp = `${file}.tmp-${process.pid}${ext}`;
  const format = ext === '.csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet, COMPRESSION zstd)';
  try {
    const result = await store.connection.run(
      `COPY (SELECT ${STORED_COLUMNS} FROM snapshots ${where} ORDER BY as_of, customer_id) TO ${sqlString(tmp)} ${format}`,
    );
    await rename(tmp, file);
    return Number(result.rowsChanged);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
