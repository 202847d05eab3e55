/**
 * @module The DuckDB store: one embedded database file (or `:memory:`) holding the touchpoint tables of
 * the data contract, the `snapshots` table and the log of ingested files. Opens read-write (creating the
 * tables) or read-only (for servers reading a file another process writes between runs).
 */
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { StoreError } from './errors.js';
import type { ProgressListener } from './progress.js';
import { SCHEMA_SQL } from './schema.js';

/** An open store: the DuckDB instance and one connection. Close it with {@link closeStore}. */
export interface Store {
  /** Path of the database file, or `:memory:`. */
  readonly path: string;
  /** True when opened with `readOnly`; writes then fail. */
  readonly readOnly: boolean;
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** [readOnly=false] Open without write access (the file must exist and have been created by CHI). */
  readOnly?: boolean;
  /** [threads] DuckDB worker threads (default: DuckDB's choice, all cores). */
  threads?: number;
  /** [memoryLimit] DuckDB memory limit, e.g. `'2GB'`. */
  memoryLimit?: string;
}

/**
 * Opens (and, read-write, initialises) a store.
 * @param path - database file (default `./chi.duckdb` is the CLI's choice) or `':memory:'`
 * @param options - read-only mode, threads, memory limit
 * @returns the open store
 * @throws StoreError when the file cannot be opened (missing in read-only mode, locked by a writer, ...)
 */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  const readOnly = options.readOnly ?? false;
  if (readOnly && path === ':memory:') throw new StoreError('a :memory: store cannot be opened read-only');
  const config: Record<string, string> = {};
  if (readOnly) config.access_mode = 'READ_ONLY';
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, config);
  } catch (error) {
    throw new StoreError(`cannot open store ${path}${readOnly ? ' read-only' : ''}: ${String(error)}`, {
      cause: error,
    });
  }
  const connection = await instance.connect();
  const store: Store = { path, readOnly, instance, connection };
  // Timestamps are stored as UTC wall time; offsets in input are converted with this session zone.
  await connection.run("SET TimeZone = 'UTC'");
  if (!readOnly) await connection.run(SCHEMA_SQL);
  return store;
}

/** Closes the connection and the database (flushes the file). */
export function closeStore(store: Store): void {
  store.connection.closeSync();
  store.instance.closeSync();
}

/**
 * Runs a query and returns its rows as plain JS objects (BIGINT as bigint, DATE/TIMESTAMP as JS values
 * via `getRowObjectsJS`).
 * @param store - open store
 * @param sql - SQL text, `$name` or `?` placeholders
 * @param params - values for the placeholders
 */
export async function queryRows(
  store: Store,
  sql: string,
  params?: DuckDBValue[] | Record<string, DuckDBValue>,
): Promise<Record<string, unknown>[]> {
  const reader = await store.connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

/**
 * Runs a statement while polling DuckDB's query progress, reporting `percentage` as done out of 100.
 * @param store - open store
 * @param sql - statement
 * @param task - task name for the listener
 * @param onProgress - listener (optional; without it this is a plain `run`)
 * @param params - placeholder values
 */
export async function runWithProgress(
  store: Store,
  sql: string,
  task: string,
  onProgress?: ProgressListener,
  params?: DuckDBValue[] | Record<string, DuckDBValue>,
): Promise<void> {
  if (!onProgress) {
    await store.connection.run(sql, params);
    return;
  }
  await store.connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false;');
  const timer = setInterval(() => {
    const p = store.connection.progress;
    if (p.percentage >= 0) onProgress({ task, done: Math.round(p.percentage), total: 100, unit: '%' });
  }, 250);
  try {
    await store.connection.run(sql, params);
  } finally {
    clearInterval(timer);
  }
  onProgress({ task, done: 100, total: 100, unit: '%' });
}

/** Quotes a string as a SQL literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Quotes an identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
