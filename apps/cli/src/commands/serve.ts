/**
 * @module `chi serve`: the HTTP API (and the built web app) on one loopback port, over a DuckDB store opened
 * read-only, the model registry and the scorecard file. Stops cleanly on Ctrl-C.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningServer, startServer } from '@chi/api';
import type { Command } from 'commander';
import { startBackend } from './train.js';

/** Options of `chi serve`. */
export interface ServeCliOptions {
  db?: string;
  models?: string;
  scorecard?: string;
  web?: string;
  port: number;
  host: string;
  /** pino level of the request logs [default CHI_LOG_LEVEL, else info] */
  logLevel?: string;
}

/** @returns the built web app directory next to this package (`apps/web/dist`), if it was built */
export function defaultWebDir(): string | undefined {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
  return existsSync(path.join(dir, 'index.html')) ? dir : undefined;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`--port: expected 0-65535, got "${value}"`);
  return n;
}

/**
 * Starts the server, prints the URL and readiness, and keeps running until SIGINT/SIGTERM.
 *
 * @param opts - store, registry, scorecard, web directory, port, host
 * @returns the running server
 */
export async function serveUntilStopped(opts: ServeCliOptions): Promise<RunningServer> {
  for (const [flag, file] of [
    ['--db', opts.db],
    ['--models', opts.models],
    ['--web', opts.web],
  ] as const) {
    if (file !== undefined && !existsSync(file)) throw new Error(`${flag}: ${file} does not exist`);
  }
  await startBackend(undefined, false);
  const server = await startServer({
    ...(opts.db !== undefined ? { db: opts.db } : {}),
    ...(opts.models !== undefined ? { models: opts.models } : {}),
    ...(opts.scorecard !== undefined ? { scorecard: opts.scorecard } : {}),
    ...(opts.web !== undefined ? { web: opts.web } : {}),
    port: opts.port,
    host: opts.host,
    logLevel: process.env.CHI_LOG_LEVEL ?? opts.logLevel ?? 'info',
  });
  console.error(
    `CHI API listening on ${server.url} (docs ${server.url}/docs)${opts.web ? `, web app at ${server.url}/` : ''}`,
  );
  try {
    await server.loaded;
    const r = server.runtime.state();
    console.error(
      `ready: ${r.portfolio?.length ?? 0} customers at ${r.snapshot?.asOf ?? 'no snapshot'}, scorecard v${r.scorer?.version}, model ${r.predictor?.version ?? 'none'}`,
    );
  } catch (error) {
    console.error(`loading failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return server;
}

/** Registers `chi serve`. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API (and the built web app) on one port')
    .option(
      '--db <file>',
      'DuckDB store with the snapshots table, opened read-only (default .chi/chi.duckdb)',
    )
    .option('--models <dir>', 'model registry directory (default .chi/models)')
    .option(
      '--scorecard <file>',
      'scorecard JSON; the default scorecard until the first PUT /v1/scorecard (default .chi/scorecard.json)',
    )
    .option('--web <dir>', 'built web app to serve (default: apps/web/dist when built)')
    .option('--port <n>', 'TCP port', port, 8787)
    .option('--host <addr>', 'interface to bind', '127.0.0.1')
    .action(async (opts: ServeCliOptions) => {
      const demo = (file: string) =>
        existsSync(path.join('.chi', file)) ? path.join('.chi', file) : undefined;
      const scorecard =
        opts.scorecard ?? (existsSync('.chi') ? path.join('.chi', 'scorecard.json') : undefined);
      await serveUntilStopped({
        ...opts,
        db: opts.db ?? demo('chi.duckdb'),
        models: opts.models ?? demo('models'),
        scorecard,
        web: opts.web ?? defaultWebDir(),
      });
    });
}
