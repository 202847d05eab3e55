import { cpSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CustomerDetailSchema,
  CustomerListResponseSchema,
  DEFAULT_SCORECARD_DOCUMENT,
  ErrorResponseSchema,
  HealthPairSchema,
  HealthResultSchema,
  PortfolioMetricsSchema,
  SummarySchema,
} from '@chi/core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelRepository } from './adapters/model-registry.js';
import { createScorecardRepository } from './adapters/scorecard-file.js';
import { createApp } from './app.js';
import { DEFAULT_CONFIG } from './config.js';
import type { ApiApp } from './context.js';
import type { SnapshotSource } from './ports.js';
import { Runtime } from './runtime.js';
import { buildPipeline, createTestApp, type Pipeline, type TestApp } from './testing/fixture.js';

let p: Pipeline;
let t: TestApp;
const KEY = 'test-key-0123456789';
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});
const admin = { authorization: `Bearer ${KEY}` };
const one = {
  customer_id: 'x1',
  segment: 'retail',
  metrics: {
    nps_last: 9,
    csat_avg: 4.5,
    recency_ratio: 1.1,
    tickets_count: 0,
    revenue: 900,
    tenure_days: 700,
  },
};

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = ErrorResponseSchema.parse(await res.json());
  expect(body.error.code).toBe(code);
  return body.error;
}

/**
 * An app over its own runtime (the shared `t` keeps its state).
 * @param options - snapshot source (default the pipeline's), models directory (none by default), API keys,
 *   and whether to load the state first
 * @returns the app and its runtime
 */
async function ownApp(
  options: { source?: SnapshotSource; modelsDir?: string; apiKeys?: string[]; start?: boolean } = {},
): Promise<{ app: ApiApp; runtime: Runtime }> {
  const { source = t.source, modelsDir, apiKeys = [], start = true } = options;
  const logger = pino({ level: 'silent' });
  const runtime = new Runtime({
    source,
    scorecards: createScorecardRepository(undefined),
    models: modelsDir ? createModelRepository(modelsDir) : null,
    logger,
  });
  if (start) await runtime.start();
  const app = createApp({ runtime, source, config: { ...DEFAULT_CONFIG, apiKeys }, logger });
  return { app, runtime };
}

beforeAll(async () => {
  p = await buildPipeline({ models: 2 });
  t = await createTestApp(p, { apiKeys: [KEY] });
}, 120_000);
afterAll(() => p?.close());

describe('operational routes', () => {
  it('answers /healthz with ok', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 once store, scorecard and model are loaded', async () => {
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', store: true, scorecard: true, model: true });
  });

  it('answers /readyz 503 before the state is loaded', async () => {
    const { app } = await ownApp({ start: false });
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'loading', store: false });
    await expectError(await app.request('/v1/summary'), 503, 'not_ready');
    await expectError(await app.request('/v1/score', json(one)), 503, 'not_ready');
    await expectError(await app.request('/v1/predict', json(one)), 503, 'not_ready');
  });

  it('counts requests by route pattern in Prometheus format', async () => {
    await t.app.request('/v1/customers/nobody');
    await t.app.request('/v1/summary');
    const res = await t.app.request('/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/chi_http_requests_total\{method="GET",route="\/v1\/summary",status="200"\} \d+/);
    expect(text).toContain('# TYPE chi_http_request_duration_seconds histogram');
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    expect(text).toMatch(/^chi_model_loaded 1$/m);
    expect(text).toMatch(/^chi_portfolio_customers [1-9]\d*$/m);
  });

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const a = await t.app.request('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(a.headers.get('x-request-id')).toBe('abc-123');
    const b = await t.app.request('/healthz', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(b.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one JSON log line per request carrying its request id, method, path and status', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const app = createApp({ runtime: t.runtime, source: t.source, config: DEFAULT_CONFIG, logger });
    await app.request('/v1/customers/nobody', { headers: { 'x-request-id': 'req-42' } });
    const line = lines.find((l) => l.req_id === 'req-42' && l.msg === 'request');
    expect(line).toMatchObject({ method: 'GET', path: '/v1/customers/nobody', status: 404 });
    expect(line?.ms).toBeTypeOf('number');
  });

  it('publishes an OpenAPI 3.1 document with every route and the shared error schema', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/healthz',
        '/readyz',
        '/v1/customers',
        '/v1/customers/{id}',
        '/v1/health',
        '/v1/model',
        '/v1/model/promote',
        '/v1/model/reload',
        '/v1/portfolio/metrics',
        '/v1/predict',
        '/v1/scorecard',
        '/v1/score',
        '/v1/summary',
      ].sort(),
    );
    expect(Object.keys(doc.paths['/v1/scorecard'] ?? {}).sort()).toEqual(['get', 'put']);
    expect(doc.components.schemas).toHaveProperty('ErrorResponse');
    expect(doc.components.schemas).toHaveProperty('HealthResult');
  });

  it('serves Swagger UI from local files, without any CDN', async () => {
    const html = await (await t.app.request('/docs')).text();
    expect(html).toContain('/docs/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    const js = await t.app.request('/docs/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await t.app.request('/docs/init.js')).status).toBe(200);
  });
});

describe('POST /v1/score', () => {
  it('scores one customer with drivers and the full per-measure explanation', async () => {
    const res = await t.app.request('/v1/score', json(one));
    expect(res.status).toBe(200);
    const body = HealthResultSchema.parse(await res.json());
    expect(body).toMatchObject({ customer_id: 'x1', mode: 'current', scorecard_version: 1 });
    expect(body.score).toBeGreaterThanOrEqual(0);
    expect(body.score).toBeLessThanOrEqual(100);
    const points = (body.measures ?? []).reduce((s, m) => s + m.points, 0);
    expect(points).toBeCloseTo(body.score, 6);
  });

  it('gives a healthy customer a better score than a lapsing one', async () => {
    const lapsing = { ...one, metrics: { ...one.metrics, nps_last: 2, recency_ratio: 4, tickets_count: 6 } };
    const res = await t.app.request('/v1/score', json({ customers: [one, lapsing] }));
    const { results } = (await res.json()) as { results: Array<{ score: number; band: string }> };
    expect(results).toHaveLength(2);
    expect(results[0]?.score).toBeGreaterThan(results[1]?.score ?? 100);
    expect(results[1]?.band).toBe('red');
  });

  it('returns drivers only for a batch unless detail=full is asked', async () => {
    const plain = (await (await t.app.request('/v1/score', json({ customers: [one] }))).json()) as {
      results: Array<Record<string, unknown>>;
    };
    expect(plain.results[0]).not.toHaveProperty('measures');
    expect(plain.results[0]).toHaveProperty('drivers');
    const full = (await (
      await t.app.request('/v1/score?detail=full', json({ customers: [one] }))
    ).json()) as {
      results: Array<Record<string, unknown>>;
    };
    expect(full.results[0]).toHaveProperty('measures');
  });

  it('answers a batch in input order', async () => {
    const customers = Array.from({ length: 50 }, (_, i) => ({ ...one, customer_id: `b${i}` }));
    const { results } = (await (await t.app.request('/v1/score', json({ customers }))).json()) as {
      results: Array<{ customer_id: string }>;
    };
    expect(results.map((r) => r.customer_id)).toEqual(customers.map((c) => c.customer_id));
  });

  it('grey-lists a customer with too few measures as unknown rather than a confident colour', async () => {
    const res = await t.app.request('/v1/score', json({ customer_id: 'thin', metrics: { nps_last: 10 } }));
    expect(((await res.json()) as { band: string }).band).toBe('unknown');
  });

  it('answers 400 with the JSON path of a bad metric inside a batch', async () => {
    const bad = { customers: [one, { ...one, metrics: { nps_last: 'nine' } }] };
    const error = await expectError(await t.app.request('/v1/score', json(bad)), 400, 'validation_failed');
    expect(error.details).toContainEqual(expect.objectContaining({ path: 'customers[1].metrics.nps_last' }));
  });

  it('answers 400 naming customer_id when it is missing', async () => {
    const error = await expectError(
      await t.app.request('/v1/score', json({ metrics: { nps_last: 1 } })),
      400,
      'validation_failed',
    );
    expect(error.details.map((d) => d.path)).toContain('customer_id');
  });

  it('reports the batch problem, not single-customer fields, when customers is not an array', async () => {
    const error = await expectError(
      await t.app.request('/v1/score', json({ customers: 'all' })),
      400,
      'validation_failed',
    );
    expect(error.details.map((d) => d.path)).toEqual(['customers']);
  });

  it('answers 400 on malformed JSON and on an empty body', async () => {
    await expectError(
      await t.app.request('/v1/score', {
        method: 'POST',
        body: '{"customer_id":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'bad_request',
    );
    const empty = await t.app.request('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.status).toBe(400);
  });

  it('answers 400 on a bad detail query value', async () => {
    const error = await expectError(
      await t.app.request('/v1/score?detail=all', json(one)),
      400,
      'validation_failed',
    );
    expect(error.details[0]?.path).toBe('query.detail');
  });

  it('answers 415 when the body is not JSON', async () => {
    await expectError(
      await t.app.request('/v1/score', {
        method: 'POST',
        body: 'a=1',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      'unsupported_media_type',
    );
  });

  it('answers 413 over the body limit', async () => {
    const small = await createTestApp(p, { bodyLimitBytes: 2048 });
    const customers = Array.from({ length: 40 }, (_, i) => ({ ...one, customer_id: `c${i}` }));
    await expectError(await small.app.request('/v1/score', json({ customers })), 413, 'payload_too_large');
    await expectError(await small.app.request('/v1/predict', json({ customers })), 413, 'payload_too_large');
    await expectError(await small.app.request('/v1/health', json({ customers })), 413, 'payload_too_large');
    const big = JSON.stringify({ ...DEFAULT_SCORECARD_DOCUMENT, description: 'x'.repeat(4096) });
    await expectError(
      await small.app.request('/v1/scorecard', {
        method: 'PUT',
        body: big,
        headers: { 'content-type': 'application/json', ...admin },
      }),
      413,
      'payload_too_large',
    );
  });

  it('scores and predicts a full batch of 10,000 customers, in input order', async () => {
    const customers = Array.from({ length: 10_000 }, (_, i) => ({
      ...one,
      customer_id: `c${i}`,
      metrics: { ...one.metrics, nps_last: i % 11 },
    }));
    for (const route of ['/v1/score', '/v1/predict']) {
      const res = await t.app.request(route, json({ customers }));
      expect(res.status).toBe(200);
      const { results } = (await res.json()) as { results: { customer_id: string; score: number }[] };
      expect(results).toHaveLength(10_000);
      expect(results.map((r) => r.customer_id)).toEqual(customers.map((c) => c.customer_id));
    }
  });

  it('answers 400 for a batch over 10,000 customers', async () => {
    const customers = Array.from({ length: 10_001 }, (_, i) => ({ customer_id: `c${i}`, metrics: {} }));
    const error = await expectError(
      await t.app.request('/v1/score', json({ customers })),
      400,
      'validation_failed',
    );
    expect(error.details[0]?.path).toBe('customers');
  });

  it('answers 405 with Allow for a wrong method', async () => {
    const res = await t.app.request('/v1/score', { method: 'GET' });
    await expectError(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('POST /v1/predict and /v1/health', () => {
  it('predicts churn probability, score = 100 × (1 − p), colour, drivers and model version', async () => {
    const res = await t.app.request('/v1/predict', json(one));
    expect(res.status).toBe(200);
    const body = HealthResultSchema.parse(await res.json());
    expect(body.mode).toBe('predicted');
    expect(body.model_version).toBe(p.versions[0]);
    expect(body.churn_probability).toBeGreaterThanOrEqual(0);
    expect(body.churn_probability).toBeLessThanOrEqual(1);
    expect(body.score).toBeCloseTo(100 * (1 - (body.churn_probability ?? 0)), 0);
    const expected = body.churn_probability ?? 0;
    const band = expected >= 0.5 ? 'red' : expected >= 0.2 ? 'yellow' : 'green';
    expect(body.band).toBe(band);
  });

  it('explains predictions with drivers in score points, largest first', async () => {
    const customers = Array.from({ length: 20 }, (_, i) => ({
      customer_id: `d${i}`,
      segment: i % 2 ? 'retail' : 'smb',
      metrics: {
        nps_last: i % 11,
        recency_ratio: i / 4,
        tickets_count: i % 5,
        revenue: 100 * i,
        tenure_days: 30 * i,
      },
    }));
    const { results } = (await (await t.app.request('/v1/predict', json({ customers }))).json()) as {
      results: Array<{ drivers: Array<{ feature: string; effect: number }> }>;
    };
    const withDrivers = results.filter((r) => r.drivers.length > 0);
    expect(withDrivers.length).toBeGreaterThan(0);
    for (const r of withDrivers) {
      const sizes = r.drivers.map((d) => Math.abs(d.effect));
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      expect(r.drivers.every((d) => typeof d.feature === 'string' && Number.isFinite(d.effect))).toBe(true);
    }
  });

  it('predicts a batch in input order', async () => {
    const customers = [one, { ...one, customer_id: 'x2', metrics: { recency_ratio: 5 } }];
    const { results } = (await (await t.app.request('/v1/predict', json({ customers }))).json()) as {
      results: Array<{ customer_id: string }>;
    };
    expect(results.map((r) => r.customer_id)).toEqual(['x1', 'x2']);
  });

  it('puts both modes side by side with their comparison', async () => {
    const res = await t.app.request('/v1/health', json(one));
    const pair = HealthPairSchema.parse(await res.json());
    expect(pair.current.mode).toBe('current');
    expect(pair.predicted.mode).toBe('predicted');
    expect(pair.comparison.delta).toBeCloseTo(pair.predicted.score - pair.current.score, 1);
    expect(pair.comparison.from).toBe(pair.current.band);
    expect(pair.comparison.to).toBe(pair.predicted.band);
  });

  it('answers 400 for invalid input on /v1/predict and /v1/health', async () => {
    await expectError(await t.app.request('/v1/predict', json({ customers: [] })), 400, 'validation_failed');
    await expectError(await t.app.request('/v1/health', json({ customer_id: 1 })), 400, 'validation_failed');
  });
});

describe('GET /v1/customers', () => {
  it('lists the latest snapshot with both modes', async () => {
    const res = await t.app.request('/v1/customers?limit=5');
    const page = CustomerListResponseSchema.parse(await res.json());
    expect(page.as_of).toBe(p.dates.at(-1));
    expect(page.items).toHaveLength(5);
    expect(page.items[0]?.predicted?.churn_probability).toBeTypeOf('number');
    expect(page.items.map((i) => i.customer_id)).toEqual([...page.items.map((i) => i.customer_id)].sort());
  });

  it("gives each listed row the top driver of the customer's own detail, in both modes", async () => {
    const page = CustomerListResponseSchema.parse(
      await (await t.app.request('/v1/customers?limit=8&sort=-churn_probability')).json(),
    );
    expect(page.items.some((i) => i.current.top_driver !== null)).toBe(true);
    expect(page.items.some((i) => i.predicted?.top_driver)).toBe(true);
    for (const item of page.items) {
      const detail = CustomerDetailSchema.parse(
        await (await t.app.request(`/v1/customers/${item.customer_id}`)).json(),
      );
      const worst = (drivers: { feature: string; effect: number }[]) =>
        drivers.filter((d) => d.effect < 0).sort((a, b) => a.effect - b.effect)[0]?.feature ?? null;
      expect(item.current.top_driver?.feature ?? null).toBe(worst(detail.current.drivers));
      expect(item.predicted?.top_driver?.feature ?? null).toBe(worst(detail.predicted?.drivers ?? []));
      if (item.current.top_driver) expect(item.current.top_driver.effect).toBeLessThan(0);
    }
  });

  it('walks every customer exactly once through the cursor pages', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const q: string = `/v1/customers?limit=37&sort=-churn_probability${cursor ? `&cursor=${cursor}` : ''}`;
      const page = CustomerListResponseSchema.parse(await (await t.app.request(q)).json());
      total = page.total;
      seen.push(...page.items.map((i) => i.customer_id));
      const probs = page.items.map((i) => i.predicted?.churn_probability ?? 0);
      expect(probs).toEqual([...probs].sort((a, b) => b - a));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('filters by current colour, predicted colour, segment and id prefix', async () => {
    const red = CustomerListResponseSchema.parse(
      await (await t.app.request('/v1/customers?band=red&limit=1000')).json(),
    );
    expect(red.items.length).toBeGreaterThan(0);
    expect(red.items.every((i) => i.current.band === 'red')).toBe(true);
    const summary = SummarySchema.parse(await (await t.app.request('/v1/summary')).json());
    expect(red.total).toBe(summary.counts.current.red);
    const both = CustomerListResponseSchema.parse(
      await (
        await t.app.request('/v1/customers?band=green&predicted_band=yellow&segment=retail&limit=1000')
      ).json(),
    );
    expect(
      both.items.every(
        (i) => i.current.band === 'green' && i.predicted?.band === 'yellow' && i.segment === 'retail',
      ),
    ).toBe(true);
    const prefix = CustomerListResponseSchema.parse(
      await (await t.app.request('/v1/customers?q=C00001')).json(),
    );
    expect(prefix.items.length).toBeGreaterThan(0);
    expect(prefix.items.every((i) => i.customer_id.startsWith('C00001'))).toBe(true);
  });

  it('answers 400 naming the query parameter for a bad filter, sort, limit or cursor', async () => {
    for (const [q, path] of [
      ['band=purple', 'query.band'],
      ['sort=revenue', 'query.sort'],
      ['limit=0', 'query.limit'],
      ['limit=abc', 'query.limit'],
      ['cursor=not-a-cursor', 'query.cursor'],
    ] as const) {
      const error = await expectError(await t.app.request(`/v1/customers?${q}`), 400, 'validation_failed');
      expect(error.details[0]?.path).toBe(path);
    }
  });

  it('rejects a cursor issued for another sort', async () => {
    const page = CustomerListResponseSchema.parse(
      await (await t.app.request('/v1/customers?limit=2')).json(),
    );
    const error = await expectError(
      await t.app.request(`/v1/customers?limit=2&sort=score&cursor=${page.next_cursor}`),
      400,
      'validation_failed',
    );
    expect(error.details[0]?.problem).toContain('sort');
  });
});

describe('GET /v1/portfolio/metrics', () => {
  it('returns every customer metric column-wise, aligned with the portfolio, gzip when accepted', async () => {
    const res = await t.app.request('/v1/portfolio/metrics', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const { gunzipSync } = await import('node:zlib');
    const body = PortfolioMetricsSchema.parse(
      JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()),
    );
    const page = CustomerListResponseSchema.parse(
      await (await t.app.request('/v1/customers?limit=1')).json(),
    );
    expect(body.as_of).toBe(page.as_of);
    expect(body.customer_id).toHaveLength(page.total);
    expect(body.segment).toHaveLength(page.total);
    for (const values of Object.values(body.metrics)) expect(values).toHaveLength(page.total);
    const first = page.items[0];
    const i = body.customer_id.indexOf(first?.customer_id ?? '');
    const detail = CustomerDetailSchema.parse(
      await (await t.app.request(`/v1/customers/${first?.customer_id}`)).json(),
    );
    for (const [name, value] of Object.entries(detail.metrics)) expect(body.metrics[name]?.[i]).toBe(value);
  });
});

describe('GET /v1/customers/{id}', () => {
  it('returns both modes, raw metrics and the history over every snapshot', async () => {
    const page = CustomerListResponseSchema.parse(
      await (await t.app.request('/v1/customers?limit=1&q=C0000')).json(),
    );
    const id = page.items[0]?.customer_id ?? '';
    const res = await t.app.request(`/v1/customers/${id}`);
    expect(res.status).toBe(200);
    const d = CustomerDetailSchema.parse(await res.json());
    expect(d.current.customer_id).toBe(id);
    expect(d.current.score).toBeCloseTo(page.items[0]?.current.score ?? -1, 6);
    expect(d.predicted?.mode).toBe('predicted');
    expect(d.metrics).toHaveProperty('recency_ratio');
    expect(d.history.length).toBeGreaterThan(1);
    expect(d.history.map((h) => h.as_of)).toEqual([...d.history.map((h) => h.as_of)].sort());
    expect(d.history.at(-1)?.as_of).toBe(d.as_of);
    expect(d.history.at(-1)?.current.score).toBeCloseTo(d.current.score, 6);
    expect(d.history.some((h) => h.churned !== null)).toBe(true);
  });

  it('answers 404 for an unknown customer', async () => {
    const error = await expectError(await t.app.request('/v1/customers/nobody'), 404, 'not_found');
    expect(error.details[0]?.path).toBe('id');
  });
});

describe('GET /v1/summary', () => {
  it('counts colours per mode, transitions and histograms that add up to the portfolio', async () => {
    const s = SummarySchema.parse(await (await t.app.request('/v1/summary')).json());
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    expect(sum(s.counts.current)).toBe(s.customers);
    expect(sum(s.counts.predicted)).toBe(s.customers);
    const inMatrix = s.transitions.matrix.flat().reduce((a, b) => a + b, 0);
    expect(
      inMatrix + s.transitions.unknown_current.reduce((a, b) => a + b, 0) + s.transitions.unknown_predicted,
    ).toBe(s.customers);
    expect(s.transitions.unknown_current.reduce((a, b) => a + b, 0)).toBe(s.counts.current.unknown);
    expect(s.histograms.current.counts.reduce((a, b) => a + b, 0)).toBe(s.customers);
    expect(s.segments.reduce((a, g) => a + g.customers, 0)).toBe(s.customers);
    expect(s.model_version).toBe(p.versions[0]);
  });
});

describe('scorecard and model', () => {
  it('returns the model card of the champion', async () => {
    const card = (await (await t.app.request('/v1/model')).json()) as { version: string; features: string[] };
    expect(card.version).toBe(p.versions[0]);
    expect(card.features).toContain('recency_ratio');
  });

  it('returns the active scorecard with its version as ETag', async () => {
    const res = await t.app.request('/v1/scorecard');
    expect(res.headers.get('etag')).toBe('"1"');
    expect(((await res.json()) as { version: number }).version).toBe(1);
  });

  it('answers 401 without a key and 403 with a wrong key on admin routes', async () => {
    await expectError(await t.app.request('/v1/model/reload', { method: 'POST' }), 401, 'unauthorized');
    await expectError(
      await t.app.request('/v1/model/reload', { method: 'POST', headers: { authorization: 'Bearer nope' } }),
      403,
      'forbidden',
    );
    await expectError(
      await t.app.request('/v1/scorecard', {
        method: 'PUT',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      }),
      401,
      'unauthorized',
    );
  });

  it('replaces the scorecard atomically: new version, refitted, rescored, written to disk', async () => {
    const before = SummarySchema.parse(await (await t.app.request('/v1/summary')).json());
    const doc = { ...DEFAULT_SCORECARD_DOCUMENT, version: 1, bands: { green: 90, yellow: 80 } };
    const res = await t.app.request('/v1/scorecard', { ...json(doc, admin), method: 'PUT' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    const after = SummarySchema.parse(await (await t.app.request('/v1/summary')).json());
    expect(after.scorecard_version).toBe(2);
    expect(after.counts.current.green).toBeLessThan(before.counts.current.green);
    const onDisk = JSON.parse(readFileSync(t.scorecardFile, 'utf8')) as { version: number; bands: unknown };
    expect(onDisk).toMatchObject({ version: 2, bands: { green: 90, yellow: 80 } });
    const history = t.scorecardFile.replace(/\.json$/, '.history');
    expect(JSON.parse(readFileSync(path.join(history, 'v1.json'), 'utf8'))).toMatchObject({ version: 1 });
    expect(JSON.parse(readFileSync(path.join(history, 'v2.json'), 'utf8'))).toMatchObject({ version: 2 });
    const scored = (await (await t.app.request('/v1/score', json(one))).json()) as {
      scorecard_version: number;
    };
    expect(scored.scorecard_version).toBe(2);
  });

  it('answers 409 for a stale version in the body or If-Match', async () => {
    const doc = { ...DEFAULT_SCORECARD_DOCUMENT, version: 1 };
    await expectError(
      await t.app.request('/v1/scorecard', { ...json(doc, admin), method: 'PUT' }),
      409,
      'version_conflict',
    );
    await expectError(
      await t.app.request('/v1/scorecard', {
        ...json({ ...doc, version: 2 }, { ...admin, 'if-match': '"1"' }),
        method: 'PUT',
      }),
      409,
      'version_conflict',
    );
  });

  it('answers 400 with the JSON path of an invalid scorecard and keeps the old one', async () => {
    const current = (await (await t.app.request('/v1/scorecard')).json()) as { version: number };
    const doc = { ...DEFAULT_SCORECARD_DOCUMENT, version: current.version, bands: { green: 30, yellow: 60 } };
    const error = await expectError(
      await t.app.request('/v1/scorecard', { ...json(doc, admin), method: 'PUT' }),
      400,
      'invalid_scorecard',
    );
    expect(error.details.some((d) => d.path.startsWith('bands'))).toBe(true);
    const still = (await (await t.app.request('/v1/scorecard')).json()) as { version: number };
    expect(still.version).toBe(current.version);
  });

  it('answers 400 for a malformed If-Match header', async () => {
    const error = await expectError(
      await t.app.request('/v1/scorecard', {
        ...json(DEFAULT_SCORECARD_DOCUMENT, { ...admin, 'if-match': 'abc' }),
        method: 'PUT',
      }),
      400,
      'validation_failed',
    );
    expect(error.details[0]?.path).toBe('header.if-match');
  });

  it('promotes another registered model and serves it, and 404s an unknown version', async () => {
    const [first, second] = p.versions as [string, string];
    const res = await t.app.request('/v1/model/promote', json({ version: second }, admin));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ model_version: second, previous_version: first });
    const predicted = (await (await t.app.request('/v1/predict', json(one))).json()) as {
      model_version: string;
    };
    expect(predicted.model_version).toBe(second);
    const summary = SummarySchema.parse(await (await t.app.request('/v1/summary')).json());
    expect(summary.model_version).toBe(second);
    await expectError(
      await t.app.request('/v1/model/promote', json({ version: 'v-none' }, admin)),
      404,
      'not_found',
    );
    await expectError(await t.app.request('/v1/model/promote', json({}, admin)), 400, 'validation_failed');
  });

  it('answers 409 model_unusable when the version to promote has a corrupt weights file, keeping the champion', async () => {
    const modelsDir = path.join(p.dir, 'models-corrupt');
    cpSync(p.modelsDir, modelsDir, { recursive: true });
    const registry = JSON.parse(readFileSync(path.join(modelsDir, 'registry.json'), 'utf8')) as {
      champion: string;
    };
    const other = p.versions.find((v) => v !== registry.champion) as string;
    truncateSync(path.join(modelsDir, other, 'weights.bin'), 10);
    const { app, runtime } = await ownApp({ modelsDir, apiKeys: [KEY] });
    const error = await expectError(
      await app.request('/v1/model/promote', json({ version: other }, admin)),
      409,
      'model_unusable',
    );
    expect(error.details[0]?.path).toBe('version');
    expect(error.message).toMatch(/weights/i);
    expect(runtime.state().predictor?.version).toBe(registry.champion);
  });

  it('reloads the champion from the registry', async () => {
    const res = await t.app.request('/v1/model/reload', { method: 'POST', headers: { 'x-api-key': KEY } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { model_version: string };
    expect(p.versions).toContain(body.model_version);
  });
});

describe('auth and CORS settings', () => {
  it('protects reads when keys are required', async () => {
    const locked = await createTestApp(p, { apiKeys: [KEY], requireKeyForReads: true });
    await expectError(await locked.app.request('/v1/summary'), 401, 'unauthorized');
    expect((await locked.app.request('/v1/summary', { headers: admin })).status).toBe(200);
    expect((await locked.app.request('/healthz')).status).toBe(200);
  });

  it('keeps admin routes closed with 403 when no key is configured', async () => {
    const open = await createTestApp(p, { apiKeys: [] });
    await expectError(
      await open.app.request('/v1/model/reload', { method: 'POST', headers: admin }),
      403,
      'forbidden',
    );
  });

  it('answers CORS preflights for configured origins only', async () => {
    const c = await createTestApp(p, { corsOrigins: ['http://localhost:5173'] });
    const ok = await c.app.request('/v1/summary', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const other = await c.app.request('/v1/summary', { headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the built web app with an SPA fallback, never shadowing API errors', async () => {
    const web = path.join(p.dir, 'web');
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>CHI</title>');
    writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
    const app = createApp({
      runtime: t.runtime,
      source: t.source,
      config: { ...DEFAULT_CONFIG },
      logger: pino({ level: 'silent' }),
      webDir: web,
    });
    const index = await app.request('/');
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('<title>CHI</title>');
    const js = await app.request('/assets/app.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await (await app.request('/customers/C000001')).text()).toContain('<title>CHI</title>');
    await expectError(await app.request('/v1/nothing'), 404, 'not_found');
    expect((await app.request('/v1/summary')).status).toBe(200);
    expect((await app.request('/../../etc/passwd')).status).not.toBe(500);
  });

  it('answers 404 in the error shape for an unknown path', async () => {
    await expectError(await t.app.request('/v2/nothing'), 404, 'not_found');
  });
});

describe('model swap during a request', () => {
  it('answers a customer detail still waiting on its history with the model it started on, after a reload', async () => {
    let hold = false;
    let entered!: () => void;
    const waiting = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const source = {
      latest: () => t.source.latest(),
      history: async (id: string) => {
        if (hold) {
          entered();
          await gate;
        }
        return t.source.history(id);
      },
      close: () => undefined,
    };
    const { app, runtime } = await ownApp({ source, modelsDir: p.modelsDir });
    const id = CustomerListResponseSchema.parse(await (await app.request('/v1/customers?limit=1')).json())
      .items[0]?.customer_id;
    const before = runtime.state().predictor;
    hold = true;
    const pending = app.request(`/v1/customers/${id}`);
    await waiting;
    await runtime.reloadModel();
    expect(runtime.state().predictor).not.toBe(before);
    release();
    const res = await pending;
    expect(res.status).toBe(200);
    const detail = CustomerDetailSchema.parse(await res.json());
    expect(detail.predicted?.model_version).toBe(before?.version);
    expect(detail.history.length).toBeGreaterThan(1);
  });
});
