/**
 * @module `GET /v1/customers`, `/v1/customers/{id}`, `/v1/summary`, `/v1/portfolio/metrics`: the portfolio at
 * the latest snapshot.
 */
import {
  CustomerDetailSchema,
  type CustomerInput,
  CustomerListQuerySchema,
  CustomerListResponseSchema,
  type HealthResultWire,
  type HistoryPoint,
  PortfolioMetricsSchema,
  SummarySchema,
  worstDriver,
} from '@chi/core';
import { createRoute, z } from '@hono/zod-openapi';
import { compress } from 'hono/compress';
import { compareResults } from '../compare.js';
import type { ApiApp, ApiDeps } from '../context.js';
import { ApiError } from '../errors.js';
import type { SnapshotColumns } from '../ports.js';
import { errors, json } from '../responses.js';

const listRoute = createRoute({
  method: 'get',
  path: '/v1/customers',
  tags: ['portfolio'],
  summary: 'Portfolio at the latest snapshot: filter, sort, paginate',
  request: { query: CustomerListQuerySchema },
  responses: { 200: json(CustomerListResponseSchema, 'One page.'), ...errors(400, 401, 403, 503) },
});

const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'C000123' }),
});

const detailRoute = createRoute({
  method: 'get',
  path: '/v1/customers/{id}',
  tags: ['portfolio'],
  summary: 'One customer: both modes with explanations, raw metrics, score history',
  request: { params: IdParams },
  responses: { 200: json(CustomerDetailSchema, 'The customer.'), ...errors(400, 401, 403, 404, 503) },
});

const summaryRoute = createRoute({
  method: 'get',
  path: '/v1/summary',
  tags: ['portfolio'],
  summary: 'Counts per colour per mode, transitions, score histograms, segments',
  responses: { 200: json(SummarySchema, 'The summary.'), ...errors(401, 403, 503) },
});

const metricsRoute = createRoute({
  method: 'get',
  path: '/v1/portfolio/metrics',
  tags: ['portfolio'],
  summary: 'Metrics of every customer at the latest snapshot, column-wise (for what-if rescoring)',
  description: 'Gzip-compressed when the client accepts it (20,000 customers × 15 metrics ≈ 3 MB of JSON).',
  responses: { 200: json(PortfolioMetricsSchema, 'The columns.'), ...errors(401, 403, 503) },
});

function inputAt(snapshot: SnapshotColumns, i: number): CustomerInput {
  const metrics: Record<string, number | null> = {};
  for (const [name, col] of Object.entries(snapshot.measures)) {
    const v = col[i];
    metrics[name] = v === undefined || Number.isNaN(v) ? null : v;
  }
  return { customer_id: snapshot.customer_id[i] ?? '', segment: snapshot.segment[i] ?? null, metrics };
}

/**
 * Registers the portfolio routes.
 *
 * @param app - the app
 * @param deps - runtime and snapshot source
 */
export function registerPortfolio(app: ApiApp, { runtime, source }: ApiDeps): void {
  const loaded = () => {
    const state = runtime.state();
    if (!state.portfolio || !state.snapshot || !state.scorer) {
      throw new ApiError(503, 'not_ready', 'the portfolio is not loaded (no snapshot store)');
    }
    return { ...state, portfolio: state.portfolio, snapshot: state.snapshot, scorer: state.scorer };
  };

  app.use('/v1/portfolio/metrics', compress());
  app.openapi(metricsRoute, (c) => {
    const { snapshot } = loaded();
    const metrics: Record<string, Array<number | null>> = {};
    for (const [name, col] of Object.entries(snapshot.measures)) {
      metrics[name] = Array.from(col, (v) => (Number.isNaN(v) ? null : v));
    }
    return c.json(
      { as_of: snapshot.asOf, customer_id: snapshot.customer_id, segment: snapshot.segment, metrics },
      200,
    );
  });

  // The page's rows are explained here (scorecard drivers in JS, model drivers by one batched prediction), so a
  // list of 100k customers costs only the rows asked for.
  app.openapi(listRoute, async (c) => {
    const { portfolio, snapshot, scorer, predictor } = loaded();
    const page = portfolio.list(c.req.valid('query'));
    const inputs = page.items.map((item) => inputAt(snapshot, portfolio.indexOf(item.customer_id) as number));
    const predicted =
      predictor && page.items.length > 0
        ? await runtime.using(predictor, () => predictor.predict(inputs))
        : [];
    const current = scorer.scoreMany(inputs, 'drivers');
    const items = page.items.map((item, k) => ({
      ...item,
      current: {
        ...item.current,
        top_driver: worstDriver(current[k]?.drivers ?? []),
      },
      predicted: item.predicted && {
        ...item.predicted,
        top_driver: worstDriver(predicted[k]?.drivers ?? []),
      },
    }));
    return c.json({ ...page, items }, 200);
  });

  app.openapi(summaryRoute, (c) => {
    const { portfolio, scorer, predictor } = loaded();
    return c.json(
      {
        ...portfolio.summary(),
        scorecard_version: scorer.version,
        model_version: predictor?.version ?? null,
      },
      200,
    );
  });

  app.openapi(detailRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { portfolio, snapshot, scorer, predictor } = loaded();
    const i = portfolio.indexOf(id);
    if (i === undefined) {
      throw new ApiError(404, 'not_found', `no customer "${id}" in the snapshot of ${portfolio.asOf}`, [
        { path: 'id', problem: 'unknown customer id' },
      ]);
    }
    const input = inputAt(snapshot, i);
    // The model is held from here to the answer: a reload while the history query runs cannot dispose it.
    const answer = async () => {
      const rows = source ? await source.history(id) : [];
      const inputs = rows.map((r) => ({
        customer_id: r.customer_id,
        segment: r.segment,
        metrics: r.metrics,
      }));
      const current = scorer.scoreMany([input], 'full')[0] as HealthResultWire;
      const historyCurrent = scorer.scoreMany(inputs, 'drivers');
      let predicted = null;
      let historyPredicted: Awaited<ReturnType<NonNullable<typeof predictor>['predict']>> = [];
      if (predictor) {
        const all = await predictor.predict([input, ...inputs]);
        predicted = all[0] ?? null;
        historyPredicted = all.slice(1);
      }
      const history: HistoryPoint[] = rows.map((r, k) => {
        const cur = historyCurrent[k];
        const pred = historyPredicted[k];
        return {
          as_of: r.as_of,
          current: { score: cur?.score ?? null, band: cur?.band ?? 'unknown' },
          predicted: pred
            ? { score: pred.score, band: pred.band, churn_probability: pred.churn_probability ?? null }
            : null,
          churned: r.churned,
        };
      });
      return c.json(
        {
          customer_id: id,
          segment: input.segment ?? null,
          as_of: portfolio.asOf ?? '',
          current,
          predicted,
          comparison: predicted ? compareResults(current, predicted) : null,
          metrics: input.metrics,
          history,
        },
        200,
      );
    };
    return predictor ? runtime.using(predictor, answer) : answer();
  });
}
