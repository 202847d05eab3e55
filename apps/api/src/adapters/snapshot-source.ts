/**
 * @module Snapshot source over `@chi/data`: the latest snapshot in columns and one customer's history, read
 * from the DuckDB `snapshots` table. Queries run one at a time on the store's connection.
 */
import { type SnapshotRow as DataRow, readSnapshots, SNAPSHOT_METRICS, type Store } from '@chi/data';
import type { SnapshotColumns, SnapshotRow, SnapshotSource } from '../ports.js';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Converts snapshot rows (one date) to columns.
 *
 * @param rows - rows of one snapshot
 * @returns columns; metric NaN = missing
 */
export function rowsToColumns(rows: readonly DataRow[]): SnapshotColumns {
  const measures: Record<string, Float64Array> = {};
  for (const m of SNAPSHOT_METRICS) {
    const col = new Float64Array(rows.length);
    rows.forEach((r, i) => {
      col[i] = num(r[m]) ?? Number.NaN;
    });
    measures[m] = col;
  }
  return {
    asOf: rows[0]?.as_of ?? null,
    length: rows.length,
    customer_id: rows.map((r) => r.customer_id),
    segment: rows.map((r) => r.segment),
    measures,
  };
}

function toRow(r: DataRow): SnapshotRow {
  const metrics: Record<string, number | null> = {};
  for (const m of SNAPSHOT_METRICS) metrics[m] = num(r[m]);
  return { customer_id: r.customer_id, as_of: r.as_of, segment: r.segment, churned: num(r.churned), metrics };
}

/**
 * @param store - an open store (read-only is enough)
 * @param options - `closeStore`: close the store on `close()` [default false]
 * @returns the source
 */
export function createStoreSource(store: Store, options: { onClose?: () => void } = {}): SnapshotSource {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    latest: () => serial(async () => rowsToColumns(await readSnapshots(store))),
    history: (customerId) => serial(async () => (await readSnapshots(store, { customerId })).map(toRow)),
    close: () => options.onClose?.(),
  };
}
