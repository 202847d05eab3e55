/**
 * @module `POST /v1/score`, `/v1/predict`, `/v1/health`: current, predicted, or both for one customer or a
 * batch of up to 10,000.
 */
import {
  type CustomerInput,
  HealthPairResponseSchema,
  type HealthResultWire,
  ScoreQuerySchema,
  ScoreRequestSchema,
  ScoreResponseSchema,
} from '@chi/core';
import { createRoute } from '@hono/zod-openapi';
import { compareResults } from '../compare.js';
import type { ApiApp, ApiDeps } from '../context.js';
import { ApiError } from '../errors.js';
import { errors, json } from '../responses.js';

const body = {
  content: { 'application/json': { schema: ScoreRequestSchema } },
  required: true,
  description: 'One customer, or `{ "customers": [...] }`.',
};

const scoreRoute = createRoute({
  method: 'post',
  path: '/v1/score',
  tags: ['health'],
  summary: 'Current health (scorecard) with explanations',
  request: { body, query: ScoreQuerySchema },
  responses: {
    200: json(ScoreResponseSchema, 'One result, or `{ results }` in input order.'),
    ...errors(400, 401, 403, 413, 415, 503),
  },
});

const predictRoute = createRoute({
  method: 'post',
  path: '/v1/predict',
  tags: ['health'],
  summary: 'Predicted health (churn model) with drivers',
  request: { body },
  responses: {
    200: json(ScoreResponseSchema, 'One result, or `{ results }` in input order.'),
    ...errors(400, 401, 403, 413, 415, 503),
  },
});

const healthRoute = createRoute({
  method: 'post',
  path: '/v1/health',
  tags: ['health'],
  summary: 'Current and predicted health side by side',
  request: { body, query: ScoreQuerySchema },
  responses: {
    200: json(HealthPairResponseSchema, 'One pair, or `{ results }` in input order.'),
    ...errors(400, 401, 403, 413, 415, 503),
  },
});

const notReady = (what: string) => new ApiError(503, 'not_ready', `${what} is not loaded`);

/**
 * Registers the scoring routes.
 *
 * @param app - the app
 * @param deps - runtime
 */
export function registerScoring(app: ApiApp, { runtime }: ApiDeps): void {
  const current = (inputs: CustomerInput[], full: boolean): HealthResultWire[] => {
    const { scorer } = runtime.state();
    if (!scorer) throw notReady('the scorecard');
    return scorer.scoreMany(inputs, full ? 'full' : 'drivers');
  };
  const predicted = async (inputs: CustomerInput[]): Promise<HealthResultWire[]> => {
    const { predictor } = runtime.state();
    if (!predictor) throw notReady('a champion model');
    return runtime.using(predictor, () => predictor.predict(inputs));
  };

  app.openapi(scoreRoute, (c) => {
    const input = c.req.valid('json');
    const { detail } = c.req.valid('query');
    if ('customers' in input) return c.json({ results: current(input.customers, detail === 'full') }, 200);
    const [one] = current([input], detail !== 'drivers');
    return c.json(one as HealthResultWire, 200);
  });

  app.openapi(predictRoute, async (c) => {
    const input = c.req.valid('json');
    if ('customers' in input) return c.json({ results: await predicted(input.customers) }, 200);
    const [one] = await predicted([input]);
    return c.json(one as HealthResultWire, 200);
  });

  app.openapi(healthRoute, async (c) => {
    const input = c.req.valid('json');
    const batch = 'customers' in input;
    const inputs = batch ? input.customers : [input];
    const { detail } = c.req.valid('query');
    const cur = current(inputs, batch ? detail === 'full' : detail !== 'drivers');
    const pred = await predicted(inputs);
    const pairs = inputs.map((x, i) => {
      const a = cur[i] as HealthResultWire;
      const b = pred[i] as HealthResultWire;
      return { customer_id: x.customer_id, current: a, predicted: b, comparison: compareResults(a, b) };
    });
    if (batch) return c.json({ results: pairs }, 200);
    return c.json(pairs[0] as (typeof pairs)[number], 200);
  });
}
