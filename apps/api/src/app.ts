/**
 * @module `createApp(deps)`: the Hono app with request ids, structured logs, metrics, CORS, body limit,
 * API-key checks, every route, the one error shape (`onError`, validation hook, 404/405) and, optionally,
 * the built web app with SPA fallback.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { KeyRing, requireKey } from './auth.js';
import type { ApiApp, ApiDeps, ApiEnv } from './context.js';
import { ApiError, errorBody, STATUS_CODES, zodDetails } from './errors.js';
import { RequestMetrics } from './metrics.js';
import { registerAdmin } from './routes/admin.js';
import { registerPortfolio } from './routes/portfolio.js';
import { registerScoring } from './routes/scoring.js';
import { registerSystem } from './routes/system.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const PREFIX: Record<string, string> = {
  query: 'query',
  param: '',
  header: 'header',
  json: '',
  cookie: 'cookie',
};

/** Turns a Hono path pattern (`/v1/customers/:id`) into a regular expression. */
const patternRegex = (p: string): RegExp =>
  new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[^/]+/g, '/[^/]+')}/?$`);

/**
 * Builds the API.
 *
 * @param deps - runtime (state and swaps), snapshot source, settings, logger, optional web app directory
 * @returns the app; call `app.request()` in tests or hand `app.fetch` to a server
 * @example
 * const app = createApp({ runtime, source, config: configFromEnv(process.env), logger });
 * const res = await app.request('/v1/summary');
 */
export function createApp(deps: ApiDeps): ApiApp {
  const metrics = deps.metrics ?? new RequestMetrics();
  const { config } = deps;
  const ring = new KeyRing(config.apiKeys);
  if (!deps.metrics) {
    const state = () => deps.runtime.state();
    metrics.gauge(
      'chi_portfolio_customers',
      'Customers in the scored portfolio.',
      () => state().portfolio?.length ?? 0,
    );
    metrics.gauge(
      'chi_scorecard_version',
      'Version of the active scorecard (0 = none).',
      () => state().scorer?.version ?? 0,
    );
    metrics.gauge('chi_model_loaded', 'Whether a champion model is loaded (1/0).', () =>
      state().predictor ? 1 : 0,
    );
  }
  const adminAuth = requireKey(ring);

  const app: ApiApp = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const where = result.target === 'json' ? 'body' : result.target;
        throw new ApiError(
          400,
          'validation_failed',
          `invalid request ${where}`,
          zodDetails(result.error.issues, PREFIX[result.target]),
        );
      }
    },
  });

  app.use('*', async (c, next) => {
    const t0 = performance.now();
    const incoming = c.req.header('x-request-id');
    const id = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = deps.logger.child({ req_id: id });
    c.set('requestId', id);
    c.set('log', log);
    await next();
    c.header('X-Request-Id', id);
    const seconds = (performance.now() - t0) / 1000;
    let route = 'unmatched';
    try {
      route = c.res.status === 404 ? 'unmatched' : routePath(c, -1);
    } catch {
      route = 'unmatched';
    }
    metrics.observe(c.req.method, route, c.res.status, seconds);
    log.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1e4) / 10 },
      'request',
    );
  });

  if (config.corsOrigins.length > 0) {
    const any = config.corsOrigins.includes('*');
    app.use(
      '*',
      cors({
        origin: any ? '*' : config.corsOrigins,
        allowHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'If-Match', 'X-Request-Id'],
        allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
        exposeHeaders: ['ETag', 'X-Request-Id'],
        maxAge: 600,
      }),
    );
  }

  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: config.bodyLimitBytes,
      onError: (c) =>
        c.json(
          errorBody('payload_too_large', `the request body is over ${config.bodyLimitBytes} bytes`, [
            { path: '', problem: `at most ${config.bodyLimitBytes} bytes` },
          ]),
          413,
        ),
    }),
  );

  if (config.requireKeyForReads) {
    const reads: MiddlewareHandler = async (c, next) =>
      c.req.method === 'OPTIONS' ? next() : adminAuth(c, next);
    app.use('/v1/*', reads);
  }

  registerSystem(app, deps, metrics);
  registerScoring(app, deps);
  registerPortfolio(app, deps);
  registerAdmin(app, deps, adminAuth);

  if (deps.webDir !== undefined) {
    const root = path.resolve(deps.webDir);
    if (!existsSync(path.join(root, 'index.html'))) {
      deps.logger.warn({ webDir: root }, 'no index.html in the web directory; the web app is not served');
    } else {
      app.use('*', async (c, next) => {
        if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
        if (c.req.path.startsWith('/v1/')) return next();
        return serveStatic<ApiEnv>({ root })(c, next);
      });
      // SPA fallback: any other GET that is not an API path gets index.html
      app.get('*', async (c, next) => {
        if (c.req.path.startsWith('/v1/')) return next();
        return serveStatic<ApiEnv>({ root, path: 'index.html' })(c, next);
      });
    }
  }

  const patterns = () =>
    app.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, re: patternRegex(r.path) }));

  app.notFound((c) => {
    const allowed = [
      ...new Set(
        patterns()
          .filter((p) => p.re.test(c.req.path))
          .map((p) => p.method),
      ),
    ];
    if (allowed.length > 0) {
      c.header('Allow', allowed.join(', '));
      return c.json(
        errorBody('method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}`, [
          { path: '', problem: `use ${allowed.join(' or ')}` },
        ]),
        405,
      );
    }
    return c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404);
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.details), err.status);
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code = STATUS_CODES[status] ?? 'error';
      const message =
        status === 400 ? 'malformed JSON in the request body' : err.message || code.replace(/_/g, ' ');
      const details =
        status === 400
          ? [{ path: '', problem: 'expected a JSON document' }]
          : status === 415
            ? [{ path: 'header.content-type', problem: 'expected application/json' }]
            : [];
      return c.json(errorBody(code, message, details), status);
    }
    (c.get('log') ?? deps.logger).error({ err }, 'unhandled error');
    return c.json(errorBody('internal', 'internal error; see the server log with this request id'), 500);
  });

  return app;
}
