/**
 * @module Inputs of the BG/NBD cadence model: a per-customer summary (frequency, recency, T) read from a
 * CSV/Parquet file, or computed from the store's orders up to a date (in days, one purchase per day).
 */
import type { BgNbdSummary } from '@chi/core';
import { SnapshotError } from './errors.js';
import { queryRows, type Store, sqlString } from './store.js';

/** A BG/NBD summary with the customer ids it came from. */
export interface CadenceSummary extends BgNbdSummary {
  customerId: string[];
  frequency: number[];
  recency: number[];
  T: number[];
}

/**
 * Reads a summary file with columns `frequency`, `recency`, `T` (any case; an id column `ID`/`customer_id`
 * is optional), as in the `lifetimes` CDNOW summary.
 * @param store - any open store (`:memory:` is enough)
 * @param file - `.csv` or `.parquet`
 * @throws SnapshotError naming the missing column or the first bad row (1-based line of a CSV)
 */
export async function readCadenceSummary(store: Store, file: string): Promise<CadenceSummary> {
  const relation = file.toLowerCase().endsWith('.parquet')
    ? `read_parquet(${sqlString(file)})`
    : `read_csv(${sqlString(file)}, header = true, all_varchar = true)`;
  let names: string[];
  try {
    names = (await queryRows(store, `DESCRIBE SELECT * FROM ${relation}`)).map((r) => String(r.column_name));
  } catch (error) {
    throw new SnapshotError(`${file}: cannot read summary: ${String(error)}`, { cause: error });
  }
  const find = (...wanted: string[]): string | undefined =>
    names.find((n) => wanted.includes(n.toLowerCase()));
  const x = find('frequency', 'x');
  const tx = find('recency', 't_x');
  const T = find('t');
  const id = find('id', 'customer_id');
  for (const [col, name] of [
    [x, 'frequency'],
    [tx, 'recency'],
    [T, 'T'],
  ] as const) {
    if (!col) throw new SnapshotError(`${file}: missing column ${name} (found: ${names.join(', ')})`);
  }
  const q = (c: string) => `"${c.replaceAll('"', '""')}"`;
  const rows = await queryRows(
    store,
    `SELECT ${id ? `CAST(${q(id)} AS VARCHAR)` : 'CAST(rowid + 1 AS VARCHAR)'} AS id, TRY_CAST(${q(x as string)} AS DOUBLE) AS x,
            TRY_CAST(${q(tx as string)} AS DOUBLE) AS tx, TRY_CAST(${q(T as string)} AS DOUBLE) AS t FROM ${relation}`,
  );
  const out: CadenceSummary = { customerId: [], frequency: [], recency: [], T: [] };
  rows.forEach((r, i) => {
    const [xv, txv, tv] = [r.x, r.tx, r.t].map((v) => (v == null ? Number.NaN : Number(v))) as [
      number,
      number,
      number,
    ];
    if (!(Number.isInteger(xv) && xv >= 0 && txv >= 0 && tv >= txv)) {
      throw new SnapshotError(
        `${file}:${i + 2}: expected integer frequency >= 0 and 0 <= recency <= T, got frequency ${r.x}, recency ${r.tx}, T ${r.t}`,
      );
    }
    out.customerId.push(String(r.id));
    out.frequency.push(xv);
    out.recency.push(txv);
    out.T.push(tv);
  });
  if (out.frequency.length === 0) throw new SnapshotError(`${file}: the summary has no rows`);
  return out;
}

/**
 * Computes the BG/NBD summary of every customer with an order at or before `asOf`, in days: frequency =
 * distinct order days − 1, recency = last − first order day, T = `asOf` − first order day.
 * @param store - store with orders
 * @param asOf - `YYYY-MM-DD`
 */
export async function cadenceSummaryFromStore(store: Store, asOf: string): Promise<CadenceSummary> {
  const d = `DATE ${sqlString(asOf)}`;
  const rows = await queryRows(
    store,
    `SELECT customer_id, count(DISTINCT CAST(ts AS DATE)) - 1 AS x,
            max(CAST(ts AS DATE)) - min(CAST(ts AS DATE)) AS tx, ${d} - min(CAST(ts AS DATE)) AS t
     FROM orders WHERE ts < ${d} + INTERVAL 1 DAY GROUP BY customer_id ORDER BY customer_id`,
  );
  return {
    customerId: rows.map((r) => String(r.customer_id)),
    frequency: rows.map((r) => Number(r.x)),
    recency: rows.map((r) => Number(r.tx)),
    T: rows.map((r) => Number(r.t)),
  };
}
