/**
 * @module `chi demo` (root `npm start`): when `.chi/` holds no data or model, generates a seeded synthetic
 * retailer, ingests it into `.chi/chi.duckdb`, builds monthly snapshots with churn labels and trains the
 * churn model into `.chi/models`; then serves the API and the web app on one port. A second run reuses
 * whatever exists. Every step prints its progress.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  buildSnapshots,
  closeStore,
  generateSynthetic,
  ingestFiles,
  listSnapshotDates,
  openStore,
  queryRows,
  readSnapshots,
  snapshotDates,
  TOUCHPOINT_TABLES,
} from '@chi/data';
import { readRegistry, tableFromRows, trainChurnModel } from '@chi/model';
import type { Command } from 'commander';
import { createProgress } from './data-progress.js';
import { defaultWebDir, serveUntilStopped } from './serve.js';
import { startBackend } from './train.js';

/** Options of `chi demo`. */
export interface DemoOptions {
  dir: string;
  customers: number;
  seed: number;
  start: string;
  end: string;
  every: number;
  epochs: number;
  /** most labelled rows to train on: the latest snapshots are kept whole until the limit */
  trainRows: number;
  port: number;
  serve: boolean;
}

const step = (n: number, text: string) => console.error(`[${n}/5] ${text}`);
const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/**
 * Builds what is missing under `dir`: raw files, store with snapshots, champion model.
 *
 * @param opts - demo options
 * @returns paths of the store and the registry
 */
export async function prepareDemo(opts: DemoOptions): Promise<{ db: string; models: string }> {
  const raw = path.join(opts.dir, 'raw');
  const db = path.join(opts.dir, 'chi.duckdb');
  const models = path.join(opts.dir, 'models');
  const files = TOUCHPOINT_TABLES.map((t) => path.join(raw, `${t}.csv`));

  let t0 = performance.now();
  if (files.every((f) => existsSync(f))) step(1, `touchpoints: reusing ${raw}`);
  else {
    step(
      1,
      `generating ${opts.customers.toLocaleString('en-US')} customers, ${opts.start}..${opts.end} (seed ${opts.seed})`,
    );
    const progress = createProgress();
    const r = generateSynthetic({
      customers: opts.customers,
      seed: opts.seed,
      start: opts.start,
      end: opts.end,
      outDir: raw,
      onProgress: progress.listener,
    });
    progress.stop();
    console.error(
      `      ${Object.entries(r.rows)
        .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
        .join(', ')} (${seconds(t0)})`,
    );
  }

  t0 = performance.now();
  const store = await openStore(db);
  try {
    const [row] = await queryRows(store, 'SELECT count(*) AS n FROM customers');
    if (Number(row?.n ?? 0) > 0) step(2, `store: reusing ${db}`);
    else {
      step(2, `ingesting into ${db}`);
      const progress = createProgress();
      await ingestFiles(store, files, { onProgress: progress.listener });
      progress.stop();
      console.error(`      ingested (${seconds(t0)})`);
    }
    t0 = performance.now();
    let dates = await listSnapshotDates(store);
    if (dates.length > 0) step(3, `snapshots: reusing ${dates.length} (${dates[0]}..${dates.at(-1)})`);
    else {
      const asOf = snapshotDates(addDays(opts.start, 180), opts.end, opts.every);
      if (asOf.at(-1) !== opts.end) asOf.push(opts.end);
      step(3, `building ${asOf.length} snapshots ${asOf[0]}..${asOf.at(-1)} with 90-day churn labels`);
      const progress = createProgress();
      await buildSnapshots(store, { asOf, onProgress: progress.listener });
      progress.stop();
      dates = await listSnapshotDates(store);
      console.error(`      ${dates.length} snapshots (${seconds(t0)})`);
    }

    t0 = performance.now();
    if (existsSync(path.join(models, 'registry.json')) && readRegistry(models).champion) {
      step(4, `model: reusing champion ${readRegistry(models).champion}`);
    } else {
      await startBackend(undefined, false);
      // the latest labelled snapshots, whole, up to trainRows rows (older history adds little but time)
      const labelled: Awaited<ReturnType<typeof readSnapshots>> = [];
      const used: string[] = [];
      for (const asOf of [...dates].reverse()) {
        const rows = (await readSnapshots(store, { asOf })).filter((r) => r.churned !== null);
        if (rows.length === 0) continue;
        if (labelled.length > 0 && labelled.length + rows.length > opts.trainRows) break;
        labelled.push(...rows);
        used.push(asOf);
      }
      step(
        4,
        `training the churn model on ${labelled.length.toLocaleString('en-US')} labelled rows from ${used.length} snapshots (${used.at(-1)}..${used[0]})`,
      );
      const result = await trainChurnModel({
        input: tableFromRows(labelled),
        source: `${db} snapshots`,
        label: 'churned',
        id: 'customer_id',
        time: 'as_of',
        exclude: ['window_days', 'horizon_days'],
        epochs: opts.epochs,
        modelsDir: models,
        promote: true,
        onEpoch: (stage, log, total) => {
          if (log.epoch === 1 || log.epoch % 5 === 0 || log.epoch === total) {
            console.error(
              `      ${stage === 'baseline' ? 'logistic baseline' : 'MLP'} epoch ${log.epoch}/${total} loss ${log.loss.toFixed(4)} val_loss ${log.val_loss.toFixed(4)}`,
            );
          }
        },
      });
      console.error(
        `      model ${result.version}: test ROC-AUC ${result.test.roc_auc.toFixed(3)} (baseline ${result.baseline.roc_auc.toFixed(3)}) (${seconds(t0)})`,
      );
    }
  } finally {
    closeStore(store);
  }
  return { db, models };
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--${name}: expected a non-negative integer, got "${value}"`);
    return n;
  };
}

/** Registers `chi demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('Generate, ingest, snapshot and train what is missing under .chi/, then serve API + web app')
    .option('--dir <dir>', 'working directory', '.chi')
    .option('--customers <n>', 'customers to generate', integer('customers'), 20_000)
    .option('--seed <n>', 'random seed', integer('seed'), 42)
    .option('--start <date>', 'first simulated day', '2024-01-01')
    .option('--end <date>', 'last simulated day (the latest snapshot)', '2025-12-31')
    .option('--every <days>', 'days between snapshots', integer('every'), 30)
    .option('--epochs <n>', 'most training epochs', integer('epochs'), 40)
    .option(
      '--train-rows <n>',
      'most labelled rows to train on (latest snapshots first)',
      integer('train-rows'),
      100_000,
    )
    .option('--port <n>', 'TCP port', integer('port'), 8787)
    .option('--no-serve', 'prepare the data and model only')
    .action(async (opts: DemoOptions) => {
      const t0 = performance.now();
      const { db, models } = await prepareDemo(opts);
      if (!opts.serve) {
        step(5, `ready in ${seconds(t0)}: ${db}, ${models}`);
        return;
      }
      const web = defaultWebDir();
      step(5, `serving${web ? ' API + web app' : ' API (web app not built: npm run build)'}`);
      await serveUntilStopped({
        db,
        models,
        scorecard: path.join(opts.dir, 'scorecard.json'),
        ...(web ? { web } : {}),
        port: opts.port,
        host: '127.0.0.1',
        // the demo terminal shows progress and the URL; request logs only with CHI_LOG_LEVEL=info
        logLevel: 'warn',
      });
    });
}
