/** @module `chi generate`: writes a seeded synthetic omnichannel customer base as touchpoint CSV files. */
import { generateSynthetic } from '@chi/data';
import type { Command } from 'commander';
import { createProgress } from './data-progress.js';

function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new Error(`--${name}: expected an integer, got "${value}"`);
    return n;
  };
}

/** Registers `chi generate`. */
export function register(program: Command): void {
  program
    .command('generate')
    .description(
      'Generate a seeded synthetic retailer: customers, orders, tickets, surveys, interactions (CSV)',
    )
    .requiredOption('--customers <n>', 'number of customers', integer('customers'))
    .requiredOption('--out <dir>', 'output directory')
    .option('--seed <n>', 'random seed (same seed, identical files)', integer('seed'), 42)
    .option('--start <date>', 'first simulated day (YYYY-MM-DD)', '2024-01-01')
    .option('--end <date>', 'last simulated day (YYYY-MM-DD)', '2025-12-31')
    .option('--json', 'print the result as JSON')
    .option('--quiet', 'no progress output')
    .action(
      (opts: {
        customers: number;
        out: string;
        seed: number;
        start: string;
        end: string;
        json?: boolean;
        quiet?: boolean;
      }) => {
        const progress = createProgress({ quiet: opts.quiet || opts.json });
        try {
          const result = generateSynthetic({
            customers: opts.customers,
            seed: opts.seed,
            start: opts.start,
            end: opts.end,
            outDir: opts.out,
            onProgress: progress.listener,
          });
          progress.stop();
          if (opts.json) {
            console.log(JSON.stringify(result, null, 2));
            return;
          }
          const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
          console.log(
            `${opts.out}: ${Object.entries(result.rows)
              .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
              .join(
                ', ',
              )} (${total.toLocaleString('en-US')} rows, ${result.churnedCustomers.toLocaleString('en-US')} customers churned, ${result.seconds.toFixed(1)} s)`,
          );
        } finally {
          progress.stop();
        }
      },
    );
}
