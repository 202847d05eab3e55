/**
 * @module Benchmark of the scorecard engine: `scoreBatch` (columns of typed arrays) against the per-record
 * `scoreCustomer` path on the same seeded data, 1M customers × 10 measures, one core. Prints throughput in
 * customers per second and the ratio. Targets: columnar >= 10M customers/s, >= 5x the per-record path.
 *
 * Medians of 9 runs after 2 warm-up runs (the per-record path: one run of its million records, which warms up
 * within the run), with the fastest run.
 * `scoreBatch` runs on the WebAssembly SIMD kernel, and once more on the JavaScript kernel for comparison;
 * `into` writes into the arrays of an earlier result instead of 22 MB of new memory per call (whose first
 * touch, a page fault per 4 KiB, is a large share of a call on a virtual machine).
 *
 * Run: `npm run bench -w @chi/core` (or `node --conditions=source --import tsx bench/score.bench.ts [rows]`).
 */
import { performance } from 'node:perf_hooks';
import {
  type CustomerMetrics,
  createRandom,
  fitScorecard,
  type MetricColumns,
  parseScorecard,
  scoreBatch,
  scoreCustomer,
} from '../src/index.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
/**
 * Per-record path: scored over the same rows as the columnar path. The 1M records take about half a gigabyte
 * of heap (printed), well within the default heap limit.
 */
const RECORD_ROWS = ROWS;

const card = parseScorecard({
  name: 'bench',
  version: 1,
  bands: { green: 70, yellow: 40 },
  groups: [
    { id: 'satisfaction', weight: 30 },
    { id: 'engagement', weight: 45 },
    { id: 'value', weight: 25 },
  ],
  measures: [
    {
      id: 'nps_last',
      group: 'satisfaction',
      weight: 60,
      normalize: {
        kind: 'steps',
        steps: [
          [4, 0],
          [6, 30],
          [8, 70],
          [null, 100],
        ],
      },
    },
    { id: 'csat_avg', group: 'satisfaction', weight: 40, normalize: { kind: 'linear', bad: 2, good: 4.5 } },
    { id: 'recency_ratio', group: 'engagement', weight: 40, normalize: { kind: 'linear', good: 1, bad: 3 } },
    { id: 'p_alive', group: 'engagement', weight: 25, normalize: { kind: 'linear', bad: 0.2, good: 0.9 } },
    {
      id: 'tickets_count',
      group: 'engagement',
      weight: 20,
      normalize: {
        kind: 'steps',
        steps: [
          [0, 100],
          [2, 70],
          [5, 30],
          [null, 0],
        ],
      },
    },
    { id: 'channels_count', group: 'engagement', weight: 15, normalize: { kind: 'percentile' } },
    { id: 'newsletter', group: 'engagement', weight: 5, normalize: { kind: 'boolean' } },
    { id: 'revenue', group: 'value', weight: 50, normalize: { kind: 'zscore', log: true } },
    { id: 'orders_count', group: 'value', weight: 20, normalize: { kind: 'percentile' } },
    { id: 'tenure_days', group: 'value', weight: 30, normalize: { kind: 'linear', bad: 30, good: 730 } },
  ],
  missing: { policy: 'reweight', minCoverage: 0.6 },
  overrides: [
    { when: { measure: 'tickets_count', gte: 10 }, band: 'red', reason: 'support escalation' },
    { when: { measure: 'p_alive', lte: 0.05 }, band: 'red', reason: 'lapsed' },
  ],
});

function generate(rows: number): MetricColumns {
  const rnd = createRandom(42);
  const gen: Record<string, () => number> = {
    nps_last: () => Math.floor(rnd() * 11),
    csat_avg: () => 1 + rnd() * 4,
    recency_ratio: () => rnd() * 4,
    p_alive: () => rnd(),
    tickets_count: () => Math.floor(-Math.log(1 - rnd()) * 2),
    channels_count: () => Math.floor(rnd() * 5),
    newsletter: () => (rnd() < 0.3 ? 1 : 0),
    revenue: () => Math.exp(rnd() * 9) - 1,
    orders_count: () => Math.floor(-Math.log(1 - rnd()) * 6),
    tenure_days: () => rnd() * 2000,
  };
  const missingRate: Record<string, number> = { nps_last: 0.4, csat_avg: 0.3 };
  const measures: Record<string, Float64Array> = {};
  for (const [id, f] of Object.entries(gen)) {
    const col = new Float64Array(rows);
    const miss = missingRate[id] ?? 0.02;
    for (let i = 0; i < rows; i++) col[i] = rnd() < miss ? Number.NaN : f();
    measures[id] = col;
  }
  return { length: rows, customer_id: Array.from({ length: rows }, (_, i) => `c${i}`), measures };
}

function toRecords(columns: MetricColumns, rows: number): CustomerMetrics[] {
  const ids = Object.keys(columns.measures);
  return Array.from({ length: rows }, (_, i) => {
    const metrics: Record<string, number | null> = {};
    for (const id of ids) {
      const v = (columns.measures[id] as Float64Array)[i] as number;
      metrics[id] = Number.isNaN(v) ? null : v;
    }
    return { customer_id: columns.customer_id?.[i] ?? String(i), metrics };
  });
}

interface Timing {
  /** Median wall-clock seconds of the timed runs. */
  wall: number;
  /** Median CPU seconds (less affected by other processes on a shared machine). */
  cpu: number;
  /** Fastest run, wall-clock seconds. */
  fastest: number;
}

/** `warmups` untimed runs (the engines compile and optimise on first use), then `runs` timed ones. */
function timed(runs: number, f: () => void, warmups = 2): Timing {
  for (let k = 0; k < warmups; k++) f();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let k = 0; k < runs; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    walls.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1e6);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { wall: median(walls), cpu: median(cpus), fastest: Math.min(...walls) };
}

const fmt = (x: number) => `${(x / 1e6).toFixed(2)}M`;

const columns = generate(ROWS);
const stats = fitScorecard(columns, card);
console.log(
  `scorecard engine benchmark: ${ROWS.toLocaleString('en')} customers x ${card.measures.length} measures, one core`,
);

let sink = 0;
// Baseline: the floor of any columnar pass, a loop that reads every measure of every row once.
const cols = Object.values(columns.measures);
const baseline = timed(9, () => {
  for (let r = 0; r < ROWS; r++) {
    let acc = 0;
    for (const c of cols) acc += c[r] as number;
    sink += acc;
  }
});
const batch = timed(9, () => {
  const b = scoreBatch(columns, card, stats, { kernel: 'wasm' });
  sink += b.score[ROWS - 1] as number;
});
const reused = scoreBatch(columns, card, stats);
const into = timed(9, () => {
  const b = scoreBatch(columns, card, stats, { kernel: 'wasm', into: reused });
  sink += b.score[ROWS - 1] as number;
});
const colours = timed(9, () => {
  const b = scoreBatch(columns, card, stats, { drivers: false, kernel: 'wasm' });
  sink += b.score[ROWS - 1] as number;
});
const javascript = timed(5, () => {
  const b = scoreBatch(columns, card, stats, { kernel: 'js' });
  sink += b.score[ROWS - 1] as number;
});

const heapBefore = process.memoryUsage().heapUsed;
const records = toRecords(columns, RECORD_ROWS);
const recordBytes = process.memoryUsage().heapUsed - heapBefore;
const perRecord = timed(
  1,
  () => {
    for (const r of records) sink += scoreCustomer(r, card, stats).score;
  },
  0,
);

// All paths agree on the scored rows: the two kernels everywhere, the per-record path on a sample.
const check = scoreBatch(columns, card, stats);
const checkJs = scoreBatch(columns, card, stats, { kernel: 'js' });
for (let i = 0; i < ROWS; i++) {
  if (!Object.is(check.score[i], checkJs.score[i]) || check.topDriver[i] !== checkJs.topDriver[i]) {
    throw new Error(`row ${i}: the WebAssembly and JavaScript kernels disagree`);
  }
}
for (let i = 0; i < RECORD_ROWS; i += 9973) {
  const one = scoreCustomer(records[i] as CustomerMetrics, card, stats);
  if (check.score[i] !== one.score || check.topDriverOf(i) !== (one.drivers[0]?.feature ?? null)) {
    throw new Error(`row ${i}: scoreBatch and scoreCustomer disagree`);
  }
}

const rate = (rows: number, t: Timing) => ({ wall: rows / t.wall, cpu: rows / t.cpu });
const line = (label: string, rows: number, t: Timing) => {
  const r = rate(rows, t);
  console.log(
    `${label.padEnd(46)} ${fmt(r.wall).padStart(8)} customers/s wall  ${fmt(r.cpu).padStart(8)} /s CPU  (median ${(t.wall * 1000).toFixed(1)} ms, fastest ${(t.fastest * 1000).toFixed(1)} ms for ${rows.toLocaleString('en')})`,
  );
  return r;
};
const b0 = line('baseline: read 10 columns, sum per row', ROWS, baseline);
const b1 = line('scoreBatch (WebAssembly SIMD, with top driver)', ROWS, batch);
line('scoreBatch { into: reused result arrays }', ROWS, into);
line('scoreBatch { drivers: false }', ROWS, colours);
const bj = line("scoreBatch { kernel: 'js' } (with top driver)", ROWS, javascript);
const b3 = line('scoreCustomer (per record, full explanation)', RECORD_ROWS, perRecord);
console.log(
  `per-record input: ${RECORD_ROWS.toLocaleString('en')} records, ${(recordBytes / 2 ** 20).toFixed(0)} MB of heap`,
);
const ratio = b1.wall / b3.wall;
console.log(
  `ratio scoreBatch / scoreCustomer: ${ratio.toFixed(1)}x wall, ${(b1.cpu / b3.cpu).toFixed(1)}x CPU  (target >= 5x: ${ratio >= 5 ? 'met' : 'MISSED'})`,
);
console.log(
  `WebAssembly / JavaScript kernel: ${(b1.wall / bj.wall).toFixed(2)}x wall, ${(b1.cpu / bj.cpu).toFixed(2)}x CPU`,
);
console.log(
  `scoreBatch target >= 10M customers/s: ${b1.wall >= 10e6 ? 'met' : 'MISSED'} (wall), ${b1.cpu >= 10e6 ? 'met' : 'MISSED'} (CPU); baseline read loop is ${(b0.wall / b1.wall).toFixed(1)}x faster than scoring`,
);
if (Number.isNaN(sink)) console.log('');
