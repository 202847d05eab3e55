/** @module Tests of the synthetic generator: determinism, validity of its output, and its behaviour. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GenerateError } from './errors.js';
import { generateSynthetic } from './generate.js';
import { ingestFiles } from './ingest.js';
import { closeStore, openStore, queryRows } from './store.js';

function digest(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex'),
      ]),
  );
}

describe('generateSynthetic', () => {
  it('writes identical files for the same seed and different files for another seed', () => {
    const root = mkdtempSync(join(tmpdir(), 'chi-gen-'));
    const options = { customers: 3000, start: '2024-01-01', end: '2024-12-31' };
    const a = generateSynthetic({ ...options, seed: 5, outDir: join(root, 'a') });
    const b = generateSynthetic({ ...options, seed: 5, outDir: join(root, 'b') });
    generateSynthetic({ ...options, seed: 6, outDir: join(root, 'c') });
    expect(Object.keys(digest(join(root, 'a')))).toEqual([
      'customers.csv',
      'interactions.csv',
      'orders.csv',
      'surveys.csv',
      'tickets.csv',
    ]);
    expect(digest(join(root, 'b'))).toEqual(digest(join(root, 'a')));
    expect(b.rows).toEqual(a.rows);
    expect(digest(join(root, 'c'))['orders.csv']).not.toBe(digest(join(root, 'a'))['orders.csv']);
  });

  it('gives customer i the same history whatever the population size', () => {
    const root = mkdtempSync(join(tmpdir(), 'chi-gen-'));
    generateSynthetic({ customers: 50, seed: 9, outDir: join(root, 'small') });
    generateSynthetic({ customers: 200, seed: 9, outDir: join(root, 'large') });
    const first = (dir: string) =>
      readFileSync(join(root, dir, 'orders.csv'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('C000007,'));
    expect(first('small').length).toBeGreaterThan(0);
    expect(first('large')).toEqual(first('small'));
  });

  it('produces files that pass every ingest rule, with churned customers silent after churning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-gen-'));
    const result = generateSynthetic({ customers: 4000, seed: 3, outDir: dir });
    const store = await openStore(':memory:');
    try {
      const loaded = await ingestFiles(
        store,
        readdirSync(dir).map((f) => join(dir, f)),
      );
      expect(Object.fromEntries(loaded.map((r) => [r.table, r.rowsAdded]))).toEqual(result.rows);
      const [after] = await queryRows(
        store,
        `SELECT count(*) AS n FROM orders o JOIN customers c USING (customer_id) WHERE o.ts >= c.churn_date + INTERVAL 1 DAY`,
      );
      expect(after?.n).toBe(0n);
      const segments = await queryRows(
        store,
        `SELECT segment, count(*) AS n, avg(o) AS orders FROM (
           SELECT c.segment, c.customer_id, count(o.ts) AS o FROM customers c LEFT JOIN orders o USING (customer_id) GROUP BY ALL)
         GROUP BY segment ORDER BY segment`,
      );
      expect(segments.map((s) => s.segment)).toEqual(['enterprise', 'retail', 'smb']);
      const share = Number(segments.find((s) => s.segment === 'retail')?.n) / 4000;
      expect(share).toBeGreaterThan(0.65);
      expect(share).toBeLessThan(0.75);
      const orders = Object.fromEntries(segments.map((s) => [s.segment, Number(s.orders)]));
      expect(orders.enterprise).toBeGreaterThan(orders.smb as number);
      expect(orders.smb).toBeGreaterThan(orders.retail as number);
      // healthier customers (higher NPS) order more and churn less
      const [link] = await queryRows(
        store,
        `WITH n AS (SELECT customer_id, avg(score) AS nps FROM surveys WHERE kind = 'nps' GROUP BY ALL),
              o AS (SELECT customer_id, count(*) AS orders FROM orders GROUP BY ALL)
         SELECT corr(n.nps, COALESCE(o.orders, 0)) AS r FROM n LEFT JOIN o USING (customer_id)`,
      );
      expect(Number(link?.r)).toBeGreaterThan(0.1);
      expect(result.churnedCustomers / 4000).toBeGreaterThan(0.1);
      expect(result.churnedCustomers / 4000).toBeLessThan(0.5);
    } finally {
      closeStore(store);
    }
  });

  it('rejects invalid options naming the option', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'chi-gen-'));
    expect(() => generateSynthetic({ customers: 0, outDir })).toThrow(GenerateError);
    expect(() => generateSynthetic({ customers: 10, seed: 1.5, outDir })).toThrow(
      /seed: expected an integer/,
    );
    expect(() => generateSynthetic({ customers: 10, start: '2024-02-30', outDir })).toThrow(
      /start: expected a date/,
    );
    expect(() =>
      generateSynthetic({ customers: 10, start: '2024-01-01', end: '2024-01-10', outDir }),
    ).toThrow(/at least 28 days/);
  });
});
