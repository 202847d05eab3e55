/**
 * @module `startServer(options)`: opens the DuckDB store read-only, the model registry and the scorecard
 * file, listens on loopback at once (so `/healthz` and `/readyz` answer while loading), then loads the state
 * in the background. Used by `chi serve` and `chi demo`.
 */
import type { AddressInfo } from 'node:net';
import { closeStore, openStore } from '@chi/data';
import { serve } from '@hono/node-server';
import { type Logger, pino } from 'pino';
import { createModelRepository } from './adapters/model-registry.js';
import { createScorecardRepository } from './adapters/scorecard-file.js';
import { createStoreSource } from './adapters/snapshot-source.js';
import { createApp } from './app.js';
import { type ApiConfig, configFromEnv } from './config.js';
import type { ApiApp } from './context.js';
import type { SnapshotSource } from './ports.js';
import { Runtime } from './runtime.js';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** DuckDB store holding the `snapshots` table; opened read-only. Without it, portfolio routes answer 503. */
  db?: string;
  /** model registry directory; without it, prediction routes answer 503 */
  models?: string;
  /** scorecard JSON file (created on the first `PUT /v1/scorecard`; default scorecard until then) */
  scorecard?: string;
  /** built web app directory (`apps/web/dist`) to serve on the same port */
  web?: string;
  /** [port=8787] TCP port; 0 picks a free one */
  port?: number;
  /** [host=127.0.0.1] interface to bind */
  host?: string;
  /** settings (default: from the environment) */
  config?: ApiConfig;
  /** logger (default: pino at `logLevel`) */
  logger?: Logger;
  /** [logLevel=CHI_LOG_LEVEL, else info] level of the default logger */
  logLevel?: string;
}

/** A running server. */
export interface RunningServer {
  /** base URL, e.g. `http://127.0.0.1:8787` */
  url: string;
  port: number;
  app: ApiApp;
  runtime: Runtime;
  /** resolves once the store, scorecard and model are loaded (rejects when loading fails) */
  loaded: Promise<void>;
  /** stops listening and closes the store */
  close(): Promise<void>;
}

/**
 * Starts the API (and the web app when `web` is given).
 *
 * @param options - store, models, scorecard, web directory, port, host
 * @returns the running server
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: options.logLevel ?? process.env.CHI_LOG_LEVEL ?? 'info' });
  const config = options.config ?? configFromEnv(process.env);
  let source: SnapshotSource | null = null;
  if (options.db !== undefined) {
    const store = await openStore(options.db, { readOnly: true });
    source = createStoreSource(store, { onClose: () => closeStore(store) });
  }
  const runtime = new Runtime({
    source,
    scorecards: createScorecardRepository(options.scorecard),
    models: options.models !== undefined ? createModelRepository(options.models) : null,
    logger,
  });
  const app = createApp({ runtime, source, config, logger, ...(options.web ? { webDir: options.web } : {}) });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const loaded = runtime.start().then(
    () => undefined,
    (error: unknown) => {
      logger.error({ err: error }, 'loading failed');
      throw error;
    },
  );
  loaded.catch(() => undefined);
  return {
    url: `http://${host}:${port}`,
    port,
    app,
    runtime,
    loaded,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await source?.close();
    },
  };
}
