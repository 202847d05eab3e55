/**
 * @module `chi score`: current health of every customer of a snapshot file with a scorecard, computed in
 * TypeScript (`scoreBatch`) or inside DuckDB with the compiled SQL, written as CSV or JSON.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { DEFAULT_SCORECARD, parseScorecard, type Scorecard, ScorecardStatsSchema } from '@chi/core';
import { closeStore, openStore, type ScoreEngine, type SnapshotScores, scoreSnapshot } from '@chi/data';
import { type Command, Option } from 'commander';

interface ScoreCliOptions {
  input: string;
  out: string;
  scorecard?: string;
  stats?: string;
  saveStats?: string;
  engine: ScoreEngine;
  asOf?: string;
  quiet?: boolean;
}

async function readJson(file: string, what: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new Error(`${what} ${file}: cannot read (${(error as Error).message})`);
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} ${file}: not valid JSON (${(error as Error).message})`);
  }
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Renders scores as CSV or JSON text (by the output file's extension).
 * @param scores - scores of a snapshot
 * @param format - `csv` or `json`
 */
export function renderScores(scores: SnapshotScores, format: 'csv' | 'json'): string {
  const n = scores.customer_id.length;
  const num = (x: number | undefined): number | null => (x === undefined || Number.isNaN(x) ? null : x);
  if (format === 'json') {
    const rows = [];
    for (let i = 0; i < n; i++) {
      rows.push({
        customer_id: scores.customer_id[i],
        score: num(scores.score[i]),
        band: scores.band[i],
        coverage: num(scores.coverage[i]),
        top_driver: scores.top_driver[i] ?? null,
      });
    }
    return `${JSON.stringify(rows)}\n`;
  }
  const lines = ['customer_id,score,band,coverage,top_driver'];
  for (let i = 0; i < n; i++) {
    lines.push(
      [
        csvField(scores.customer_id[i] ?? ''),
        csvField(num(scores.score[i])),
        csvField(scores.band[i] ?? ''),
        csvField(num(scores.coverage[i])),
        csvField(scores.top_driver[i] ?? null),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Registers `chi score`. */
export function register(program: Command): void {
  program
    .command('score')
    .description('Score every customer of a snapshot with a scorecard (current health) and write CSV or JSON')
    .requiredOption('--input <file>', 'snapshot file (.csv or .parquet, as written by chi snapshot --out)')
    .requiredOption(
      '--out <file>',
      'output file: .csv or .json (customer_id, score, band, coverage, top_driver)',
    )
    .option('--scorecard <file>', 'scorecard JSON (default: the built-in default scorecard)')
    .option('--stats <file>', 'fitted scorecard statistics JSON (default: fitted on the input snapshot)')
    .option('--save-stats <file>', 'write the statistics used, to score later snapshots on the same scale')
    .addOption(
      new Option('--engine <engine>', 'where to compute the scores').choices(['js', 'sql']).default('js'),
    )
    .option('--as-of <date>', 'which as_of of a file holding several (default: the latest)')
    .option('--quiet', 'no summary line')
    .action(async (opts: ScoreCliOptions) => {
      const format = extname(opts.out).toLowerCase().slice(1);
      if (format !== 'csv' && format !== 'json') {
        throw new Error(`--out: expected a .csv or .json file, got "${opts.out}"`);
      }
      const scorecard: Scorecard = opts.scorecard
        ? parseScorecard(await readJson(opts.scorecard, 'scorecard'))
        : DEFAULT_SCORECARD;
      let stats: ReturnType<typeof ScorecardStatsSchema.parse> | undefined;
      if (opts.stats) {
        const parsed = ScorecardStatsSchema.safeParse(await readJson(opts.stats, 'stats'));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new Error(
            `stats ${opts.stats}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
          );
        }
        stats = parsed.data;
      }
      const store = await openStore(':memory:');
      try {
        const scores = await scoreSnapshot(
          store,
          { file: opts.input },
          {
            scorecard,
            engine: opts.engine,
            ...(stats ? { stats } : {}),
            ...(opts.asOf ? { asOf: opts.asOf } : {}),
          },
        );
        await writeAtomic(opts.out, renderScores(scores, format));
        if (opts.saveStats) await writeAtomic(opts.saveStats, `${JSON.stringify(scores.stats, null, 2)}\n`);
        if (!opts.quiet) {
          const counts: Record<string, number> = { green: 0, yellow: 0, red: 0, unknown: 0 };
          for (const b of scores.band) counts[b] = (counts[b] ?? 0) + 1;
          const n = scores.customer_id.length;
          console.log(
            `${opts.out}: ${n.toLocaleString('en-US')} customers${scores.as_of ? ` at ${scores.as_of}` : ''} scored with ${scorecard.name} v${scorecard.version} (${opts.engine}, ${scores.seconds.toFixed(2)} s): ` +
              Object.entries(counts)
                .map(
                  ([b, c]) =>
                    `${b} ${c.toLocaleString('en-US')} (${((100 * c) / Math.max(1, n)).toFixed(1)}%)`,
                )
                .join(', '),
          );
        }
      } finally {
        closeStore(store);
      }
    });
}
