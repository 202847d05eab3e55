/**
 * @module The real CHI API serving the seeded demo and the built explorer on one free loopback port, as
 * `chi serve` does.
 */
import { DEFAULT_CONFIG, type RunningServer, startServer } from '@chi/api';
import { selectBackend } from '@chi/model';
import type { DemoData } from './demo-data.js';

/**
 * Starts the API over the demo's store, registry and scorecard file, serving `webDir`, and waits until
 * the portfolio is scored.
 * @param demo - files from `buildDemoData`
 * @param webDir - built explorer
 * @param apiKey - admin key accepted by `PUT /v1/scorecard`
 * @returns the running server (`url` is `http://127.0.0.1:<port>`)
 */
export async function startExplorerServer(
  demo: DemoData,
  webDir: string,
  apiKey: string,
): Promise<RunningServer> {
  await selectBackend();
  process.env.CHI_LOG_LEVEL ??= 'warn';
  const server = await startServer({
    db: demo.db,
    models: demo.models,
    scorecard: demo.scorecard,
    web: webDir,
    port: 0,
    host: '127.0.0.1',
    config: { ...DEFAULT_CONFIG, apiKeys: [apiKey] },
  });
  await server.loaded;
  return server;
}
