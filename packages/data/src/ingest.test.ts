/** @module Tests of validated ingest: every rule rejects its bad-file fixture and leaves the store unchanged. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestCdnow } from './cdnow.js';
import { IngestError } from './errors.js';
import { ingestFile, ingestFiles, tableForFile } from './ingest.js';
import type { TouchpointTable } from './schema.js';
import { closeStore, openStore, queryRows, type Store } from './store.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const CDNOW = fileURLToPath(new URL('../../../datasets/lifetimes_CDNOW_master.txt', import.meta.url));
const good = (name: string) => join(FIXTURES, 'good', name);
const bad = (name: string) => join(FIXTURES, 'bad', name);

/** Every row of every table, as text: equal before and after means the store did not change. */
async function dump(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const t of ['customers', 'orders', 'tickets', 'surveys', 'interactions', 'ingested_files']) {
    const rows = await queryRows(store, `SELECT * FROM ${t} ORDER BY ALL`);
    parts.push(`${t}:${JSON.stringify(rows, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  }
  return parts.join('\n');
}

async function rejection(store: Store, file: string, table?: TouchpointTable): Promise<IngestError> {
  const before = await dump(store);
  const error = await ingestFile(store, file, table ? { table } : {}).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IngestError);
  expect(await dump(store)).toBe(before);
  return error as IngestError;
}

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
  await ingestFiles(store, [good('customers.csv'), good('orders.csv'), good('surveys.ndjson')]);
});
afterEach(() => closeStore(store));

describe('loading valid files', () => {
  it('detects the semicolon delimiter and the BOM, parses ISO timestamps with offsets, keeps extra columns', async () => {
    const rows = await queryRows(
      store,
      `SELECT customer_id, CAST(ts AS VARCHAR) AS ts, amount, channel, CAST(attributes AS VARCHAR) AS attributes FROM orders ORDER BY ts`,
    );
    expect(rows).toEqual([
      {
        customer_id: 'c1',
        ts: '2024-03-01 10:00:00',
        amount: 25.5,
        channel: 'web',
        attributes: '{"coupon":"SPRING"}',
      },
      {
        customer_id: 'c2',
        ts: '2024-03-02 00:00:00',
        amount: 120,
        channel: 'phone',
        attributes: '{"coupon":null}',
      },
      {
        customer_id: 'c1',
        ts: '2024-03-20 09:30:00',
        amount: 30,
        channel: 'store',
        attributes: '{"coupon":null}',
      },
    ]);
  });

  it('converts timestamps with a UTC offset to UTC and takes those without one as UTC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-ingest-'));
    const file = join(dir, 'interactions.csv');
    writeFileSync(
      file,
      'customer_id,ts,channel\nc1,2024-05-01T10:00:00+02:00,web\nc1,2024-05-01 10:00:00-0530,app\nc1,2024-05-01T10:00:00.250Z,chat\nc1,2024-05-02,email\n',
    );
    await ingestFiles(store, [file]);
    const rows = await queryRows(
      store,
      'SELECT channel, CAST(ts AS VARCHAR) AS ts FROM interactions ORDER BY channel',
    );
    expect(rows).toEqual([
      { channel: 'app', ts: '2024-05-01 15:30:00' },
      { channel: 'chat', ts: '2024-05-01 10:00:00.25' },
      { channel: 'email', ts: '2024-05-02 00:00:00' },
      { channel: 'web', ts: '2024-05-01 08:00:00' },
    ]);
  });

  it('loads NDJSON and normalises the survey kind to lower case', async () => {
    const rows = await queryRows(store, 'SELECT customer_id, kind, score FROM surveys ORDER BY customer_id');
    expect(rows).toEqual([
      { customer_id: 'c1', kind: 'nps', score: 9 },
      { customer_id: 'c2', kind: 'csat', score: 4 },
    ]);
  });

  it('loads Parquet files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-ingest-'));
    const file = join(dir, 'tickets.parquet');
    await store.connection.run(
      `COPY (SELECT 'c3' AS customer_id, TIMESTAMP '2024-04-01 08:00:00' AS ts, 'chat' AS channel, 'high' AS severity) TO '${file}' (FORMAT parquet)`,
    );
    const [result] = await ingestFiles(store, [file]);
    expect(result).toMatchObject({ table: 'tickets', format: 'parquet', rowsRead: 1, rowsAdded: 1 });
    expect(await queryRows(store, 'SELECT customer_id, severity FROM tickets')).toEqual([
      { customer_id: 'c3', severity: 'high' },
    ]);
  });

  it('adds no duplicates when the same files are ingested again', async () => {
    const again = await ingestFiles(store, [
      good('orders.csv'),
      good('customers.csv'),
      good('surveys.ndjson'),
    ]);
    expect(again.map((r) => [r.table, r.rowsAdded])).toEqual([
      ['customers', 0],
      ['orders', 0],
      ['surveys', 0],
    ]);
    const counts = await queryRows(
      store,
      `SELECT (SELECT count(*) FROM customers) AS c, (SELECT count(*) FROM orders) AS o, (SELECT count(*) FROM surveys) AS s`,
    );
    expect(counts).toEqual([{ c: 3n, o: 3n, s: 2n }]);
  });

  it('adds only the new rows of a file that extends one already loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-ingest-'));
    const file = join(dir, 'orders-extended.csv');
    writeFileSync(file, 'customer_id,ts,amount,channel\nc2,2024-03-02,120,phone\nc3,2024-05-01,80,web\n');
    const [result] = await ingestFiles(store, [file]);
    expect(result).toMatchObject({ table: 'orders', rowsRead: 2, rowsAdded: 1 });
  });

  it('names the table after the file, also with a suffix like orders-2024.csv', () => {
    expect(tableForFile('/x/orders.csv')).toBe('orders');
    expect(tableForFile('tickets_2024-05.parquet')).toBe('tickets');
    expect(() => tableForFile('/x/payments.csv')).toThrow(
      /cannot tell the table from the file name "payments.csv"/,
    );
  });
});

describe('rejecting files that break a rule (store unchanged)', () => {
  it('rejects a customer row without customer_id, at its line and column', async () => {
    const e = await rejection(store, bad('customers-missing-id.csv'));
    expect(e.problems.map((p) => [p.line, p.column, p.rule])).toEqual([[3, 1, 'customer_id is required']]);
    expect(e.message).toContain('customers-missing-id.csv:3:1 customer_id is required');
  });

  it('rejects a file without the customer_id column', async () => {
    const e = await rejection(store, bad('customers-no-id-column.csv'), 'customers');
    expect(e.problems[0]?.rule).toBe('missing required column customer_id (found: id, signup_date)');
  });

  it('rejects a duplicated customer_id within the customers file', async () => {
    const e = await rejection(store, bad('customers-duplicate-id.csv'));
    expect(e.problems.map((p) => [p.line, p.rule])).toEqual([
      [4, 'customer_id "c1" appears more than once in the file'],
    ]);
  });

  it('rejects an unparseable signup_date', async () => {
    const e = await rejection(store, bad('customers-bad-date.csv'));
    expect(e.problems[0]).toMatchObject({ line: 3, column: 2, field: 'signup_date' });
    expect(e.problems[0]?.rule).toMatch(/^signup_date is not a parseable date .* \(got "01\/02\/2024x"\)$/);
  });

  it('rejects a churn_date before the signup_date', async () => {
    const e = await rejection(store, bad('customers-churn-before-signup.csv'));
    expect(e.problems.map((p) => `${p.line}:${p.column} ${p.rule}`)).toEqual([
      '3:4 churn_date 2024-02-01 is before signup_date 2024-03-01',
    ]);
  });

  it('rejects an impossible order timestamp (February 30th)', async () => {
    const e = await rejection(store, bad('orders-bad-ts.csv'));
    expect(e.problems.map((p) => [p.line, p.column, p.field])).toEqual([[3, 2, 'ts']]);
  });

  it('rejects a negative amount', async () => {
    const e = await rejection(store, bad('orders-negative-amount.csv'));
    expect(e.problems.map((p) => `${p.line}:${p.column} ${p.rule}`)).toEqual([
      '3:3 amount must be a number >= 0 (got "-0.01")',
    ]);
  });

  it('rejects an amount that is not a number', async () => {
    const e = await rejection(store, bad('orders-amount-not-number.csv'));
    expect(e.problems[0]?.rule).toBe('amount must be a number >= 0 (got "ten")');
  });

  it('rejects orders and tickets of unknown customers', async () => {
    const orders = await rejection(store, bad('orders-unknown-customer.csv'));
    expect(orders.problems.map((p) => [p.line, p.rule])).toEqual([
      [3, 'customer_id "zz" is not a known customer (ingest customers first)'],
    ]);
    const tickets = await rejection(store, bad('tickets-unknown-customer.csv'));
    expect(tickets.problems.map((p) => p.line)).toEqual([3]);
  });

  const TS_RULE = 'ts is not a parseable date (expected ISO 8601, e.g. 2024-05-31 or 2024-05-31T14:05:00)';
  it.each([
    [
      'orders-missing-id-ts.csv',
      ['3:1 customer_id is required', '4:2 ts is required', `5:2 ${TS_RULE} (got "yesterday")`],
    ],
    [
      'tickets-missing-id-ts.csv',
      ['3:1 customer_id is required', '4:2 ts is required', `5:2 ${TS_RULE} (got "2024-03-02 25:00:00")`],
    ],
    [
      'surveys-missing-id-ts.csv',
      ['3:2 customer_id is required', '4:1 ts is required', `5:1 ${TS_RULE} (got "03/04/2024")`],
    ],
    [
      'interactions-missing-id-ts.ndjson',
      ['2:1 customer_id is required', '3:2 ts is required', `4:2 ${TS_RULE} (got "2024-13-01")`],
    ],
  ])('rejects %s: a missing customer_id, a missing ts and an unparseable ts', async (name, expected) => {
    const file = bad(name);
    const e = await rejection(store, file);
    expect(e.total).toBe(3);
    expect(e.problems.map((p) => `${p.line}:${p.column} ${p.rule}`)).toEqual(expected);
    for (const line of expected) expect(e.message).toContain(`${file}:${line}`);
  });

  it('rejects surveys and interactions of unknown customers', async () => {
    const surveys = await rejection(store, bad('surveys-unknown-customer.csv'));
    expect(surveys.message).toContain(
      `${bad('surveys-unknown-customer.csv')}:3:1 customer_id "ghost" is not a known customer (ingest customers first)`,
    );
    expect(surveys.total).toBe(1);
    const interactions = await rejection(store, bad('interactions-unknown-customer.ndjson'));
    expect(interactions.problems.map((p) => `${p.line}:${p.column} ${p.rule}`)).toEqual([
      '2:1 customer_id "c404" is not a known customer (ingest customers first)',
      '3:1 customer_id "c405" is not a known customer (ingest customers first)',
    ]);
  });

  it('rejects NPS answers outside the integers 0-10', async () => {
    const e = await rejection(store, bad('surveys-nps-range.csv'));
    expect(e.problems.map((p) => [p.line, p.rule])).toEqual([
      [3, 'nps score must be an integer 0-10 (got "11")'],
      [4, 'nps score must be an integer 0-10 (got "7.5")'],
    ]);
  });

  it('rejects CSAT answers outside 1-5', async () => {
    const e = await rejection(store, bad('surveys-csat-range.csv'));
    expect(e.problems.map((p) => p.line)).toEqual([3, 4]);
    expect(e.problems[0]?.rule).toBe('csat score must be an integer 1-5 (got "0")');
  });

  it('rejects an unknown survey kind', async () => {
    const e = await rejection(store, bad('surveys-unknown-kind.csv'));
    expect(e.problems[0]?.rule).toBe('kind must be nps or csat (got "ces")');
  });

  it('rejects a CSV row with too many fields, at its real line', async () => {
    const e = await rejection(store, bad('interactions-malformed.csv'));
    expect(e.problems[0]).toMatchObject({ line: 3 });
    expect(e.problems[0]?.rule).toMatch(/^malformed CSV row \(too many columns\)/);
  });

  it('reports the line of a bad NDJSON record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-ingest-'));
    const file = join(dir, 'surveys.ndjson');
    writeFileSync(
      file,
      '{"customer_id":"c1","ts":"2024-03-01","kind":"nps","score":8}\n{"customer_id":"c2","ts":"2024-03-01","kind":"csat","score":9}\n',
    );
    const e = await rejection(store, file);
    expect(e.problems.map((p) => `${p.line}:${p.column} ${p.rule}`)).toEqual([
      '2:4 csat score must be an integer 1-5 (got "9")',
    ]);
  });

  it('rejects a broken NDJSON file', async () => {
    const e = await rejection(store, bad('interactions-broken.ndjson'));
    expect(e.problems[0]?.rule).toMatch(/^unreadable ndjson: /);
  });

  it('lists the first 20 problems and counts the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-ingest-'));
    const file = join(dir, 'orders.csv');
    const lines = ['customer_id,ts,amount'];
    for (let i = 0; i < 25; i++) lines.push(`c1,2024-03-01,-${i + 1}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const e = await rejection(store, file);
    expect(e.total).toBe(25);
    expect(e.problems).toHaveLength(20);
    expect(e.problems.map((p) => p.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(e.message).toContain('... and 5 more');
  });

  it('keeps earlier files of a batch and loads nothing of the rejected one', async () => {
    const fresh = await openStore(':memory:');
    try {
      const error = await ingestFiles(fresh, [
        good('customers.csv'),
        bad('orders-negative-amount.csv'),
      ]).catch((e) => e);
      expect(error).toBeInstanceOf(IngestError);
      expect(
        await queryRows(fresh, 'SELECT (SELECT count(*) FROM customers) c, (SELECT count(*) FROM orders) o'),
      ).toEqual([{ c: 3n, o: 0n }]);
    } finally {
      closeStore(fresh);
    }
  });
});

describe('CDNOW master file', () => {
  it('rejects malformed lines at their line and column and loads nothing', async () => {
    const file = bad('cdnow-malformed.txt');
    const before = await dump(store);
    const e = (await ingestCdnow(store, file).catch((x: unknown) => x)) as IngestError;
    expect(e).toBeInstanceOf(IngestError);
    expect(await dump(store)).toBe(before);
    const expected = [
      '3:4 expected 4 whitespace-separated fields (got 3)',
      '4:2 date must be yyyymmdd',
      '5:3 number_of_cds must be an integer',
      '6:4 dollar_value must be a number >= 0',
      '7:5 expected 4 whitespace-separated fields (got 5)',
      '8:4 dollar_value must be a number >= 0',
    ];
    expect(e.total).toBe(expected.length);
    expect(e.problems.map((p) => `${p.line}:${p.column} ${p.rule}`)).toEqual(expected);
    for (const line of expected) expect(e.message).toContain(`${file}:${line}`);
    expect(await queryRows(store, "SELECT count(*) AS n FROM customers WHERE segment = 'cdnow'")).toEqual([
      { n: 0n },
    ]);
  });

  it('loads 23,570 customers and 69,659 orders, and nothing more the second time', async () => {
    const fresh = await openStore(':memory:');
    try {
      const first = await ingestCdnow(fresh, CDNOW);
      expect(first).toMatchObject({ rowsRead: 69_659, customers: 23_570, ordersAdded: 69_659 });
      const second = await ingestCdnow(fresh, CDNOW);
      expect(second.ordersAdded).toBe(0);
      const [span] = await queryRows(
        fresh,
        `SELECT CAST(min(ts) AS DATE)::VARCHAR AS first, CAST(max(ts) AS DATE)::VARCHAR AS last, round(sum(amount), 2) AS revenue,
                (SELECT count(*) FROM customers) AS customers FROM orders`,
      );
      expect(span).toEqual({
        first: '1997-01-01',
        last: '1998-06-30',
        revenue: 2_500_315.63,
        customers: 23_570n,
      });
    } finally {
      closeStore(fresh);
    }
  });
});
