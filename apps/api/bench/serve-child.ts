/**
 * @module Benchmark server process: starts the API over a store and registry given on the command line
 * (`serve-child.ts <db> <models>`), prints `URL <url>` on stdout once loaded (logs go to stderr), runs until killed.
 */
import { selectBackend } from '@chi/model';
import { pino } from 'pino';
import { DEFAULT_CONFIG } from '../src/config.js';
import { startServer } from '../src/server.js';

const [db, models] = process.argv.slice(2);
if (!db || !models) throw new Error('usage: serve-child.ts <db> <models>');
await selectBackend();
const server = await startServer({
  db,
  models,
  port: 0,
  config: { ...DEFAULT_CONFIG, bodyLimitBytes: 16 * 1024 * 1024 },
  logger: pino({ level: 'warn' }, pino.destination(2)),
});
try {
  await server.loaded;
} catch {
  process.exit(1);
}
process.stdout.write(`URL ${server.url}\n`);
