/** @module Tests of reading CSV (danfojs-node) and Parquet (DuckDB) into tables. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable, tableFromRows, takeRows } from './table.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'chi-table-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readTable', () => {
  it('reads a CSV with quoted commas, blank cells and a trailing blank line', async () => {
    const file = path.join(dir, 'a.csv');
    writeFileSync(file, 'id,plan,spend,left\nA1,"basic, monthly",12.5,Yes\nA2,pro,,No\n\n');
    const table = await readTable(file);
    expect(table.columns).toEqual(['id', 'plan', 'spend', 'left']);
    expect(table.length).toBe(2);
    expect(table.data.plan).toEqual(['basic, monthly', 'pro']);
    expect(table.data.spend?.[0]).toBe(12.5);
  });
  it('reads Parquet through DuckDB', async () => {
    const file = path.join(dir, 'b.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    await connection.run(
      `COPY (SELECT 'C' || i AS customer_id, i * 1.5 AS revenue, i % 2 AS churned FROM range(5) t(i)) TO '${file}' (FORMAT parquet)`,
    );
    connection.closeSync();
    const table = await readTable(file);
    expect(table.columns).toEqual(['customer_id', 'revenue', 'churned']);
    expect(table.data.revenue).toEqual([0, 1.5, 3, 4.5, 6]);
    expect(table.length).toBe(5);
  });
  it('names a missing file', async () => {
    await expect(readTable(path.join(dir, 'nope.csv'))).rejects.toThrow(/input file not found: .*nope\.csv/);
  });
});

describe('row tables', () => {
  it('builds columns from the union of row keys and selects rows by index', () => {
    const table = tableFromRows([{ a: 1 }, { a: 2, b: 'x' }]);
    expect(table.columns).toEqual(['a', 'b']);
    expect(table.data.b).toEqual([null, 'x']);
    expect(takeRows(table, [1]).data.a).toEqual([2]);
  });
});
