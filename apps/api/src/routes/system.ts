/**
 * @module Operational routes: `/healthz` (alive), `/readyz` (store, scorecard and model loaded),
 * `/metrics` (Prometheus), `/openapi.json` (OpenAPI 3.1) and `/docs` (Swagger UI served from the
 * installed `swagger-ui-dist`, no CDN).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ReadinessSchema } from '@chi/core';
import { createRoute, z } from '@hono/zod-openapi';
import type { ApiApp, ApiDeps } from '../context.js';
import type { RequestMetrics } from '../metrics.js';
import { json } from '../responses.js';

const healthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['ops'],
  summary: 'Liveness',
  responses: { 200: json(z.object({ status: z.literal('ok') }), 'The process is alive.') },
});

const readyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['ops'],
  summary: 'Readiness: store, scorecard and model loaded',
  responses: {
    200: json(ReadinessSchema, 'Ready to serve.'),
    503: json(ReadinessSchema, 'Still loading.'),
  },
});

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CHI API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

const DOCS_INIT = "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' });\n";

const DOCS_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/**
 * Registers the operational routes and the OpenAPI document.
 *
 * @param app - the app
 * @param deps - runtime
 * @param metrics - request metrics to expose
 */
export function registerSystem(app: ApiApp, { runtime }: ApiDeps, metrics: RequestMetrics): void {
  app.openapi(healthzRoute, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(readyzRoute, (c) => {
    const r = runtime.ready();
    const ok = r.store && r.scorecard && r.model;
    return c.json({ status: ok ? ('ready' as const) : ('loading' as const), ...r }, ok ? 200 : 503);
  });

  app.get('/metrics', (c) => c.body(metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'CHI — Customer Health Index API',
      version: '1.0.0',
      description:
        'Current health (rule-based scorecard) and predicted health (churn model) for one customer, a batch, ' +
        'or the whole portfolio. Errors share one shape: `{"error":{"code","message","details":[{"path","problem"}]}}`.',
    },
  });

  const dist = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const assets = new Map<string, Buffer>();
  app.get('/docs', (c) => c.html(DOCS_HTML));
  app.get('/docs/init.js', (c) =>
    c.body(DOCS_INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/docs/:file', async (c, next) => {
    const file = c.req.param('file');
    const type = DOCS_ASSETS[file];
    if (!type) return next();
    let data = assets.get(file);
    if (!data) {
      data = await readFile(path.join(dist, file));
      assets.set(file, data);
    }
    return c.body(new Uint8Array(data), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    });
  });
}
