/**
 * @module Tests of the data commands through the real `chi` program: generate, ingest (incl. CDNOW and a
 * rejected file), snapshot (single date and series), cadence (published CDNOW figures), score (both engines).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  closeStore,
  ingestFiles,
  listSnapshotDates,
  openStore,
  type ProgressEvent,
  queryRows,
} from '@chi/data';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgress } from './commands/data-progress.js';
import { createProgram } from './program.js';

const DATASETS = fileURLToPath(new URL('../../../datasets/', import.meta.url));

/** Runs `chi <args>` in-process and returns what it printed on stdout. */
async function chi(...args: string[]): Promise<string> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    out.push(parts.join(' '));
  });
  const program = await createProgram();
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(['node', 'chi', ...args]);
  } finally {
    log.mockRestore();
  }
  return out.join('\n');
}

// Pipelines on real files: generous per-test time on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

afterEach(() => vi.restoreAllMocks());

describe('chi cadence', () => {
  it('prints the published BG/NBD fit of the CDNOW summary as JSON', async () => {
    const out = await chi(
      'cadence',
      '--summary',
      join(DATASETS, 'lifetimes_cdnow_customers_summary.csv'),
      '--json',
    );
    const fit = JSON.parse(out) as Record<string, number>;
    expect(Object.keys(fit)).toEqual(['r', 'alpha', 'a', 'b', 'll']);
    expect(Math.abs((fit.r as number) - 0.243)).toBeLessThan(0.002);
    expect(Math.abs((fit.alpha as number) - 4.414)).toBeLessThan(0.002);
    expect(Math.abs((fit.a as number) - 0.793)).toBeLessThan(0.002);
    expect(Math.abs((fit.b as number) - 2.426)).toBeLessThan(0.002);
    expect(Math.abs((fit.ll as number) - -9582.4)).toBeLessThan(0.1);
  });

  it('prints the conditional expectation 1.226 of the datasets README for x=2, t_x=30.43, T=38.86', async () => {
    const out = await chi(
      'cadence',
      '--summary',
      join(DATASETS, 'lifetimes_cdnow_customers_summary.csv'),
      '--customer',
      '2,30.43,38.86',
      '--horizon',
      '39',
    );
    const value = Number(/expected purchases in the next 39 = ([\d.]+)/.exec(out)?.[1]);
    expect(Math.abs(value - 1.226)).toBeLessThan(5e-4);
  });

  it('asks for a source when none is given', async () => {
    await expect(chi('cadence')).rejects.toThrow('give --summary FILE or --db FILE');
  });
});

describe('chi generate, ingest, snapshot and score', () => {
  it('runs the pipeline end to end and both engines write the same bands', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-cli-'));
    const db = join(dir, 'chi.duckdb');
    const gen = await chi(
      'generate',
      '--customers',
      '1500',
      '--seed',
      '4',
      '--out',
      join(dir, 'raw'),
      '--quiet',
    );
    expect(gen).toMatch(/customers 1,500, orders [\d,]+, tickets/);
    const ingest = await chi('ingest', join(dir, 'raw'), '--db', db, '--quiet');
    expect(ingest.split('\n')).toHaveLength(5);
    expect(ingest).toMatch(/customers\.csv -> customers: 1,500 rows read, 1,500 added/);
    const again = await chi('ingest', join(dir, 'raw', 'orders.csv'), '--db', db, '--quiet');
    expect(again).toMatch(/orders\.csv -> orders: [\d,]+ rows read, 0 added/);

    const snap = await chi(
      'snapshot',
      '--db',
      db,
      '--as-of',
      '2025-06-30',
      '--out',
      join(dir, 'snap.parquet'),
      '--quiet',
    );
    expect(snap).toMatch(/^2025-06-30: [\d,]+ customers, [\d,]+ labelled, [\d.]+% churned; BG\/NBD r=/);
    expect(existsSync(join(dir, 'snap.parquet'))).toBe(true);

    await chi('score', '--input', join(dir, 'snap.parquet'), '--out', join(dir, 'js.csv'), '--quiet');
    await chi(
      'score',
      '--input',
      join(dir, 'snap.parquet'),
      '--out',
      join(dir, 'sql.json'),
      '--engine',
      'sql',
      '--quiet',
    );
    const csv = readFileSync(join(dir, 'js.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('customer_id,score,band,coverage,top_driver');
    const json = JSON.parse(readFileSync(join(dir, 'sql.json'), 'utf8')) as {
      customer_id: string;
      score: number;
      band: string;
      top_driver: string | null;
    }[];
    expect(json).toHaveLength(csv.length - 1);
    csv.slice(1).forEach((line, i) => {
      const [id, score, band, , driver] = line.split(',');
      expect(json[i]?.customer_id).toBe(id);
      expect(json[i]?.band).toBe(band);
      expect(json[i]?.top_driver ?? '').toBe(driver);
      expect(Math.abs((json[i]?.score ?? Number.NaN) - Number(score))).toBeLessThan(1e-9);
    });
  });

  it('builds a monthly series with --every and rejects --every without --from/--to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-cli-'));
    const db = join(dir, 'chi.duckdb');
    await chi('generate', '--customers', '400', '--seed', '8', '--out', join(dir, 'raw'), '--quiet');
    await chi('ingest', join(dir, 'raw'), '--db', db, '--quiet');
    const out = await chi(
      'snapshot',
      '--db',
      db,
      '--every',
      '30d',
      '--from',
      '2025-01-01',
      '--to',
      '2025-03-01',
      '--quiet',
    );
    expect(out.split('\n').map((l) => l.slice(0, 10))).toEqual(['2025-01-01', '2025-01-31']);
    const store = await openStore(db, { readOnly: true });
    try {
      expect(await listSnapshotDates(store)).toEqual(['2025-01-01', '2025-01-31']);
    } finally {
      closeStore(store);
    }
    await expect(chi('snapshot', '--db', db, '--every', '30d')).rejects.toThrow(
      '--every needs --from and --to',
    );
    await expect(chi('snapshot', '--db', db, '--as-of', '2025-02-30')).rejects.toThrow(
      /expected a date YYYY-MM-DD/,
    );
  });

  it('rejects a bad file listing file:line:column problems and leaves the store unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-cli-'));
    const db = join(dir, 'chi.duckdb');
    writeFileSync(join(dir, 'customers.csv'), 'customer_id,signup_date\nc1,2024-01-01\n');
    writeFileSync(
      join(dir, 'orders.csv'),
      'customer_id,ts,amount\nc1,2024-02-01,10\nc1,2024-02-02,-5\nc2,2024-02-03,1\n',
    );
    await chi('ingest', join(dir, 'customers.csv'), '--db', db, '--quiet');
    const error = await chi('ingest', join(dir, 'orders.csv'), '--db', db, '--quiet').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('rejected, 2 problems (nothing loaded)');
    expect(message).toContain(`${join(dir, 'orders.csv')}:3:3 amount must be a number >= 0 (got "-5")`);
    expect(message).toContain(`${join(dir, 'orders.csv')}:4:1 customer_id "c2" is not a known customer`);
    const store = await openStore(db, { readOnly: true });
    try {
      expect(await queryRows(store, 'SELECT count(*) AS n FROM orders')).toEqual([{ n: 0n }]);
    } finally {
      closeStore(store);
    }
  });

  it('loads the CDNOW master file with --format cdnow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-cli-'));
    const out = await chi(
      'ingest',
      '--format',
      'cdnow',
      join(DATASETS, 'lifetimes_CDNOW_master.txt'),
      '--db',
      join(dir, 'chi.duckdb'),
      '--quiet',
    );
    expect(out).toMatch(/23,570 customers, 69,659 orders read, 69,659 added/);
  });

  it('refuses an output file that is neither CSV nor JSON', async () => {
    await expect(chi('score', '--input', 'x.parquet', '--out', 'scores.txt')).rejects.toThrow(
      '--out: expected a .csv or .json file, got "scores.txt"',
    );
  });
});

describe('progress output', () => {
  it('writes plain periodic lines when stderr is not a terminal, and the final one always', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const progress = createProgress({ stream, intervalMs: 60_000 });
    for (let done = 10; done <= 100; done += 10) {
      progress.listener({ task: 'generate', done: done * 1000, total: 100_000, unit: 'customers' });
    }
    progress.stop();
    expect(lines).toEqual(['generate: 10,000/100,000 customers\n', 'generate: 100,000/100,000 customers\n']);
  });

  it('reports rising progress while ingesting a large file, each phase reaching its total', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-cli-'));
    const customers = ['customer_id,signup_date'];
    for (let c = 0; c < 1000; c++) customers.push(`c${c},2024-01-01`);
    writeFileSync(join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
    const rows = 2_000_000;
    const orders = ['customer_id,ts,amount,channel'];
    for (let i = 0; i < rows; i++) {
      orders.push(
        `c${i % 1000},2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}:00,${(i % 997) / 10},web`,
      );
    }
    writeFileSync(join(dir, 'orders.csv'), `${orders.join('\n')}\n`);

    const events: ProgressEvent[] = [];
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const display = createProgress({ stream, intervalMs: 0 });
    const store = await openStore(':memory:');
    try {
      const [, result] = await ingestFiles(store, [join(dir, 'customers.csv'), join(dir, 'orders.csv')], {
        onProgress: (e) => {
          events.push(e);
          display.listener(e);
        },
      });
      expect(result?.rowsAdded).toBe(rows);
    } finally {
      closeStore(store);
    }
    display.stop();

    const tasks = [...new Set(events.map((e) => e.task))];
    expect(tasks).toEqual([
      'ingest customers.csv',
      'ingest customers.csv (load)',
      'ingest orders.csv',
      'ingest orders.csv (load)',
    ]);
    for (const task of tasks) {
      const done = events.filter((e) => e.task === task).map((e) => e.done);
      for (let i = 1; i < done.length; i++) expect(done[i]).toBeGreaterThanOrEqual(done[i - 1] as number);
      expect(done.at(-1)).toBe(100);
      expect(events.filter((e) => e.task === task).every((e) => e.total === 100 && e.unit === '%')).toBe(
        true,
      );
    }
    // Reading the 2M-row file is reported while it runs, not only at the end.
    const reading = events.filter((e) => e.task === 'ingest orders.csv').map((e) => e.done);
    expect(reading.some((d) => d > 0 && d < 100)).toBe(true);
    expect(lines).toContain('ingest orders.csv: 100%\n');
    expect(lines.filter((l) => l.startsWith('ingest orders.csv: ')).length).toBeGreaterThan(1);
  });

  it('chi ingest writes its progress to stderr unless --quiet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-cli-'));
    writeFileSync(join(dir, 'customers.csv'), 'customer_id,signup_date\nc1,2024-01-01\n');
    const written: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await chi('ingest', join(dir, 'customers.csv'), '--db', join(dir, 'chi.duckdb'));
    } finally {
      write.mockRestore();
    }
    expect(written.join('')).toContain('ingest customers.csv: 100%');
  });
});
