import path from 'node:path';
import { DEFAULT_SCORECARD_DOCUMENT } from '@chi/core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config.js';
import { type RunningServer, startServer } from './server.js';
import { buildPipeline, type Pipeline } from './testing/fixture.js';

let p: Pipeline;
let server: RunningServer;
const KEY = 'socket-key';
const admin = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const one = {
  customer_id: 's1',
  segment: 'smb',
  metrics: { nps_last: 8, recency_ratio: 1.3, tickets_count: 1 },
};

beforeAll(async () => {
  p = await buildPipeline({ customers: 200, models: 2, dbFile: true });
  p.releaseStore();
  server = await startServer({
    db: p.dbPath,
    models: p.modelsDir,
    scorecard: path.join(p.dir, 'scorecard.json'),
    port: 0,
    config: { ...DEFAULT_CONFIG, apiKeys: [KEY] },
    logger: pino({ level: 'silent' }),
  });
  await server.loaded;
}, 120_000);

afterAll(async () => {
  await server?.close();
  p?.close();
});

describe('over a real socket', () => {
  it('serves the API on loopback from the read-only DuckDB file and the model registry', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    const summary = (await (await fetch(`${server.url}/v1/summary`)).json()) as {
      customers: number;
      as_of: string;
    };
    expect(summary.as_of).toBe(p.dates.at(-1));
    expect(summary.customers).toBeGreaterThan(100);
    const res = await fetch(`${server.url}/v1/health`, {
      method: 'POST',
      body: JSON.stringify(one),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers 413 over a real socket when the body is over the limit', async () => {
    const big = 'x'.repeat(DEFAULT_CONFIG.bodyLimitBytes + 10);
    const res = await fetch(`${server.url}/v1/score`, {
      method: 'POST',
      body: JSON.stringify({ customer_id: big, metrics: {} }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
  });

  it('finishes every request while models are reloaded and promoted and the scorecard changes', async () => {
    const statuses = new Map<number, number>();
    const versionsSeen = new Set<string>();
    let stop = false;
    const worker = async (k: number) => {
      while (!stop) {
        const route = k % 3 === 0 ? '/v1/predict' : k % 3 === 1 ? '/v1/score' : '/v1/health';
        const res = await fetch(`${server.url}${route}`, {
          method: 'POST',
          body: JSON.stringify({ customers: [one, { ...one, customer_id: `s${k}` }] }),
          headers: { 'content-type': 'application/json' },
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const body = (await res.json()) as { results?: Array<{ model_version?: string }> };
        const v = body.results?.[0]?.model_version;
        if (v) versionsSeen.add(v);
        const list = await fetch(`${server.url}/v1/customers?limit=20&sort=-churn_probability`);
        statuses.set(list.status, (statuses.get(list.status) ?? 0) + 1);
        await list.arrayBuffer();
      }
    };
    const workers = Array.from({ length: 6 }, (_, k) => worker(k));
    const [first, second] = p.versions as [string, string];
    const swaps: number[] = [];
    for (const version of [second, first, second]) {
      await new Promise((r) => setTimeout(r, 150));
      const res = await fetch(`${server.url}/v1/model/promote`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ version }),
      });
      swaps.push(res.status);
      const reload = await fetch(`${server.url}/v1/model/reload`, { method: 'POST', headers: admin });
      swaps.push(reload.status);
    }
    const current = (await (await fetch(`${server.url}/v1/scorecard`)).json()) as { version: number };
    const put = await fetch(`${server.url}/v1/scorecard`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ ...DEFAULT_SCORECARD_DOCUMENT, version: current.version }),
    });
    swaps.push(put.status);
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await Promise.all(workers);
    expect(swaps.every((s) => s === 200)).toBe(true);
    expect([...statuses.keys()]).toEqual([200]);
    expect(statuses.get(200)).toBeGreaterThan(50);
    expect([...versionsSeen].sort()).toEqual([first, second].sort());
  }, 60_000);
});
