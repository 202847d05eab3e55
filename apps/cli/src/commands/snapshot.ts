/**
 * @module `chi snapshot`: builds metric snapshots with churn labels inside DuckDB for one date or a series
 * of dates, stores them in the `snapshots` table and optionally writes them to CSV or Parquet.
 */
import {
  buildSnapshots,
  closeStore,
  dataEndDate,
  openStore,
  parseDays,
  parseIsoDay,
  snapshotDates,
  writeSnapshotFile,
} from '@chi/data';
import type { Command } from 'commander';
import { createProgress } from './data-progress.js';

interface SnapshotCliOptions {
  db: string;
  asOf?: string;
  every?: string;
  from?: string;
  to?: string;
  window: string;
  horizon: string;
  observedUntil?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Resolves the snapshot dates from `--as-of` or `--every/--from/--to`. */
export function resolveDates(opts: Pick<SnapshotCliOptions, 'asOf' | 'every' | 'from' | 'to'>): string[] {
  if (opts.every !== undefined || opts.from !== undefined || opts.to !== undefined) {
    if (opts.asOf !== undefined) throw new Error('use either --as-of or --every/--from/--to, not both');
    if (!opts.from || !opts.to) throw new Error('--every needs --from and --to (YYYY-MM-DD)');
    return snapshotDates(opts.from, opts.to, parseDays(opts.every ?? '30d', '--every'));
  }
  if (!opts.asOf) throw new Error('give --as-of DATE, or --every 30d --from DATE --to DATE');
  return opts.asOf.split(',').map((d) => {
    parseIsoDay(d.trim(), '--as-of');
    return d.trim();
  });
}

/** Registers `chi snapshot`. */
export function register(program: Command): void {
  program
    .command('snapshot')
    .description(
      'Build metric snapshots with churn labels (no look-ahead) and store them; optionally write CSV/Parquet',
    )
    .option('--db <file>', 'DuckDB store file', './chi.duckdb')
    .option('--as-of <date>', 'snapshot date YYYY-MM-DD (comma-separated for several)')
    .option('--every <duration>', 'spacing of a snapshot series, e.g. 30d or 4w')
    .option('--from <date>', 'first date of the series')
    .option('--to <date>', 'last date of the series')
    .option('--window <duration>', 'metric window ending at as_of', '90d')
    .option('--horizon <duration>', 'outcome window after as_of for the churned label', '90d')
    .option('--observed-until <date>', 'last day the data covers (default: last event day in the store)')
    .option('--out <file>', 'also write the snapshots built to .csv or .parquet')
    .option('--json', 'print the summaries as JSON')
    .option('--quiet', 'no progress output')
    .action(async (opts: SnapshotCliOptions) => {
      const dates = resolveDates(opts);
      const windowDays = parseDays(opts.window, '--window');
      const horizonDays = parseDays(opts.horizon, '--horizon');
      if (opts.out && !/\.(csv|parquet)$/i.test(opts.out)) {
        throw new Error(`--out: expected a .csv or .parquet file, got "${opts.out}"`);
      }
      const progress = createProgress({ quiet: opts.quiet || opts.json });
      const store = await openStore(opts.db);
      try {
        const summaries = await buildSnapshots(store, {
          asOf: dates,
          windowDays,
          horizonDays,
          ...(opts.observedUntil ? { observedUntil: opts.observedUntil } : {}),
          onProgress: progress.listener,
        });
        const written = opts.out
          ? await writeSnapshotFile(
              store,
              opts.out,
              summaries.map((s) => s.asOf),
            )
          : 0;
        progress.stop();
        if (opts.json) {
          console.log(
            JSON.stringify({ snapshots: summaries, out: opts.out ?? null, rows: written }, null, 2),
          );
          return;
        }
        const end = await dataEndDate(store);
        for (const s of summaries) {
          const label =
            s.labelled > 0
              ? `${s.labelled.toLocaleString('en-US')} labelled, ${((100 * s.churned) / s.labelled).toFixed(1)}% churned`
              : `no labels (horizon ends after the data end ${end ?? '-'})`;
          const bg = s.bgnbd
            ? `BG/NBD r=${s.bgnbd.r.toFixed(3)} alpha=${s.bgnbd.alpha.toFixed(2)}d a=${s.bgnbd.a.toFixed(3)} b=${s.bgnbd.b.toFixed(3)}`
            : 'BG/NBD not fitted (too few buyers)';
          console.log(
            `${s.asOf}: ${s.customers.toLocaleString('en-US')} customers, ${label}; ${bg} (${s.seconds.toFixed(1)} s)`,
          );
        }
        if (opts.out) console.log(`wrote ${written.toLocaleString('en-US')} rows to ${opts.out}`);
      } finally {
        progress.stop();
        closeStore(store);
      }
    });
}
