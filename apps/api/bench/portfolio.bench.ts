/**
 * @module Portfolio list benchmark: the customer table of the web explorer over 100k customers. Builds a seeded
 * 100k-customer `Portfolio` (both modes) in process and times `list()` per page: the first page of each sort
 * (cold: sorts once and caches the order; warm), filtered pages, a page deep in the cursor walk, and the
 * summary; the baseline is one plain pass over the 100k current colours in the same run.
 *
 * Run: `npm run bench -w @chi/api` (or `node --conditions=source --import tsx bench/portfolio.bench.ts [rows]`).
 */
import { performance } from 'node:perf_hooks';
import { CustomerListQuerySchema, createRandom } from '@chi/core';
import { Portfolio } from '../src/portfolio.js';
import type { Band, SnapshotColumns } from '../src/ports.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const SEGMENTS = ['retail', 'smb', 'enterprise'];

const rand = createRandom(7);
const ids = Array.from({ length: ROWS }, (_, i) => `C${String(i).padStart(7, '0')}`);
const columns: SnapshotColumns = {
  asOf: '2025-06-30',
  length: ROWS,
  customer_id: ids,
  segment: ids.map(() => SEGMENTS[Math.floor(rand() * 3)] ?? null),
  measures: {},
};
const score = Float64Array.from(ids, () => (rand() < 0.05 ? Number.NaN : 100 * rand()));
const band = Array.from(score, (s) =>
  Number.isNaN(s) ? 'unknown' : s >= 70 ? 'green' : s >= 40 ? 'yellow' : 'red',
) as Band[];
const probability = Float64Array.from(ids, () => rand());
const predicted = {
  score: Float64Array.from(probability, (p) => 100 * (1 - p)),
  band: Array.from(probability, (p) => (p >= 0.5 ? 'red' : p >= 0.2 ? 'yellow' : 'green')) as Band[],
  churn_probability: probability,
};
const portfolio = new Portfolio(
  columns,
  { score, band, coverage: new Float64Array(ROWS).fill(1) },
  predicted,
);

/** @returns median milliseconds of `runs` calls of `fn` */
function time(fn: () => unknown, runs = 21): number {
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN;
}

const q = (raw: Record<string, string>) => CustomerListQuerySchema.parse(raw);
const baseline = time(() => {
  let green = 0;
  for (let i = 0; i < ROWS; i++) if (portfolio.band[i] === 0) green++;
  return green;
});

const rows: Array<[string, number]> = [];
for (const sort of ['-churn_probability', 'score', 'delta']) {
  const t0 = performance.now();
  portfolio.list(q({ sort, limit: '50' }));
  rows.push([
    `first page, sort ${sort} (cold: sorts ${ROWS.toLocaleString('en-US')})`,
    performance.now() - t0,
  ]);
  rows.push([`first page, sort ${sort} (warm)`, time(() => portfolio.list(q({ sort, limit: '50' })))]);
}
rows.push([
  'green now, red predicted, retail, riskiest first',
  time(() =>
    portfolio.list(
      q({ band: 'green', predicted_band: 'red', segment: 'retail', sort: '-churn_probability' }),
    ),
  ),
]);
rows.push(['id prefix search (q=C00012)', time(() => portfolio.list(q({ q: 'C00012' })))]);
let cursor: string | null = null;
for (let page = 0; page < 1000; page++) {
  const query: Record<string, string> = { sort: 'score', limit: '50' };
  if (cursor) query.cursor = cursor;
  cursor = portfolio.list(q(query)).next_cursor;
}
const deep = cursor as string;
rows.push([
  'page 1,001 of a cursor walk (sort score)',
  time(() => portfolio.list(q({ sort: 'score', limit: '50', cursor: deep }))),
]);

console.log(`\nportfolio list over ${ROWS.toLocaleString('en-US')} customers (median of 21 runs)`);
console.log(`${'query'.padEnd(58)} ${'ms'.padStart(8)} ${'vs baseline'.padStart(12)}`);
console.log(
  `${'baseline: one pass over the current colours'.padEnd(58)} ${baseline.toFixed(3).padStart(8)} ${'1.0x'.padStart(12)}`,
);
for (const [name, ms] of rows) {
  console.log(
    `${name.padEnd(58)} ${ms.toFixed(3).padStart(8)} ${`${(ms / baseline).toFixed(1)}x`.padStart(12)}`,
  );
}
const worstWarm = Math.max(...rows.filter(([n]) => !n.includes('cold')).map(([, ms]) => ms));
console.log(
  `slowest warm page: ${worstWarm.toFixed(2)} ms (target for a smooth table: < 16 ms, one frame): ${worstWarm < 16 ? 'PASS' : 'FAIL'}`,
);
