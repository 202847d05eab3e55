/**
 * @module `chi cadence`: fits the BG/NBD model of purchase cadence to a per-customer summary file
 * (frequency, recency, T) or to the store's orders up to a date, and prints the parameters.
 */
import { type BgNbdFit, conditionalExpectedPurchases, expectedPurchases, fitBgNbd, pAlive } from '@chi/core';
import { cadenceSummaryFromStore, closeStore, openStore, readCadenceSummary } from '@chi/data';
import type { Command } from 'commander';

interface CadenceCliOptions {
  summary?: string;
  db?: string;
  asOf?: string;
  horizon: string;
  customer?: string;
  penalizer: string;
  json?: boolean;
}

/** The JSON printed by `chi cadence --json`: the fitted parameters and the log-likelihood. */
export function cadenceJson(fit: BgNbdFit): { r: number; alpha: number; a: number; b: number; ll: number } {
  return { r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b, ll: fit.ll };
}

/** Registers `chi cadence`. */
export function register(program: Command): void {
  program
    .command('cadence')
    .description('Fit the BG/NBD purchase-cadence model (Fader, Hardie & Lee 2005) and print its parameters')
    .option('--summary <file>', 'per-customer summary CSV/Parquet with frequency, recency, T columns')
    .option('--db <file>', 'fit on the orders of this store instead (time unit: days)')
    .option('--as-of <date>', 'with --db: use orders at or before this date (default: last order day)')
    .option('--horizon <t>', 'period for the expected purchases shown, in the time unit of the data', '39')
    .option('--customer <x,t_x,T>', 'also print P(alive) and expected purchases of this history')
    .option('--penalizer <l2>', 'L2 penalty on the parameters', '0')
    .option('--json', 'print {"r","alpha","a","b","ll"} as JSON')
    .action(async (opts: CadenceCliOptions) => {
      if (!opts.summary && !opts.db) throw new Error('give --summary FILE or --db FILE');
      if (opts.summary && opts.db) throw new Error('give either --summary or --db, not both');
      const penalizer = Number(opts.penalizer);
      const horizon = Number(opts.horizon);
      if (!(penalizer >= 0)) throw new Error(`--penalizer: expected a number >= 0, got "${opts.penalizer}"`);
      if (!(horizon > 0)) throw new Error(`--horizon: expected a number > 0, got "${opts.horizon}"`);
      const store = await openStore(opts.db ?? ':memory:', opts.db ? { readOnly: true } : {});
      try {
        let summary: Awaited<ReturnType<typeof readCadenceSummary>>;
        if (opts.summary) summary = await readCadenceSummary(store, opts.summary);
        else {
          const last = await store.connection.runAndReadAll(
            'SELECT CAST(max(ts) AS DATE)::VARCHAR FROM orders',
          );
          const asOf = opts.asOf ?? String(last.getRows()[0]?.[0] ?? '');
          if (!asOf || asOf === 'null') throw new Error(`${opts.db}: the store has no orders`);
          summary = await cadenceSummaryFromStore(store, asOf);
        }
        const fit = fitBgNbd(summary, { penalizer });
        if (opts.json) {
          console.log(JSON.stringify(cadenceJson(fit)));
          return;
        }
        console.log(
          `BG/NBD fitted on ${fit.customers.toLocaleString('en-US')} customers (${fit.iterations} iterations)`,
        );
        console.log(
          `  r = ${fit.r.toFixed(4)}, alpha = ${fit.alpha.toFixed(4)}, a = ${fit.a.toFixed(4)}, b = ${fit.b.toFixed(4)}`,
        );
        console.log(`  log-likelihood = ${fit.ll.toFixed(2)}`);
        console.log(
          `  expected repeat purchases of a new customer in ${horizon}: ${expectedPurchases(fit, horizon).toFixed(4)}`,
        );
        if (opts.customer) {
          const [x, tx, T] = opts.customer.split(',').map(Number) as [number, number, number];
          if (![x, tx, T].every(Number.isFinite))
            throw new Error(`--customer: expected x,t_x,T, got "${opts.customer}"`);
          console.log(
            `  customer x=${x}, t_x=${tx}, T=${T}: P(alive) = ${pAlive(fit, x, tx, T).toFixed(4)}, expected purchases in the next ${horizon} = ${conditionalExpectedPurchases(fit, horizon, x, tx, T).toFixed(4)}`,
          );
        }
      } finally {
        closeStore(store);
      }
    });
}
