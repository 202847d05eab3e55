/**
 * @module Tests of snapshots: metrics and labels on a hand-built fixture, no look-ahead on generated data,
 * storage in the `snapshots` table, files, and read-only opening.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from './errors.js';
import { generateSynthetic } from './generate.js';
import { ingestFiles } from './ingest.js';
import { SNAPSHOT_METRICS } from './schema.js';
import {
  buildSnapshots,
  listSnapshotDates,
  readSnapshots,
  type SnapshotRow,
  writeSnapshotFile,
} from './snapshot.js';
import { closeStore, openStore, queryRows, type Store } from './store.js';

function writeTables(dir: string, tables: Record<string, string[]>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(tables).map(([name, lines]) => {
    const file = join(dir, `${name}.csv`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  });
}

/** The hand-built history: comments give the expected metrics at 2024-06-30 (window 90d, horizon 90d). */
const FIXTURE = {
  customers: [
    'customer_id,signup_date,segment,churn_date',
    'a,2024-01-01,retail,', // regular buyer, orders again in the horizon: churned 0
    'b,2024-03-01,smb,', // one order on as_of itself at 23:00, none after: churned 1
    'c,2024-02-01,smb,2024-07-15', // explicit cancellation inside the horizon, despite an order: churned 1
    'd,2024-07-05,retail,', // signs up after as_of: not in the snapshot
    'e,2024-01-01,retail,2024-06-29', // cancelled before as_of: not in the snapshot
    'f,2024-01-01,enterprise,', // never ordered: churned 1
    'g,2024-01-01,retail,', // orders on the last day of the horizon: churned 0
    'h,2024-01-01,retail,', // orders the day after the horizon: churned 1
  ],
  orders: [
    'customer_id,ts,amount,channel',
    'a,2024-02-01 10:00:00,100,web',
    'a,2024-03-01 10:00:00,100,web',
    'a,2024-05-01 10:00:00,50,web',
    'a,2024-06-01 10:00:00,50,web',
    'a,2024-08-01 10:00:00,999,store',
    'b,2024-06-30 23:00:00,10,store',
    'c,2024-06-01 12:00:00,20,web',
    'c,2024-07-10 12:00:00,20,web',
    'g,2024-04-01 09:00:00,5,app',
    'g,2024-05-01 09:00:00,5,app',
    'g,2024-09-28 09:00:00,5,app',
    'h,2024-06-01 09:00:00,5,app',
    'h,2024-09-29 09:00:00,5,app',
  ],
  surveys: [
    'customer_id,ts,kind,score',
    'a,2024-03-01,nps,9',
    'a,2024-06-15,nps,6',
    'a,2024-07-05,nps,0',
    'a,2024-03-01,csat,5',
    'a,2024-05-10,csat,4',
    'a,2024-06-10,csat,2',
    'a,2024-07-02,csat,1',
  ],
  tickets: [
    'customer_id,ts,channel,severity',
    'a,2024-05-10,phone,low',
    'a,2024-06-10,email,high',
    'a,2024-07-01,chat,high',
  ],
  interactions: ['customer_id,ts,channel', 'a,2024-06-20,app', 'a,2024-10-31,web'],
};

describe('metrics and labels on a hand-built history', () => {
  let store: Store;
  let rows: Map<string, SnapshotRow>;
  beforeAll(async () => {
    store = await openStore(':memory:');
    const dir = mkdtempSync(join(tmpdir(), 'chi-snap-'));
    await ingestFiles(store, writeTables(dir, FIXTURE));
    await buildSnapshots(store, { asOf: ['2024-06-30'] });
    rows = new Map((await readSnapshots(store)).map((r) => [r.customer_id, r]));
  });
  afterAll(() => closeStore(store));

  it('keeps customers signed up on or before as_of and not cancelled before it', () => {
    expect([...rows.keys()]).toEqual(['a', 'b', 'c', 'f', 'g', 'h']);
  });

  it('computes window counts, revenue, trend, survey answers, tickets and channels from events up to as_of only', () => {
    const a = rows.get('a');
    expect(a).toMatchObject({
      as_of: '2024-06-30',
      segment: 'retail',
      tenure_days: 181,
      orders_count: 2,
      revenue: 100,
      avg_order_value: 50,
      nps_last: 6,
      csat_avg: 3,
      tickets_count: 2,
      interactions_count: 1,
      channels_count: 4,
      days_since_last_order: 29,
      window_days: 90,
      horizon_days: 90,
    });
    expect(a?.revenue_trend).toBeCloseTo(-1 / 3, 12);
  });

  it('shrinks the median gap toward the population median (3 pseudo-gaps)', () => {
    // a: gaps 29, 61, 31 days -> median 31; g: one gap of 30; population median of medians 30.5
    expect(rows.get('a')?.expected_interval_days).toBeCloseTo((3 * 31 + 3 * 30.5) / 6, 12);
    expect(rows.get('a')?.recency_ratio).toBeCloseTo(29 / 30.75, 12);
    expect(rows.get('b')?.expected_interval_days).toBeCloseTo(30.5, 12);
    expect(rows.get('b')?.recency_ratio).toBe(0);
    expect(rows.get('f')?.recency_ratio).toBeNull();
    expect(rows.get('f')?.days_since_last_order).toBeNull();
    expect(rows.get('f')?.orders_count).toBe(0);
  });

  it('labels churn from orders in (as_of, as_of + horizon] and explicit cancellations', () => {
    expect(Object.fromEntries([...rows].map(([id, r]) => [id, r.churned]))).toEqual({
      a: 0,
      b: 1,
      c: 1,
      f: 1,
      g: 0,
      h: 1,
    });
  });

  it('leaves the label empty when the horizon runs past the last event day', async () => {
    const [summary] = await buildSnapshots(store, { asOf: ['2024-09-01'], horizonDays: 90 });
    expect(summary).toMatchObject({ asOf: '2024-09-01', labelled: 0 });
    const late = await readSnapshots(store, { asOf: '2024-09-01' });
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((r) => r.churned === null)).toBe(true);
  });

  it('stores every snapshot, serves the latest and one customer history, and replaces a rebuilt date', async () => {
    await buildSnapshots(store, { asOf: ['2024-06-30', '2024-05-31'] });
    expect(await listSnapshotDates(store)).toEqual(['2024-05-31', '2024-06-30', '2024-09-01']);
    expect((await readSnapshots(store)).every((r) => r.as_of === '2024-09-01')).toBe(true);
    const history = await readSnapshots(store, { customerId: 'a' });
    expect(history.map((r) => r.as_of)).toEqual(['2024-05-31', '2024-06-30', '2024-09-01']);
    const [n] = await queryRows(store, `SELECT count(*) AS n FROM snapshots WHERE as_of = DATE '2024-06-30'`);
    expect(n?.n).toBe(6n);
  });
});

describe('no look-ahead', () => {
  it('gives identical metrics whether or not the events after as_of exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-lookahead-'));
    generateSynthetic({
      customers: 1500,
      seed: 11,
      start: '2024-01-01',
      end: '2024-12-31',
      outDir: join(dir, 'full'),
    });
    const asOf = '2024-08-31';
    // The same data cut at as_of: no event after it, no customer signed up after it, no future cancellation.
    const cut: Record<string, string[]> = {};
    for (const table of ['customers', 'orders', 'tickets', 'surveys', 'interactions']) {
      const [header = '', ...lines] = readFileSync(join(dir, 'full', `${table}.csv`), 'utf8')
        .trim()
        .split('\n');
      cut[table] = [
        header,
        ...lines.flatMap((line) => {
          const f = line.split(',');
          if (table !== 'customers') return (f[1] ?? '').slice(0, 10) <= asOf ? [line] : [];
          if ((f[1] ?? '') > asOf) return [];
          if ((f[3] ?? '') > asOf) f[3] = '';
          return [f.join(',')];
        }),
      ];
    }
    const full = await openStore(':memory:');
    const past = await openStore(':memory:');
    try {
      await ingestFiles(
        full,
        readdirSync(join(dir, 'full')).map((f) => join(dir, 'full', f)),
      );
      await ingestFiles(past, writeTables(join(dir, 'cut'), cut));
      const options = { asOf: [asOf], observedUntil: '2024-12-31' };
      await buildSnapshots(full, options);
      await buildSnapshots(past, options);
      const a = await readSnapshots(full);
      const b = await readSnapshots(past);
      expect(a.length).toBeGreaterThan(1000);
      expect(b.map((r) => r.customer_id)).toEqual(a.map((r) => r.customer_id));
      const strip = (r: SnapshotRow) => Object.fromEntries(SNAPSHOT_METRICS.map((m) => [m, r[m]]));
      const differing = a.flatMap((row, i) =>
        SNAPSHOT_METRICS.filter((m) => row[m] !== b[i]?.[m]).map(
          (m) => `${row.customer_id}.${m}: ${row[m]} vs ${b[i]?.[m]}`,
        ),
      );
      expect(differing.slice(0, 5)).toEqual([]);
      expect(b.map(strip)).toEqual(a.map(strip));
      expect(a.filter((r) => r.p_alive !== null).length).toBeGreaterThan(1000);
      // the label does look ahead, by design: only the full store knows who churned
      expect(a.some((r) => r.churned === 0)).toBe(true);
      expect(b.every((r) => r.churned === 1)).toBe(true);
    } finally {
      closeStore(full);
      closeStore(past);
    }
  });
});

describe('snapshot files and read-only stores', () => {
  it('writes CSV and Parquet atomically and reopens the store read-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-snapfile-'));
    const path = join(dir, 'chi.duckdb');
    const store = await openStore(path);
    await ingestFiles(store, writeTables(join(dir, 'raw'), FIXTURE));
    await buildSnapshots(store, { asOf: ['2024-06-30'] });
    expect(await writeSnapshotFile(store, join(dir, 'snap.csv'))).toBe(6);
    expect(await writeSnapshotFile(store, join(dir, 'snap.parquet'))).toBe(6);
    await expect(writeSnapshotFile(store, join(dir, 'snap.xlsx'))).rejects.toThrow(
      /expected a .csv or .parquet file/,
    );
    closeStore(store);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    const csv = readFileSync(join(dir, 'snap.csv'), 'utf8').split('\n');
    expect(
      csv[0]?.startsWith('customer_id,as_of,segment,tenure_days,nps_last,csat_avg,orders_count,revenue'),
    ).toBe(true);
    expect(csv).toHaveLength(8); // header, 6 rows, final newline

    const reader = await openStore(path, { readOnly: true });
    try {
      expect((await readSnapshots(reader, { customerId: 'b' }))[0]?.churned).toBe(1);
      await expect(reader.connection.run(`DELETE FROM snapshots`)).rejects.toThrow(/read-only/i);
    } finally {
      closeStore(reader);
    }
    await expect(openStore(join(dir, 'missing.duckdb'), { readOnly: true })).rejects.toThrow(StoreError);
    expect(existsSync(join(dir, 'missing.duckdb'))).toBe(false);
  });
});
