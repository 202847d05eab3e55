/**
 * @module Test fixture: a real pipeline in miniature. Seeded synthetic touchpoints (`generateSynthetic`) are
 * ingested into an in-memory DuckDB store, monthly snapshots with labels are built, a small churn model is
 * trained into a temp registry, and an app is created over them. No part of the engine is mocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildSnapshots,
  closeStore,
  generateSynthetic,
  ingestFiles,
  listSnapshotDates,
  openStore,
  readSnapshots,
  type Store,
  snapshotDates,
} from '@chi/data';
import { readRegistry, selectBackend, tableFromRows, trainChurnModel } from '@chi/model';
import { pino } from 'pino';
import { createModelRepository } from '../adapters/model-registry.js';
import { createScorecardRepository } from '../adapters/scorecard-file.js';
import { createStoreSource } from '../adapters/snapshot-source.js';
import { createApp } from '../app.js';
import { type ApiConfig, DEFAULT_CONFIG } from '../config.js';
import type { ApiApp } from '../context.js';
import type { SnapshotSource } from '../ports.js';
import { Runtime } from '../runtime.js';

/** The built pipeline. */
export interface Pipeline {
  dir: string;
  store: Store;
  /** `:memory:` or the database file */
  dbPath: string;
  /** closes the store (to reopen the file read-only); `close()` then skips it */
  releaseStore(): void;
  modelsDir: string;
  /** snapshot dates, ascending */
  dates: string[];
  /** versions registered, the first one champion */
  versions: string[];
  close(): void;
}

/**
 * Generates, ingests, snapshots and trains.
 *
 * @param options - `customers` [300], `models` trained [1], `dbFile`: store in `<dir>/chi.duckdb` instead of memory
 * @returns the pipeline (`versions[0]` is the champion); `close()` removes the temp directory
 */
export async function buildPipeline(
  options: { customers?: number; models?: number; dbFile?: boolean } = {},
): Promise<Pipeline> {
  await selectBackend();
  const dir = mkdtempSync(path.join(tmpdir(), 'chi-api-'));
  const raw = path.join(dir, 'raw');
  generateSynthetic({
    customers: options.customers ?? 300,
    seed: 11,
    start: '2024-01-01',
    end: '2025-06-30',
    outDir: raw,
  });
  const dbPath = options.dbFile ? path.join(dir, 'chi.duckdb') : ':memory:';
  const store = await openStore(dbPath);
  await ingestFiles(
    store,
    ['customers', 'orders', 'tickets', 'surveys', 'interactions'].map((t) => path.join(raw, `${t}.csv`)),
  );
  await buildSnapshots(store, { asOf: snapshotDates('2024-07-31', '2025-06-30', 61) });
  const dates = await listSnapshotDates(store);
  const rows = (await Promise.all(dates.map((asOf) => readSnapshots(store, { asOf })))).flat();
  const labelled = rows.filter((r) => r.churned !== null);
  const modelsDir = path.join(dir, 'models');
  const versions: string[] = [];
  for (let k = 0; k < (options.models ?? 1); k++) {
    const result = await trainChurnModel({
      input: tableFromRows(labelled),
      label: 'churned',
      id: 'customer_id',
      time: 'as_of',
      exclude: ['window_days', 'horizon_days'],
      epochs: 6,
      patience: 3,
      seed: 42 + k,
      hidden: [8],
      modelsDir,
      promote: k === 0,
    });
    versions.push(result.version);
  }
  const champion = readRegistry(modelsDir).champion;
  versions.sort((a, b) => (a === champion ? -1 : b === champion ? 1 : 0));
  let open = true;
  const releaseStore = () => {
    if (open) closeStore(store);
    open = false;
  };
  return {
    dir,
    store,
    dbPath,
    releaseStore,
    modelsDir,
    dates,
    versions,
    close: () => {
      releaseStore();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An app over a pipeline. */
export interface TestApp {
  app: ApiApp;
  runtime: Runtime;
  source: SnapshotSource;
  scorecardFile: string;
}

/**
 * Creates an app over the pipeline's store and registry and loads its state.
 *
 * @param p - pipeline
 * @param config - settings overrides (keys, CORS, body limit)
 * @returns the app, loaded
 */
export async function createTestApp(p: Pipeline, config: Partial<ApiConfig> = {}): Promise<TestApp> {
  const logger = pino({ level: 'silent' });
  const source = createStoreSource(p.store);
  const scorecardFile = path.join(p.dir, `scorecard-${Math.random().toString(36).slice(2)}.json`);
  const runtime = new Runtime({
    source,
    scorecards: createScorecardRepository(scorecardFile),
    models: createModelRepository(p.modelsDir),
    logger,
  });
  await runtime.start();
  const app = createApp({ runtime, source, logger, config: { ...DEFAULT_CONFIG, ...config } });
  return { app, runtime, source, scorecardFile };
}
