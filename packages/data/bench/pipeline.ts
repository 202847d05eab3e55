/**
 * @module Benchmark of the data pipeline. First the generator's target: `generateSynthetic` for 100,000
 * customers over two years (2024-01-01 to 2025-12-31) against the 60 s of issue 3. Then generate → ingest →
 * snapshot for N customers (default 1,000,000, about 20M touchpoint rows), against a bare DuckDB
 * `GROUP BY customer_id` over the same orders measured in the same run; then the default scorecard over the
 * same snapshot rows in DuckDB SQL against `scoreBatch`, each warmed up once and timed as the median of
 * `--repeat` runs.
 *
 * Usage: `npm run bench -w @chi/data -- [--customers 1000000] [--seed 1] [--repeat 5] [--generate-only] [--keep]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compileScorecardSql, DEFAULT_SCORECARD, fitScorecard, scoreBatch } from '@chi/core';
import {
  buildSnapshots,
  closeStore,
  generateSynthetic,
  ingestFiles,
  loadSnapshotColumns,
  openStore,
  queryRows,
  type Store,
} from '../src/index.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    repeat: { type: 'string', default: '5' },
    'generate-only': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const repeat = Number(values.repeat);
if (!(Number.isInteger(repeat) && repeat > 0))
  throw new Error(`--repeat: expected an integer > 0, got ${values.repeat}`);
const customers = Number(values.customers);
if (!(Number.isInteger(customers) && customers > 0))
  throw new Error(`--customers: expected an integer > 0, got ${values.customers}`);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (ms: number) => (ms / 1000).toFixed(2);

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

/** One warm-up run, then the median wall time of `repeat` runs, ms; the warm-up's time as `cold`. */
async function warmMedian(fn: () => Promise<unknown> | unknown): Promise<{ median: number; cold: number }> {
  const [, cold] = await timed(fn);
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) times.push((await timed(fn))[1]);
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const median =
    times.length % 2 ? (times[mid] as number) : ((times[mid - 1] as number) + (times[mid] as number)) / 2;
  return { median, cold };
}

/** Generator target of issue 3: 100k customers over two years in under a minute. */
const GENERATE_TARGET = { customers: 100_000, start: '2024-01-01', end: '2025-12-31', seconds: 60 };

async function scalar(store: Store, sql: string): Promise<number> {
  return Number(Object.values((await queryRows(store, sql))[0] ?? {})[0]);
}

/** Times the generator on the target size into a temporary directory, removed afterwards. */
async function measureGenerateTarget(): Promise<void> {
  const target = mkdtempSync(join(tmpdir(), 'chi-bench-generate-'));
  try {
    const [small, smallMs] = await timed(() =>
      generateSynthetic({
        customers: GENERATE_TARGET.customers,
        seed: Number(values.seed),
        start: GENERATE_TARGET.start,
        end: GENERATE_TARGET.end,
        outDir: target,
      }),
    );
    const smallRows = Object.values(small.rows).reduce((a, b) => a + b, 0);
    console.log(
      `generate target (${fmt(GENERATE_TARGET.customers)} customers, ${GENERATE_TARGET.start} to ${GENERATE_TARGET.end}): ${secs(smallMs)} s for ${fmt(smallRows)} rows; / ${GENERATE_TARGET.seconds} s target = ${(smallMs / 1000 / GENERATE_TARGET.seconds).toFixed(2)}`,
    );
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}

/** Generate → ingest → snapshot → scorecard for `customers` customers. */
async function pipeline(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chi-bench-'));
  const raw = join(dir, 'raw');
  console.log(`# @chi/data pipeline benchmark: ${fmt(customers)} customers (work dir ${dir})`);
  try {
    const [gen, genMs] = await timed(() =>
      generateSynthetic({ customers, seed: Number(values.seed), outDir: raw }),
    );
    const touchpoints = Object.values(gen.rows).reduce((a, b) => a + b, 0);
    console.log(
      `generate: ${secs(genMs)} s, ${fmt(touchpoints)} rows (${fmt(gen.rows.orders)} orders), ${fmt(touchpoints / (genMs / 1000))} rows/s`,
    );

    const store = await openStore(join(dir, 'chi.duckdb'));
    try {
      // Baseline 1: DuckDB reading the same orders CSV and grouping by customer, nothing else.
      const [, rawGroupMs] = await timed(() =>
        store.connection.run(
          `CREATE TEMP TABLE b1 AS SELECT customer_id, count(*) AS n, sum(amount) AS revenue, max(ts) AS last
           FROM read_csv('${join(raw, 'orders.csv')}', header = true) GROUP BY customer_id`,
        ),
      );
      const files = ['customers', 'orders', 'tickets', 'surveys', 'interactions'].map((t) =>
        join(raw, `${t}.csv`),
      );
      const [results, ingestMs] = await timed(() => ingestFiles(store, files));
      const ordersIngest = results.find((r) => r.table === 'orders');
      console.log(
        `ingest (validated, transactional, all tables): ${secs(ingestMs)} s, ${fmt(touchpoints / (ingestMs / 1000))} rows/s`,
      );
      for (const r of results)
        console.log(`  ${r.table}: ${fmt(r.rowsRead)} rows in ${r.seconds.toFixed(2)} s`);
      console.log(
        `baseline read_csv + GROUP BY customer_id over orders.csv: ${secs(rawGroupMs)} s; orders ingest / baseline = ${(((ordersIngest?.seconds ?? 0) * 1000) / rawGroupMs).toFixed(1)}x`,
      );

      // Baseline 2: GROUP BY customer_id over the stored orders table.
      const [, groupMs] = await timed(() =>
        store.connection.run(
          `CREATE TEMP TABLE b2 AS SELECT customer_id, count(*) AS n, sum(amount) AS revenue, max(ts) AS last
           FROM orders WHERE ts < DATE '2025-07-01' GROUP BY customer_id`,
        ),
      );
      const [snap, snapMs] = await timed(() => buildSnapshots(store, { asOf: ['2025-06-30'] }));
      const stored = await scalar(
        store,
        'SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM tickets) + (SELECT count(*) FROM surveys) + (SELECT count(*) FROM interactions)',
      );
      console.log(
        `snapshot 2025-06-30 (metrics, labels, BG/NBD): ${secs(snapMs)} s for ${fmt(snap[0]?.customers ?? 0)} customers, ${fmt(stored / (snapMs / 1000))} touchpoint rows/s`,
      );
      console.log(
        `baseline GROUP BY customer_id over stored orders: ${secs(groupMs)} s; snapshot / baseline = ${(snapMs / groupMs).toFixed(1)}x`,
      );
      console.log(
        `ingest + snapshot: ${secs(ingestMs + snapMs)} s, ${fmt(touchpoints / ((ingestMs + snapMs) / 1000))} rows/s; / (both baselines) = ${((ingestMs + snapMs) / (rawGroupMs + groupMs)).toFixed(1)}x`,
      );

      // Scorecard on the same snapshot rows: DuckDB SQL vs scoreBatch in JS (statistics fitted once).
      const columns = await loadSnapshotColumns(store, { asOf: 'latest' });
      const stats = fitScorecard(columns, DEFAULT_SCORECARD);
      const js = await warmMedian(() => scoreBatch(columns, DEFAULT_SCORECARD, stats));
      await store.connection.run(
        "CREATE TEMP TABLE score_input AS SELECT * FROM snapshots WHERE as_of = DATE '2025-06-30'",
      );
      const sql = compileScorecardSql(DEFAULT_SCORECARD, stats, {
        dialect: 'duckdb',
        table: 'score_input',
        idColumn: 'customer_id',
      });
      const sqlRun = await warmMedian(() =>
        store.connection.run(`CREATE OR REPLACE TEMP TABLE scored AS ${sql}`),
      );
      const [jsMs, sqlMs] = [js.median, sqlRun.median];
      console.log(
        `scorecard on ${fmt(columns.length)} rows (every customer known at 2025-06-30; warm, median of ${repeat}): scoreBatch (JS) ${secs(jsMs)} s (${fmt(columns.length / (jsMs / 1000))} rows/s), DuckDB SQL ${secs(sqlMs)} s (${fmt(columns.length / (sqlMs / 1000))} rows/s); SQL / JS = ${(sqlMs / jsMs).toFixed(2)}x; first (cold) runs: JS ${secs(js.cold)} s, SQL ${secs(sqlRun.cold)} s`,
      );
      console.log(`peak RSS: ${fmt(process.resourceUsage().maxRSS / 1024)} MB`);
    } finally {
      closeStore(store);
    }
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

await measureGenerateTarget();
if (!values['generate-only']) await pipeline();
