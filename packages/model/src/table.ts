/**
 * @module Column-oriented tables: the shape every step of the model package reads. CSV files are read
 * with danfojs-node; plain row objects (snapshot rows from the API) convert with {@link tableFromRows}.
 */
import { existsSync } from 'node:fs';
import { DataError } from './errors.js';

/** A column-oriented table: `data[column][row]`, all columns of equal `length`. */
export interface Table {
  columns: string[];
  data: Record<string, unknown[]>;
  length: number;
}

/**
 * Builds a table from row objects; the columns are the union of every row's keys (first-seen order).
 *
 * @param rows - plain objects, e.g. metric snapshot rows
 * @returns the same values, column-oriented; absent keys become `null`
 */
export function tableFromRows(rows: ReadonlyArray<Record<string, unknown>>): Table {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const data: Record<string, unknown[]> = {};
  for (const column of columns) data[column] = rows.map((row) => row[column] ?? null);
  return { columns, data, length: rows.length };
}

/**
 * Selects rows of a table by index.
 *
 * @param table - source table
 * @param indices - row indices, in the order wanted
 * @returns a new table with `indices.length` rows
 */
export function takeRows(table: Table, indices: ArrayLike<number>): Table {
  const data: Record<string, unknown[]> = {};
  for (const column of table.columns) {
    const source = table.data[column] ?? [];
    const out = new Array<unknown>(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = source[indices[i] as number];
    data[column] = out;
  }
  return { columns: [...table.columns], data, length: indices.length };
}

/**
 * Reads one column, failing with the column name when it is absent.
 *
 * @param table - source table
 * @param column - column name
 * @returns the column's values
 */
export function columnOf(table: Table, column: string): unknown[] {
  const values = table.data[column];
  if (!values) {
    throw new DataError(`column "${column}" not found; the input has: ${table.columns.join(', ')}`);
  }
  return values;
}

/**
 * Reads a CSV file with danfojs-node (header row, comma separated, types inferred per column).
 * Parquet files (`.parquet`) are read with embedded DuckDB.
 *
 * @param file - path of a `.csv` or `.parquet` file
 * @returns the file as a table
 */
export async function readTable(file: string): Promise<Table> {
  if (!existsSync(file)) throw new DataError(`input file not found: ${file}`);
  if (/\.parquet$/i.test(file)) return readParquet(file);
  const dfd = await import('danfojs-node');
  let frame: { columns: string[]; shape: number[]; column: (name: string) => { values: unknown[] } };
  try {
    // papaparse option (danfo passes its config through): blank lines are not rows
    const config = { skipEmptyLines: 'greedy' } as unknown as Parameters<typeof dfd.readCSV>[1];
    frame = (await dfd.readCSV(file, config)) as unknown as typeof frame;
  } catch (error) {
    throw new DataError(
      `cannot read ${file} as CSV: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  const columns = frame.columns.map(String);
  if (columns.length < 2) throw new DataError(`${file}: expected a header row with at least two columns`);
  const data: Record<string, unknown[]> = {};
  for (const column of columns) data[column] = [...frame.column(column).values];
  return { columns, data, length: frame.shape[0] ?? 0 };
}

async function readParquet(file: string): Promise<Table> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`,
    );
    const columns = reader.columnNames();
    const rows = reader.getRowObjectsJS() as Array<Record<string, unknown>>;
    const table = tableFromRows(rows);
    return { ...table, columns };
  } catch (error) {
    throw new DataError(
      `cannot read ${file} as Parquet: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  } finally {
    connection.closeSync();
  }
}
