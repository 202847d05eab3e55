/**
 * @module Model and scorecard routes: `GET /v1/model`, `GET /v1/scorecard`, and the admin routes (API key
 * required) `PUT /v1/scorecard`, `POST /v1/model/promote`, `POST /v1/model/reload`.
 */
import {
  ModelCardSchema,
  ModelSwapResponseSchema,
  PromoteRequestSchema,
  ScorecardEnvelopeSchema,
} from '@chi/core';
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ApiApp, ApiDeps } from '../context.js';
import { ApiError } from '../errors.js';
import type { CurrentScorer } from '../ports.js';
import { errors, json } from '../responses.js';

const admin: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { apiKey: [] }];

const modelRoute = createRoute({
  method: 'get',
  path: '/v1/model',
  tags: ['model'],
  summary: 'Model card of the champion',
  responses: { 200: json(ModelCardSchema, 'The card.'), ...errors(401, 403, 503) },
});

const scorecardRoute = createRoute({
  method: 'get',
  path: '/v1/scorecard',
  tags: ['scorecard'],
  summary: 'The active scorecard (ETag = version)',
  responses: { 200: json(ScorecardEnvelopeSchema, 'The scorecard.'), ...errors(401, 403, 503) },
});

const putScorecardRoute = createRoute({
  method: 'put',
  path: '/v1/scorecard',
  tags: ['scorecard'],
  summary: 'Replace the scorecard (validated, versioned, atomic)',
  description:
    'Send the edited document with `If-Match: "<version>"` or its `version` field set to the version you ' +
    'edited; a stale version answers 409. The stored version becomes the current one plus 1, stats are ' +
    'refitted on the latest snapshot and the portfolio rescored before the switch.',
  security: admin,
  request: {
    headers: z.object({ 'if-match': z.string().max(100).optional() }),
    body: {
      content: {
        'application/json': {
          schema: z
            .record(z.string(), z.unknown())
            .openapi({ description: 'Scorecard document (DESIGN.md).' }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(ScorecardEnvelopeSchema, 'The new active scorecard.'),
    ...errors(400, 401, 403, 409, 413, 415, 503),
  },
});

const promoteRoute = createRoute({
  method: 'post',
  path: '/v1/model/promote',
  tags: ['model'],
  summary: 'Promote a registry version to champion and load it',
  security: admin,
  request: { body: { content: { 'application/json': { schema: PromoteRequestSchema } }, required: true } },
  responses: {
    200: json(ModelSwapResponseSchema, 'Now serving.'),
    ...errors(400, 401, 403, 404, 413, 415, 503),
  },
});

const reloadRoute = createRoute({
  method: 'post',
  path: '/v1/model/reload',
  tags: ['model'],
  summary: 'Reload the champion from the registry',
  security: admin,
  responses: { 200: json(ModelSwapResponseSchema, 'Now serving.'), ...errors(401, 403, 503) },
});

const envelope = (s: CurrentScorer) => ({
  version: s.version,
  scorecard: s.document,
  stats_as_of: s.statsAsOf,
});

function expectedVersion(ifMatch: string | undefined, body: Record<string, unknown>): number | undefined {
  if (ifMatch !== undefined) {
    const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (!m?.[1]) {
      throw new ApiError(400, 'validation_failed', 'invalid If-Match header', [
        { path: 'header.if-match', problem: 'expected the scorecard version, e.g. "3"' },
      ]);
    }
    return Number(m[1]);
  }
  return typeof body.version === 'number' ? body.version : undefined;
}

/**
 * Registers the model and scorecard routes.
 *
 * @param app - the app
 * @param deps - runtime
 * @param adminAuth - middleware requiring an API key
 */
export function registerAdmin(app: ApiApp, { runtime }: ApiDeps, adminAuth: MiddlewareHandler): void {
  app.openapi(modelRoute, (c) => {
    const { predictor } = runtime.state();
    if (!predictor) throw new ApiError(503, 'not_ready', 'no champion model is loaded');
    return c.json({ ...predictor.card, version: predictor.version }, 200);
  });

  app.openapi(scorecardRoute, (c) => {
    const { scorer } = runtime.state();
    if (!scorer) throw new ApiError(503, 'not_ready', 'the scorecard is not loaded');
    c.header('ETag', `"${scorer.version}"`);
    return c.json(envelope(scorer), 200);
  });

  app.use('/v1/scorecard', async (c, next) => (c.req.method === 'PUT' ? adminAuth(c, next) : next()));
  app.use('/v1/model/*', adminAuth);

  app.openapi(putScorecardRoute, async (c) => {
    const body = c.req.valid('json');
    const expected = expectedVersion(c.req.valid('header')['if-match'], body);
    const scorer = await runtime.updateScorecard(body, expected);
    c.header('ETag', `"${scorer.version}"`);
    return c.json(envelope(scorer), 200);
  });

  app.openapi(promoteRoute, async (c) => {
    const { version } = c.req.valid('json');
    const r = await runtime.promoteModel(version);
    if (r.current === null) throw new ApiError(503, 'not_ready', 'the registry names no champion');
    return c.json({ model_version: r.current, previous_version: r.previous }, 200);
  });

  app.openapi(reloadRoute, async (c) => {
    const r = await runtime.reloadModel();
    if (r.current === null) throw new ApiError(503, 'not_ready', 'the registry names no champion');
    return c.json({ model_version: r.current, previous_version: r.previous }, 200);
  });
}
