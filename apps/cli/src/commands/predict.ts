/**
 * @module `chi predict`: predicted health for every row of a file (score, colour, churn probability and
 * the top drivers), written atomically as CSV, JSON or NDJSON.
 */
import { type PredictedHealth, predictHealth, readTable, takeRows, toCsv, writeFileAtomic } from '@chi/model';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { colourThresholds, resolveModel } from './evaluate.js';
import { startBackend } from './train.js';

interface PredictCliOptions {
  model?: string;
  models: string;
  input: string;
  out: string;
  drivers: boolean;
  red?: string;
  yellow?: string;
  backend?: string;
  json?: boolean;
}

/**
 * Flattens results for CSV: `driver_1..3` with their value/category and effect.
 *
 * @param results - predicted health per customer
 * @returns flat rows
 */
export function flattenResults(results: readonly PredictedHealth[]): Array<Record<string, unknown>> {
  return results.map((r) => {
    const row: Record<string, unknown> = {
      customer_id: r.customer_id,
      score: r.score,
      band: r.band,
      churn_probability: Math.round(r.churn_probability * 1e6) / 1e6,
      model_version: r.model_version,
    };
    for (let k = 0; k < 3; k++) {
      const d = r.drivers[k];
      row[`driver_${k + 1}`] = d?.feature ?? null;
      row[`driver_${k + 1}_value`] = d ? (d.category ?? d.value) : null;
      row[`driver_${k + 1}_effect`] = d?.effect ?? null;
    }
    return row;
  });
}

/** Registers `chi predict`. */
export function register(program: Command): void {
  program
    .command('predict')
    .description('Predicted health (score, colour, churn probability, top drivers) for every row of a file')
    .requiredOption('--input <file>', 'rows to score (.csv or .parquet), e.g. the latest snapshot')
    .requiredOption('--out <file>', 'output .csv, .json or .ndjson (written atomically)')
    .option('--model <dir>', 'model directory (default: the champion of --models)')
    .option('--models <dir>', 'model registry directory', 'models')
    .option('--no-drivers', 'skip the integrated-gradient drivers (much faster on large files)')
    .option('--red <p>', "red threshold on the churn probability (default: the model's)")
    .option('--yellow <p>', "yellow threshold on the churn probability (default: the model's)")
    .option('--backend <name>', 'tensorflow, wasm or cpu (default: fastest available)')
    .option('--json', 'print a summary as JSON')
    .action(async (opts: PredictCliOptions) => {
      const format = /\.(csv|json|ndjson)$/i.exec(opts.out)?.[1]?.toLowerCase();
      if (!format) throw new Error(`--out: expected a .csv, .json or .ndjson file, got "${opts.out}"`);
      const backend = await startBackend(opts.backend, false);
      const model = await resolveModel(opts);
      try {
        const thresholds = colourThresholds(opts, model);
        const started = Date.now();
        const table = await readTable(opts.input);
        // chunks keep memory flat on large files and let a progress bar move
        const chunk = opts.drivers ? 2_000 : 50_000;
        const bar =
          process.stderr.isTTY && table.length > chunk
            ? new cliProgress.SingleBar(
                {
                  stream: process.stderr,
                  format: 'predict [{bar}] {value}/{total} rows | {eta_formatted} left',
                },
                cliProgress.Presets.shades_classic,
              )
            : null;
        bar?.start(table.length, 0);
        const results: PredictedHealth[] = [];
        for (let start = 0; start < table.length; start += chunk) {
          const indices = Array.from({ length: Math.min(chunk, table.length - start) }, (_, i) => start + i);
          results.push(
            ...predictHealth(model, takeRows(table, indices), { drivers: opts.drivers, thresholds }),
          );
          bar?.update(results.length);
        }
        bar?.stop();
        const text =
          format === 'csv'
            ? toCsv(flattenResults(results))
            : format === 'json'
              ? JSON.stringify({ results })
              : `${results.map((r) => JSON.stringify(r)).join('\n')}\n`;
        writeFileAtomic(opts.out, text);
        const bands = { green: 0, yellow: 0, red: 0, unknown: 0 };
        for (const r of results) bands[r.band]++;
        const summary = {
          backend,
          model_version: model.version,
          rows: results.length,
          bands,
          out: opts.out,
          seconds: (Date.now() - started) / 1000,
        };
        if (opts.json) console.log(JSON.stringify(summary));
        else {
          console.log(
            `model ${model.version}: ${results.length} customers -> ${opts.out} (green ${bands.green}, yellow ${bands.yellow}, red ${bands.red}) in ${summary.seconds.toFixed(1)} s`,
          );
        }
      } finally {
        model.network.dispose();
      }
    });
}
