/**
 * @module Validated ingest of touchpoint files (CSV with sniffed delimiter and BOM, Parquet, NDJSON) into the
 * store. Each file is read by DuckDB's own readers into a staging table, checked against every rule of the
 * data contract, and loaded in one transaction: a file with any violation loads nothing. Re-ingesting rows
 * already in the store adds nothing (customers are replaced by id; an event equal to a stored one on every
 * contract column is skipped, whatever its extra attributes).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { IngestError, type IngestProblem } from './errors.js';
import type { ProgressListener } from './progress.js';
import { type ColumnSpec, TABLE_COLUMNS, TOUCHPOINT_TABLES, type TouchpointTable } from './schema.js';
import { queryRows, runWithProgress, type Store, sqlIdent, sqlString } from './store.js';

/** File formats the ingest reads. */
export type TouchpointFormat = 'csv' | 'parquet' | 'ndjson';

/** Options of {@link ingestFiles}. */
export interface IngestOptions {
  /** Table to load every file into, instead of the table named by each file name. */
  table?: TouchpointTable;
  /** Format of every file, instead of the one given by each file's extension. */
  format?: TouchpointFormat;
  /** [maxProblems=20] How many problems an {@link IngestError} lists (the total is always counted). */
  maxProblems?: number;
  /** Progress listener (reading and loading phases of each file). */
  onProgress?: ProgressListener;
}

/** What one file added to the store. */
export interface IngestResult {
  file: string;
  table: TouchpointTable;
  format: TouchpointFormat;
  /** Rows read from the file. */
  rowsRead: number;
  /** Rows added to the store (0 when every row was already there; for customers, ids not seen before). */
  rowsAdded: number;
  /** Wall time, seconds. */
  seconds: number;
}

const STAGE = '__chi_stage';
const TYPED = '__chi_typed';

/**
 * Detects a file's format from its extension (`.csv`, `.tsv`, `.txt`, `.parquet`, `.ndjson`, `.jsonl`,
 * `.json`; `.gz` allowed after text formats).
 * @throws IngestError for an unknown extension
 */
export function detectFormat(file: string): TouchpointFormat {
  const name = basename(file).toLowerCase().replace(/\.gz$/, '');
  if (/\.(csv|tsv|txt)$/.test(name)) return 'csv';
  if (name.endsWith('.parquet')) return 'parquet';
  if (/\.(ndjson|jsonl|json)$/.test(name)) return 'ndjson';
  throw fileProblem(file, 'unknown file type: expected .csv, .tsv, .parquet, .ndjson, .jsonl or .json');
}

/**
 * Names the table a file loads into: its base name without extensions (`orders.csv` → `orders`), or the
 * part before a `-` or `_` (`orders-2024-05.parquet` → `orders`).
 * @throws IngestError when the name is not one of the touchpoint tables
 */
export function tableForFile(file: string): TouchpointTable {
  const stem = basename(file).split('.')[0]?.toLowerCase() ?? '';
  const table = TOUCHPOINT_TABLES.find(
    (t) => stem === t || stem.startsWith(`${t}-`) || stem.startsWith(`${t}_`),
  );
  if (!table) {
    throw fileProblem(
      file,
      `cannot tell the table from the file name "${basename(file)}": expected one of ${TOUCHPOINT_TABLES.join(', ')} (or pass a table)`,
    );
  }
  return table;
}

function fileProblem(file: string, rule: string, field = ''): IngestError {
  return new IngestError(file, [{ file, line: 0, column: 0, field, rule }], 1);
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function readerSql(file: string, format: TouchpointFormat): string {
  const path = sqlString(file);
  switch (format) {
    case 'csv':
      return `read_csv(${path}, all_varchar = true, header = true, store_rejects = true, rejects_scan = '__chi_rejects_scan', rejects_table = '__chi_rejects')`;
    case 'parquet':
      return `read_parquet(${path})`;
    case 'ndjson':
      return `read_json(${path}, format = 'newline_delimited')`;
  }
}

/**
 * SQL expression parsing a trimmed VARCHAR as a UTC TIMESTAMP (ISO 8601 date or date-time). A time with an
 * offset (`Z`, `+02:00`, `-0530`) is converted to UTC; without one it is taken as UTC. The (slower)
 * time-zone-aware cast only runs on values that carry an offset.
 */
export function timestampExpr(v: string): string {
  return `CASE WHEN regexp_matches(${v}, '\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?\\s*([Zz]|[+-]\\d\\d(:?\\d\\d)?)$')
    THEN CAST(TRY_CAST(${v} AS TIMESTAMPTZ) AS TIMESTAMP) ELSE TRY_CAST(${v} AS TIMESTAMP) END`;
}

/** Name of the staged column holding the parsed value of a known column. */
const parsed = (name: string): string => sqlIdent(`__parsed_${name}`);

/** Parsing expression of a known column from its trimmed text, or null when the text is stored as is. */
function parseExpr(spec: ColumnSpec, x: string): string | null {
  switch (spec.kind) {
    case 'date':
      return `CAST(${timestampExpr(x)} AS DATE)`;
    case 'timestamp':
      return timestampExpr(x);
    case 'amount':
    case 'survey_score':
      return `TRY_CAST(${x} AS DOUBLE)`;
    case 'survey_kind':
      return `lower(${x})`;
    default:
      return null;
  }
}

/**
 * Staging query: every file column as trimmed text (empty = NULL), plus each known column parsed once
 * into `__parsed_<name>`, so validation and loading share one parse.
 */
function stageSql(file: string, format: TouchpointFormat, table: TouchpointTable, columns: string[]): string {
  // trim() is costly on millions of values; it only runs where a value starts or ends with a space.
  const text = columns.map((c) => {
    const v = `CAST(${sqlIdent(c)} AS VARCHAR)`;
    return `NULLIF(CASE WHEN ${v} LIKE ' %' OR ${v} LIKE '% ' THEN trim(${v}) ELSE ${v} END, '') AS ${sqlIdent(c)}`;
  });
  const parses = TABLE_COLUMNS[table].flatMap((spec) => {
    if (!columns.includes(spec.name)) return [];
    const expr = parseExpr(spec, sqlIdent(spec.name));
    return expr ? [`${expr} AS ${parsed(spec.name)}`] : [];
  });
  const inner = `SELECT ${text.join(', ')} FROM ${readerSql(file, format)}`;
  return parses.length ? `SELECT *, ${parses.join(', ')} FROM (${inner})` : inner;
}

/** One rule as SQL: a predicate flagging bad rows and the message shown for them. */
interface RuleSql {
  column: string;
  predicate: string;
  message: string;
}

function rulesFor(table: TouchpointTable, present: Set<string>): RuleSql[] {
  const rules: RuleSql[] = [];
  for (const spec of TABLE_COLUMNS[table]) {
    if (!present.has(spec.name)) continue;
    const x = sqlIdent(spec.name);
    if (spec.required) {
      rules.push({ column: spec.name, predicate: `${x} IS NULL`, message: `'${spec.name} is required'` });
    }
    rules.push(...kindRules(spec, x, `' (got "' || ${x} || '")'`));
  }
  if (table === 'customers' && present.has('churn_date') && present.has('signup_date')) {
    rules.push({
      column: 'churn_date',
      predicate: `${parsed('churn_date')} < ${parsed('signup_date')}`,
      message: `'churn_date ' || churn_date || ' is before signup_date ' || signup_date`,
    });
  }
  if (table === 'customers') {
    rules.push({
      column: 'customer_id',
      predicate: 'customer_id IS NOT NULL AND __dup > 1',
      message: `'customer_id "' || customer_id || '" appears more than once in the file'`,
    });
  } else {
    rules.push({
      column: 'customer_id',
      predicate: 'customer_id IS NOT NULL AND __known IS NULL',
      message: `'customer_id "' || customer_id || '" is not a known customer (ingest customers first)'`,
    });
  }
  return rules;
}

function kindRules(spec: ColumnSpec, x: string, got: string): RuleSql[] {
  const c = spec.name;
  const p = parsed(c);
  switch (spec.kind) {
    case 'date':
    case 'timestamp':
      return [
        {
          column: c,
          predicate: `${x} IS NOT NULL AND ${p} IS NULL`,
          message: `'${c} is not a parseable date (expected ISO 8601, e.g. 2024-05-31 or 2024-05-31T14:05:00)' || ${got}`,
        },
      ];
    case 'amount':
      return [
        {
          column: c,
          predicate: `${x} IS NOT NULL AND (${p} IS NULL OR NOT isfinite(${p}) OR ${p} < 0)`,
          message: `'${c} must be a number >= 0' || ${got}`,
        },
      ];
    case 'survey_kind':
      return [
        {
          column: c,
          predicate: `${x} IS NOT NULL AND ${p} NOT IN ('nps', 'csat')`,
          message: `'${c} must be nps or csat' || ${got}`,
        },
      ];
    case 'survey_score': {
      const kind = parsed('kind');
      return [
        {
          column: c,
          predicate: `${x} IS NOT NULL AND ${kind} = 'nps' AND (${p} IS NULL OR ${p} <> round(${p}) OR ${p} < 0 OR ${p} > 10)`,
          message: `'nps ${c} must be an integer 0-10' || ${got}`,
        },
        {
          column: c,
          predicate: `${x} IS NOT NULL AND ${kind} = 'csat' AND (${p} IS NULL OR ${p} <> round(${p}) OR ${p} < 1 OR ${p} > 5)`,
          message: `'csat ${c} must be an integer 1-5' || ${got}`,
        },
      ];
    }
    default:
      return [];
  }
}

function typedSelect(table: TouchpointTable, columns: string[]): string {
  const known = new Set(TABLE_COLUMNS[table].map((c) => c.name));
  const select = TABLE_COLUMNS[table].map((spec) => {
    if (!columns.includes(spec.name)) return `CAST(NULL AS ${spec.sqlType}) AS ${spec.name}`;
    const source = parseExpr(spec, 'x') ? parsed(spec.name) : sqlIdent(spec.name);
    return `${source} AS ${spec.name}`;
  });
  const extras = columns.filter((c) => !known.has(c));
  const attributes = extras.length
    ? `to_json(struct_pack(${extras.map((c) => `${sqlIdent(c)} := ${sqlIdent(c)}`).join(', ')}))`
    : 'CAST(NULL AS JSON)';
  return `SELECT ${[...select, `${attributes} AS attributes`].join(', ')} FROM ${STAGE}`;
}

/** SQL loading the typed staging table `__chi_typed` into `table` without duplicating rows already stored. */
export function insertSql(table: TouchpointTable): string {
  const cols = [...TABLE_COLUMNS[table].map((c) => c.name), 'attributes'];
  const list = cols.join(', ');
  if (table === 'customers') {
    return `DELETE FROM customers WHERE customer_id IN (SELECT customer_id FROM ${TYPED});
      INSERT INTO customers (${list}) SELECT ${list} FROM ${TYPED};`;
  }
  const same = cols
    .filter((c) => c !== 'customer_id' && c !== 'ts' && c !== 'attributes')
    .map((c) => `o.${c} IS NOT DISTINCT FROM s.${c}`)
    .join(' AND ');
  return `INSERT INTO ${table} (${list}) SELECT ${cols.map((c) => `s.${c}`).join(', ')} FROM ${TYPED} s
    WHERE NOT EXISTS (SELECT 1 FROM ${table} o WHERE o.customer_id = s.customer_id AND o.ts = s.ts AND ${same});`;
}

async function count(store: Store, sql: string): Promise<number> {
  const rows = await queryRows(store, sql);
  return Number(Object.values(rows[0] ?? {})[0] ?? 0);
}

/** Validates the staged rows; returns the first problems and the total count. */
async function validateStage(
  store: Store,
  file: string,
  table: TouchpointTable,
  columns: string[],
  lineOffset: number,
  maxProblems: number,
): Promise<{ problems: IngestProblem[]; total: number }> {
  const missing = TABLE_COLUMNS[table].filter((c) => c.required && !columns.includes(c.name));
  if (missing.length > 0) {
    const problems = missing.map((c) => ({
      file,
      line: 1,
      column: 0,
      field: c.name,
      rule: `missing required column ${c.name} (found: ${columns.join(', ')})`,
    }));
    return { problems, total: problems.length };
  }
  const rules = rulesFor(table, new Set(columns));
  // One scan: a cheap OR of all rules finds the bad rows; only there each rule becomes a nullable struct,
  // the non-null ones being the row's problems.
  const base =
    table === 'customers'
      ? `(SELECT rowid AS __row, *, row_number() OVER (PARTITION BY customer_id ORDER BY rowid) AS __dup FROM ${STAGE})`
      : `(SELECT s.rowid AS __row, s.*, k.customer_id AS __known FROM ${STAGE} s
          LEFT JOIN customers k ON k.customer_id = s.customer_id)`;
  const checks = rules
    .map(
      (r) =>
        `CASE WHEN ${r.predicate} THEN {'col': ${columns.indexOf(r.column) + 1}, 'field': ${sqlString(r.column)}, 'rule': ${r.message}} END`,
    )
    .join(', ');
  await store.connection.run(
    `CREATE OR REPLACE TEMP TABLE __chi_problems AS
     SELECT row_index, p.col AS col, p.field AS field, p.rule AS rule FROM (
       SELECT __row AS row_index, unnest(list_filter([${checks}], x -> x IS NOT NULL)) AS p
       FROM ${base} WHERE ${rules.map((r) => `(${r.predicate})`).join(' OR ')})`,
  );
  const total = await count(store, 'SELECT count(*) FROM __chi_problems');
  const rows = await queryRows(
    store,
    `SELECT row_index, col, field, rule FROM __chi_problems ORDER BY row_index, col LIMIT ${maxProblems}`,
  );
  await store.connection.run('DROP TABLE __chi_problems');
  const problems = rows.map((r) => ({
    file,
    line: Number(r.row_index) + lineOffset,
    column: Number(r.col),
    field: String(r.field),
    rule: String(r.rule),
  }));
  return { problems, total };
}

/** Structural CSV errors (wrong number of fields, bad quoting) recorded by DuckDB's rejects table. */
async function csvRejects(
  store: Store,
  file: string,
  maxProblems: number,
): Promise<{ problems: IngestProblem[]; total: number }> {
  const total = await count(store, 'SELECT count(*) FROM __chi_rejects');
  const rows = await queryRows(
    store,
    `SELECT line, column_idx, column_name, error_type, error_message FROM __chi_rejects ORDER BY line LIMIT ${maxProblems}`,
  );
  const problems = rows.map((r) => ({
    file,
    line: Number(r.line),
    column: Number(r.column_idx ?? 0),
    field: String(r.column_name ?? ''),
    rule: `malformed CSV row (${String(r.error_type).toLowerCase().replaceAll('_', ' ')}): ${String(r.error_message).split('\n')[0]}`,
  }));
  return { problems, total };
}

/**
 * Ingests one file in one transaction.
 * @param store - read-write store
 * @param file - path of the file
 * @param options - table/format overrides, problem limit, progress
 * @returns rows read and added
 * @throws IngestError listing `file:line:column rule` problems; the store is then unchanged
 */
export async function ingestFile(
  store: Store,
  file: string,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const started = performance.now();
  const format = options.format ?? detectFormat(file);
  const table = options.table ?? tableForFile(file);
  const maxProblems = options.maxProblems ?? 20;
  try {
    await stat(file);
  } catch (error) {
    throw new IngestError(
      file,
      [{ file, line: 0, column: 0, field: '', rule: 'file not found or unreadable' }],
      1,
      {
        cause: error,
      },
    );
  }
  const digest = await sha256(file);
  const task = `ingest ${basename(file)}`;
  await store.connection.run('DROP TABLE IF EXISTS __chi_rejects; DROP TABLE IF EXISTS __chi_rejects_scan;');
  // Staged outside the transaction: a temporary table holds no store data, and committed row ids are the
  // file's row order (transaction-local ids are not), which gives the line numbers.
  let columns: string[];
  try {
    // Described with the same options as the staging read, so the sniffed columns are the same.
    columns = (await queryRows(store, `DESCRIBE SELECT * FROM ${readerSql(file, format)}`)).map((r) =>
      String(r.column_name),
    );
    await store.connection.run(
      'DROP TABLE IF EXISTS __chi_rejects; DROP TABLE IF EXISTS __chi_rejects_scan;',
    );
    await runWithProgress(
      store,
      `CREATE OR REPLACE TEMP TABLE ${STAGE} AS ${stageSql(file, format, table, columns)}`,
      task,
      options.onProgress,
    );
  } catch (error) {
    const message = String(error instanceof Error ? error.message : error)
      .split('\n')
      .slice(0, 3)
      .join(' ');
    throw new IngestError(
      file,
      [{ file, line: 0, column: 0, field: '', rule: `unreadable ${format}: ${message}` }],
      1,
      { cause: error },
    );
  }
  await store.connection.run('BEGIN TRANSACTION');
  let committed = false;
  try {
    const rowsRead = await count(store, `SELECT count(*) FROM ${STAGE}`);
    const rejects =
      format === 'csv' ? await csvRejects(store, file, maxProblems) : { problems: [], total: 0 };
    const found =
      rejects.total > 0
        ? rejects
        : await validateStage(store, file, table, columns, format === 'csv' ? 2 : 1, maxProblems);
    if (found.total > 0) throw new IngestError(file, found.problems, found.total);
    await store.connection.run(`CREATE OR REPLACE TEMP VIEW ${TYPED} AS ${typedSelect(table, columns)}`);
    const before = await count(store, `SELECT count(*) FROM ${table}`);
    const load =
      before === 0 && table !== 'customers'
        ? `INSERT INTO ${table} SELECT * FROM ${TYPED}`
        : insertSql(table);
    await runWithProgress(store, load, `${task} (load)`, options.onProgress);
    const after = await count(store, `SELECT count(*) FROM ${table}`);
    const rowsAdded = after - before; // customers: new ids (known ones are replaced in place)
    await store.connection.run(
      `INSERT INTO ingested_files VALUES (${sqlString(file)}, ${sqlString(table)}, ${sqlString(digest)}, ${rowsRead}, ${rowsAdded}, now()::TIMESTAMP)`,
    );
    await store.connection.run(`DROP VIEW ${TYPED}; DROP TABLE ${STAGE};`);
    await store.connection.run('COMMIT');
    committed = true;
    return { file, table, format, rowsRead, rowsAdded, seconds: (performance.now() - started) / 1000 };
  } finally {
    if (!committed) {
      await store.connection.run('ROLLBACK');
      await store.connection.run(`DROP VIEW IF EXISTS ${TYPED}; DROP TABLE IF EXISTS ${STAGE};`);
    }
  }
}

/**
 * Ingests files in dependency order (customers first), each in its own transaction. Stops at the first
 * rejected file: files before it stay loaded, the rejected file and those after it are not.
 * @param store - read-write store
 * @param files - file paths
 * @param options - table/format overrides, problem limit, progress
 * @returns one result per file, in the order loaded
 * @throws IngestError for the first file that breaks a rule
 */
export async function ingestFiles(
  store: Store,
  files: string[],
  options: IngestOptions = {},
): Promise<IngestResult[]> {
  const rank = (f: string): number => TOUCHPOINT_TABLES.indexOf(options.table ?? tableForFile(f));
  const ordered = [...files].sort((a, b) => rank(a) - rank(b));
  const results: IngestResult[] = [];
  for (const file of ordered) results.push(await ingestFile(store, file, options));
  return results;
}
