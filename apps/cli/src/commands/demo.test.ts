import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRegistry } from '@chi/model';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type DemoOptions, prepareDemo } from './demo.js';
import { serveUntilStopped } from './serve.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chi-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options: DemoOptions = {
  dir,
  customers: 250,
  seed: 3,
  start: '2024-01-01',
  end: '2025-06-30',
  every: 61,
  epochs: 3,
  trainRows: 100_000,
  port: 0,
  serve: false,
};

describe('chi demo', () => {
  it('generates, ingests, snapshots and trains on the first run, then reuses everything', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const first = await prepareDemo(options);
      expect(existsSync(first.db)).toBe(true);
      expect(readRegistry(first.models).champion).toBeTruthy();
      const firstLines = log.mock.calls.map((c) => String(c[0]));
      expect(firstLines.some((l) => l.startsWith('[1/5] generating 250 customers'))).toBe(true);
      expect(firstLines.some((l) => l.startsWith('[4/5] training the churn model'))).toBe(true);
      log.mockClear();
      const champion = readRegistry(first.models).champion;
      const t0 = performance.now();
      await prepareDemo(options);
      const again = log.mock.calls.map((c) => String(c[0]));
      expect(again.filter((l) => /^\[[1-4]\/5\] \w+: reusing/.test(l))).toHaveLength(4);
      expect(readRegistry(first.models).champion).toBe(champion);
      expect(performance.now() - t0).toBeLessThan(15_000);
    } finally {
      log.mockRestore();
    }
  }, 180_000);

  it('serves the prepared store and model on a loopback port until SIGINT', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const running = serveUntilStopped({
        db: path.join(dir, 'chi.duckdb'),
        models: path.join(dir, 'models'),
        scorecard: path.join(dir, 'scorecard.json'),
        port: 0,
        host: '127.0.0.1',
      });
      await vi.waitFor(() => expect(out).toHaveBeenCalled(), { timeout: 60_000, interval: 100 });
      const url = String(out.mock.calls[0]?.[0]);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ready = (await (await fetch(`${url}/readyz`)).json()) as { status: string };
      expect(ready.status).toBe('ready');
      const summary = (await (await fetch(`${url}/v1/summary`)).json()) as {
        customers: number;
        as_of: string;
      };
      expect(summary.as_of).toBe('2025-06-30');
      expect(summary.customers).toBeGreaterThan(100);
      process.emit('SIGINT');
      await running;
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
  }, 120_000);
});
