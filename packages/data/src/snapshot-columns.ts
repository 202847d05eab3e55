/**
 * @module Snapshot rows as columns for batch scoring and models: typed arrays per metric (NaN = missing),
 * ids, segments and labels, read from the store's `snapshots` table or from a snapshot file (CSV/Parquet).
 */
import type { MetricColumns } from '@chi/core';
import { SnapshotError } from './errors.js';
import { SNAPSHOT_METRICS } from './schema.js';
import { queryRows, type Store, sqlString } from './store.js';

/** A snapshot as columns: `MetricColumns` for `scoreBatch`, plus `as_of` and the `churned` label. */
export interface SnapshotColumns extends MetricColumns {
  customer_id: string[];
  segment: (string | null)[];
  /** `as_of` per row, `YYYY-MM-DD`. */
  as_of: string[];
  /** 1 churned, 0 stayed, NaN when the horizon is not observed. */
  churned: Float64Array;
}

/**
 * SQL relation reading a snapshot source: a `.csv` / `.parquet` file path (or, with `relation`, any table
 * or subquery already in the store), or the store's `snapshots` table at one `as_of` (`latest` = newest).
 */
export function snapshotRelation(
  source: { file: string; relation?: string } | { asOf: 'latest' | string },
): string {
  if ('file' in source) {
    if (source.relation) return source.relation;
    const lower = source.file.toLowerCase();
    if (lower.endsWith('.parquet')) return `read_parquet(${sqlString(source.file)})`;
    if (lower.endsWith('.csv'))
      return `read_csv(${sqlString(source.file)}, header = true, auto_detect = true)`;
    throw new SnapshotError(`input: expected a .csv or .parquet snapshot file, got "${source.file}"`);
  }
  const at =
    source.asOf === 'latest' ? '(SELECT max(as_of) FROM snapshots)' : `DATE ${sqlString(source.asOf)}`;
  return `(SELECT * FROM snapshots WHERE as_of = ${at})`;
}

/**
 * Loads a snapshot as columns.
 * @param store - any open store (a `:memory:` one is enough for files)
 * @param source - a file or a stored `as_of`
 * @returns columns in customer order (as_of, customer_id)
 * @throws SnapshotError when the source lacks `customer_id` or is empty
 */
export async function loadSnapshotColumns(
  store: Store,
  source: { file: string; relation?: string } | { asOf: 'latest' | string },
): Promise<SnapshotColumns> {
  const relation = snapshotRelation(source);
  let names: string[];
  try {
    names = (await queryRows(store, `DESCRIBE SELECT * FROM ${relation}`)).map((r) => String(r.column_name));
  } catch (error) {
    throw new SnapshotError(`cannot read snapshot: ${String(error)}`, { cause: error });
  }
  if (!names.includes('customer_id')) {
    throw new SnapshotError(`snapshot has no customer_id column (found: ${names.join(', ')})`);
  }
  const metrics = SNAPSHOT_METRICS.filter((m) => names.includes(m));
  const select = [
    'CAST(customer_id AS VARCHAR) AS customer_id',
    names.includes('segment') ? 'CAST(segment AS VARCHAR) AS segment' : 'NULL AS segment',
    names.includes('as_of') ? 'CAST(as_of AS VARCHAR) AS as_of' : 'NULL AS as_of',
    names.includes('churned') ? 'CAST(churned AS DOUBLE) AS churned' : 'CAST(NULL AS DOUBLE) AS churned',
    ...metrics.map((m) => `CAST(${m} AS DOUBLE) AS ${m}`),
  ];
  const reader = await store.connection.runAndReadAll(
    `SELECT ${select.join(', ')} FROM ${relation} ORDER BY as_of, customer_id`,
  );
  const cols = reader.getColumnsJS();
  const length = reader.currentRowCount;
  const toFloat = (values: unknown[] | undefined): Float64Array => {
    const out = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const v = values?.[i];
      out[i] = v == null ? Number.NaN : Number(v);
    }
    return out;
  };
  const measures: Record<string, Float64Array> = {};
  metrics.forEach((m, i) => {
    measures[m] = toFloat(cols[4 + i]);
  });
  return {
    length,
    customer_id: (cols[0] ?? []).map(String),
    segment: (cols[1] ?? []).map((v) => (v == null ? null : String(v))),
    as_of: (cols[2] ?? []).map((v) => (v == null ? '' : String(v))),
    churned: toFloat(cols[3]),
    measures,
  };
}
