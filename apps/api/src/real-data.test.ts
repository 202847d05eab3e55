import path from 'node:path';
import { buildSnapshots, closeStore, ingestCdnow, openStore, type Store } from '@chi/data';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScorecardRepository } from './adapters/scorecard-file.js';
import { createStoreSource } from './adapters/snapshot-source.js';
import { createApp } from './app.js';
import { DEFAULT_CONFIG } from './config.js';
import type { ApiApp } from './context.js';
import { Runtime } from './runtime.js';

/** The real CDNOW transactions (23,570 customers, 1997-01..1998-06), beside the repository. */
const CDNOW = path.resolve(import.meta.dirname, '../../../datasets/lifetimes_CDNOW_master.txt');

let store: Store;
let app: ApiApp;

beforeAll(async () => {
  store = await openStore(':memory:');
  await ingestCdnow(store, CDNOW);
  // week 39 (the published calibration end) and the last day of the data
  await buildSnapshots(store, { asOf: ['1997-09-30', '1998-06-30'] });
  const logger = pino({ level: 'silent' });
  const source = createStoreSource(store);
  const runtime = new Runtime({
    source,
    scorecards: createScorecardRepository(undefined),
    models: null,
    logger,
  });
  await runtime.start();
  app = createApp({ runtime, source, config: DEFAULT_CONFIG, logger });
}, 120_000);
afterAll(() => {
  if (store) closeStore(store);
});

describe('the API over the real CDNOW data set, without a model', () => {
  it('lists every CDNOW customer at the latest snapshot, scored by the default scorecard', async () => {
    const summary = (await (await app.request('/v1/summary')).json()) as {
      as_of: string;
      customers: number;
      counts: { current: Record<string, number> };
      transitions: { unknown_predicted: number };
      model_version: string | null;
    };
    expect(summary.as_of).toBe('1998-06-30');
    expect(summary.customers).toBe(23_570);
    expect(summary.model_version).toBeNull();
    expect(summary.transitions.unknown_predicted).toBe(23_570);
    // a CD store with no surveys or tickets: most customers lapse, so red must dominate green
    expect(summary.counts.current.red ?? 0).toBeGreaterThan(summary.counts.current.green ?? 0);
  });

  it('shows a customer history over both snapshots with the observed 90-day label on the first', async () => {
    const page = (await (await app.request('/v1/customers?limit=1')).json()) as {
      items: Array<{ customer_id: string }>;
    };
    const id = page.items[0]?.customer_id ?? '';
    const res = await app.request(`/v1/customers/${encodeURIComponent(id)}`);
    expect(res.status).toBe(200);
    const d = (await res.json()) as {
      predicted: unknown;
      history: Array<{ as_of: string; churned: number | null; predicted: unknown }>;
    };
    expect(d.predicted).toBeNull();
    expect(d.history.map((h) => h.as_of)).toEqual(['1997-09-30', '1998-06-30']);
    expect(d.history[0]?.churned).not.toBeNull();
    expect(d.history[1]?.churned).toBeNull();
  });

  it('answers 503 on prediction routes when no model registry is configured', async () => {
    const res = await app.request('/v1/predict', {
      method: 'POST',
      body: JSON.stringify({ customer_id: '1', metrics: {} }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(503);
    expect((await app.request('/v1/model')).status).toBe(503);
    expect((await app.request('/v1/model/reload', { method: 'POST' })).status).toBe(401);
  });
});
