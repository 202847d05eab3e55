/**
 * @module Builds the seeded demo the browser tests run against: synthetic touchpoints, a DuckDB store file
 * with monthly snapshots and labels, and a small trained churn model as registry champion. Real packages
 * end to end; only the size is small so the suite stays fast.
 */
import path from 'node:path';
import {
  buildSnapshots,
  closeStore,
  generateSynthetic,
  ingestFiles,
  listSnapshotDates,
  openStore,
  readSnapshots,
  snapshotDates,
} from '@chi/data';
import { selectBackend, tableFromRows, trainChurnModel } from '@chi/model';

/** Files of a built demo. */
export interface DemoData {
  /** DuckDB store file with the `snapshots` table. */
  db: string;
  /** Model registry directory (champion set). */
  models: string;
  /** Scorecard file path (absent until a scorecard is saved). */
  scorecard: string;
  /** Snapshot dates, ascending. */
  dates: string[];
  /** Customers generated. */
  customers: number;
}

/**
 * Generates, ingests, snapshots and trains into `dir`.
 * @param dir - an empty working directory
 * @param options - `customers` [2000] and `seed` [7]
 * @returns paths of the store, registry and scorecard file
 */
export async function buildDemoData(
  dir: string,
  options: { customers?: number; seed?: number } = {},
): Promise<DemoData> {
  const customers = options.customers ?? 2000;
  await selectBackend();
  const raw = path.join(dir, 'raw');
  generateSynthetic({
    customers,
    seed: options.seed ?? 7,
    start: '2024-01-01',
    end: '2025-06-30',
    outDir: raw,
  });
  const db = path.join(dir, 'chi.duckdb');
  const store = await openStore(db);
  try {
    await ingestFiles(
      store,
      ['customers', 'orders', 'tickets', 'surveys', 'interactions'].map((t) => path.join(raw, `${t}.csv`)),
    );
    await buildSnapshots(store, { asOf: snapshotDates('2024-07-31', '2025-06-30', 30) });
    const dates = await listSnapshotDates(store);
    const rows = (await Promise.all(dates.map((asOf) => readSnapshots(store, { asOf })))).flat();
    const labelled = rows.filter((r) => r.churned !== null);
    const models = path.join(dir, 'models');
    await trainChurnModel({
      input: tableFromRows(labelled),
      label: 'churned',
      id: 'customer_id',
      time: 'as_of',
      exclude: ['window_days', 'horizon_days'],
      epochs: 6,
      patience: 3,
      seed: 42,
      hidden: [8],
      modelsDir: models,
      promote: true,
    });
    return { db, models, scorecard: path.join(dir, 'scorecard.json'), dates, customers };
  } finally {
    closeStore(store);
  }
}
