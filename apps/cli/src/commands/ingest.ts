/**
 * @module `chi ingest <dir or files>`: loads touchpoint files (CSV, Parquet, NDJSON) or the CDNOW master
 * file into the DuckDB store, each file validated and loaded in one transaction.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  closeStore,
  detectFormat,
  ingestCdnow,
  ingestFiles,
  openStore,
  TOUCHPOINT_TABLES,
  type TouchpointTable,
  tableForFile,
} from '@chi/data';
import { type Command, Option } from 'commander';
import { createProgress } from './data-progress.js';

/** Expands directories to the touchpoint files they hold (files named after a table, known extension). */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) throw new Error(`${input}: no such file or directory`);
    if (!info.isDirectory()) {
      files.push(input);
      continue;
    }
    const names = (await readdir(input)).sort();
    const matching = names.filter((name) => {
      try {
        tableForFile(name);
        detectFormat(name);
        return !name.endsWith('.tmp');
      } catch {
        return false;
      }
    });
    if (matching.length === 0) {
      throw new Error(
        `${input}: no touchpoint files (expected ${TOUCHPOINT_TABLES.join(', ')} as .csv, .parquet or .ndjson)`,
      );
    }
    files.push(...matching.map((name) => join(input, name)));
  }
  return files;
}

/** Registers `chi ingest`. */
export function register(program: Command): void {
  program
    .command('ingest')
    .description(
      'Validate and load touchpoint files (CSV, Parquet, NDJSON) or the CDNOW master file into the store',
    )
    .argument(
      '<paths...>',
      'files, or directories holding customers.*, orders.*, tickets.*, surveys.*, interactions.*',
    )
    .option('--db <file>', 'DuckDB store file', './chi.duckdb')
    .addOption(
      new Option('--table <name>', 'load every file into this table').choices([...TOUCHPOINT_TABLES]),
    )
    .addOption(
      new Option('--format <format>', 'file format (default: by extension)').choices([
        'csv',
        'parquet',
        'ndjson',
        'cdnow',
      ]),
    )
    .option('--json', 'print the results as JSON')
    .option('--quiet', 'no progress output')
    .action(
      async (
        paths: string[],
        opts: { db: string; table?: TouchpointTable; format?: string; json?: boolean; quiet?: boolean },
      ) => {
        const progress = createProgress({ quiet: opts.quiet || opts.json });
        const store = await openStore(opts.db);
        try {
          if (opts.format === 'cdnow') {
            const results = [];
            for (const file of paths) results.push(await ingestCdnow(store, file, progress.listener));
            progress.stop();
            if (opts.json) console.log(JSON.stringify(results, null, 2));
            else
              for (const r of results) {
                console.log(
                  `${r.file}: ${r.customers.toLocaleString('en-US')} customers, ${r.rowsRead.toLocaleString('en-US')} orders read, ${r.ordersAdded.toLocaleString('en-US')} added (${r.seconds.toFixed(1)} s)`,
                );
              }
            return;
          }
          const files = await expandInputs(paths);
          const results = await ingestFiles(store, files, {
            ...(opts.table ? { table: opts.table } : {}),
            ...(opts.format ? { format: opts.format as 'csv' | 'parquet' | 'ndjson' } : {}),
            onProgress: progress.listener,
          });
          progress.stop();
          if (opts.json) console.log(JSON.stringify(results, null, 2));
          else
            for (const r of results) {
              const rate = r.seconds > 0 ? Math.round(r.rowsRead / r.seconds).toLocaleString('en-US') : '-';
              console.log(
                `${r.file} -> ${r.table}: ${r.rowsRead.toLocaleString('en-US')} rows read, ${r.rowsAdded.toLocaleString('en-US')} added (${r.seconds.toFixed(1)} s, ${rate} rows/s)`,
              );
            }
        } finally {
          progress.stop();
          closeStore(store);
        }
      },
    );
}
