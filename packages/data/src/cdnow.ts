/**
 * @module Loader of the CDNOW master file (Fader & Hardie's CD-store transactions, as shipped by the
 * `lifetimes` package): whitespace-separated `customer_id date number_of_cds dollar_value`, date as
 * yyyymmdd. Loads one customer per id (signup = first purchase, segment `cdnow`) and one order per row
 * (`attributes.cds` = number of CDs), in one transaction, with the same no-duplicates guarantee as ingest.
 */
import { basename } from 'node:path';
import { IngestError } from './errors.js';
import { insertSql } from './ingest.js';
import type { ProgressListener } from './progress.js';
import { queryRows, runWithProgress, type Store, sqlString } from './store.js';

/** What {@link ingestCdnow} loaded. */
export interface CdnowResult {
  file: string;
  /** Transaction rows read. */
  rowsRead: number;
  /** Customers in the file. */
  customers: number;
  /** Orders added (0 when the file was already loaded). */
  ordersAdded: number;
  seconds: number;
}

const RAW = '__chi_cdnow';

/**
 * Loads the CDNOW master file as customers + orders.
 * @param store - read-write store
 * @param file - path of `CDNOW_master.txt` (header line, then `id yyyymmdd cds dollars` per line)
 * @param onProgress - optional progress listener
 * @throws IngestError naming `file:line:column` for a malformed line; nothing is loaded then
 */
export async function ingestCdnow(
  store: Store,
  file: string,
  onProgress?: ProgressListener,
): Promise<CdnowResult> {
  const started = performance.now();
  try {
    await runWithProgress(
      store,
      `CREATE OR REPLACE TEMP TABLE ${RAW}_lines AS
       SELECT raw FROM read_csv(${sqlString(file)}, columns = {'raw': 'VARCHAR'}, delim = '\\x01', quote = '', escape = '', header = true);
       CREATE OR REPLACE TEMP TABLE ${RAW} AS
       SELECT rowid + 2 AS line, regexp_split_to_array(trim(raw), '\\s+') AS f FROM ${RAW}_lines WHERE trim(raw) <> '';
       DROP TABLE ${RAW}_lines;`,
      `ingest ${basename(file)}`,
      onProgress,
    );
  } catch (error) {
    throw new IngestError(
      file,
      [{ file, line: 0, column: 0, field: '', rule: `unreadable: ${String(error)}` }],
      1,
      {
        cause: error,
      },
    );
  }
  const bad = await queryRows(
    store,
    `SELECT line, CASE WHEN len(f) <> 4 THEN 0
       WHEN TRY_STRPTIME(f[2], '%Y%m%d') IS NULL THEN 2
       WHEN TRY_CAST(f[3] AS INTEGER) IS NULL THEN 3 ELSE 4 END AS col, len(f) AS n
     FROM ${RAW}
     WHERE len(f) <> 4 OR TRY_STRPTIME(f[2], '%Y%m%d') IS NULL OR TRY_CAST(f[3] AS INTEGER) IS NULL
        OR TRY_CAST(f[4] AS DOUBLE) IS NULL OR TRY_CAST(f[4] AS DOUBLE) < 0
     ORDER BY line`,
  );
  if (bad.length > 0) {
    const rules = [
      'expected 4 whitespace-separated fields',
      '',
      'date must be yyyymmdd',
      'number_of_cds must be an integer',
      'dollar_value must be a number >= 0',
    ];
    const fields = ['', 'customer_id', 'date', 'number_of_cds', 'dollar_value'];
    const problems = bad.slice(0, 20).map((r) => {
      const col = Number(r.col);
      const n = Number(r.n);
      // A wrong field count points at the first missing field, or at the first extra one.
      const column = col === 0 ? Math.min(n + 1, 5) : col;
      return {
        file,
        line: Number(r.line),
        column,
        field: fields[column] ?? '',
        rule: col === 0 ? `${rules[0]} (got ${n})` : (rules[col] ?? 'malformed line'),
      };
    });
    await store.connection.run(`DROP TABLE ${RAW}`);
    throw new IngestError(file, problems, bad.length);
  }
  await store.connection.run('BEGIN TRANSACTION');
  let committed = false;
  try {
    await store.connection.run(
      `CREATE OR REPLACE TEMP TABLE __chi_typed AS
       SELECT f[1] AS customer_id, min(CAST(STRPTIME(f[2], '%Y%m%d') AS DATE)) AS signup_date, 'cdnow' AS segment,
              CAST(NULL AS DATE) AS churn_date, CAST(NULL AS JSON) AS attributes
       FROM ${RAW} GROUP BY f[1]`,
    );
    const customers = Number((await queryRows(store, 'SELECT count(*) AS n FROM __chi_typed'))[0]?.n ?? 0);
    await store.connection.run(insertSql('customers'));
    await store.connection.run(
      `CREATE OR REPLACE TEMP TABLE __chi_typed AS
       SELECT f[1] AS customer_id, STRPTIME(f[2], '%Y%m%d') AS ts, CAST(f[4] AS DOUBLE) AS amount,
              CAST(NULL AS VARCHAR) AS channel, to_json({'cds': CAST(f[3] AS INTEGER)}) AS attributes
       FROM ${RAW}`,
    );
    const rowsRead = Number((await queryRows(store, 'SELECT count(*) AS n FROM __chi_typed'))[0]?.n ?? 0);
    const before = Number((await queryRows(store, 'SELECT count(*) AS n FROM orders'))[0]?.n ?? 0);
    await store.connection.run(insertSql('orders'));
    const after = Number((await queryRows(store, 'SELECT count(*) AS n FROM orders'))[0]?.n ?? 0);
    await store.connection.run(`DROP TABLE __chi_typed; DROP TABLE ${RAW};`);
    await store.connection.run('COMMIT');
    committed = true;
    return {
      file,
      rowsRead,
      customers,
      ordersAdded: after - before,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (!committed) {
      await store.connection.run('ROLLBACK');
      await store.connection.run(`DROP TABLE IF EXISTS __chi_typed; DROP TABLE IF EXISTS ${RAW};`);
    }
  }
}
