/**
 * @module Types shared by the app and its routes: the Hono environment (request id, request logger) and
 * the dependencies `createApp` receives.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { ApiConfig } from './config.js';
import type { RequestMetrics } from './metrics.js';
import type { SnapshotSource } from './ports.js';
import type { Runtime } from './runtime.js';

/** Hono environment of the API. */
export interface ApiEnv {
  Variables: {
    /** id of the request (from `X-Request-Id` when sane, else generated) */
    requestId: string;
    /** logger bound to the request id */
    log: Logger;
  };
}

/** An OpenAPIHono app with the API's environment. */
export type ApiApp = OpenAPIHono<ApiEnv>;

/** What `createApp` needs. */
export interface ApiDeps {
  /** live state: snapshot, scorecard, model, portfolio */
  runtime: Runtime;
  /** snapshot history for `/v1/customers/{id}`; null without a store */
  source: SnapshotSource | null;
  /** keys, CORS, body limit */
  config: ApiConfig;
  /** root logger */
  logger: Logger;
  /** request metrics (a fresh registry when omitted) */
  metrics?: RequestMetrics;
  /** directory of the built web app to serve with SPA fallback (`apps/web/dist`) */
  webDir?: string;
}
