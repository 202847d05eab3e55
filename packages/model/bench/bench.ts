/**
 * @module Benchmark of the churn model on the `wasm` and `cpu` backends (and `tensorflow` when
 * tfjs-node is installed): training seconds per 100k rows x epoch, prediction rows/s on 1M rows, the
 * end-to-end `predictHealth` rate, and each backend's ratio against `cpu` measured in the same run.
 * Run: `npm run bench -w @chi/model` (or `node --conditions=source --import tsx bench/bench.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import {
  type BackendName,
  createChurnModel,
  fitLabelRule,
  fitModel,
  fitPreprocessing,
  predictHealth,
  predictRaw,
  selectBackend,
  syntheticChurnRows,
  tableFromRows,
  trainChurnModel,
  transform,
} from '../src/index.js';

const TRAIN_ROWS = Number(process.env.BENCH_TRAIN_ROWS ?? 20_000);
const PREDICT_ROWS = Number(process.env.BENCH_PREDICT_ROWS ?? 1_000_000);

const rows = syntheticChurnRows(TRAIN_ROWS, { seed: 1, extraNumeric: 20 });
const table = tableFromRows(rows);
const pre = fitPreprocessing(table, {
  label: fitLabelRule('churned', table.data.churned ?? []),
  idColumn: 'customer_id',
  timeColumn: 'as_of',
});
const x = transform(pre, table);
const y = Float32Array.from(table.data.churned ?? [], (v) => Number(v));
const cols = x.cols;
// a 1M-row input matrix (the training rows repeated) for the prediction rate
const big = new Float32Array(PREDICT_ROWS * cols);
for (let r = 0; r < PREDICT_ROWS; r++)
  big.set(x.values.subarray((r % x.rows) * cols, ((r % x.rows) + 1) * cols), r * cols);

interface Result {
  backend: string;
  trainSecPer100kEpoch: number;
  predictRowsPerSec: number;
  healthRowsPerSec: number;
  driversRowsPerSec: number;
}

const half = Math.floor(x.rows * 0.8);
const part = (from: number, to: number) => ({
  x: { values: x.values.subarray(from * cols, to * cols), rows: to - from, cols },
  y: y.subarray(from, to),
});

/** One timed round on a backend: two training epochs and a 1M-row prediction. */
async function round(backend: BackendName): Promise<{ train: number; predict: number }> {
  await selectBackend(backend);
  const model = createChurnModel(cols, { hidden: [16] });
  await fitModel(model, part(0, half), part(half, x.rows), { epochs: 1, batchSize: 128 }); // warm-up
  let t = performance.now();
  await fitModel(model, part(0, half), part(half, x.rows), { epochs: 2, batchSize: 128, patience: 99 });
  const train = ((performance.now() - t) / 1000 / 2) * (100_000 / half);
  predictRaw(model, { values: big.subarray(0, 4096 * cols), rows: 4096, cols });
  t = performance.now();
  predictRaw(model, { values: big, rows: PREDICT_ROWS, cols }, 4096);
  const predict = PREDICT_ROWS / ((performance.now() - t) / 1000);
  model.dispose();
  return { train, predict };
}

/** End-to-end rates through the public API (preprocessing + network + calibration, with/without drivers). */
async function endToEnd(backend: BackendName): Promise<{ health: number; drivers: number }> {
  await selectBackend(backend);
  const trained = await trainChurnModel({
    input: table,
    label: 'churned',
    id: 'customer_id',
    time: 'as_of',
    epochs: 2,
    seed: 1,
  });
  const sample = rows.slice(0, Math.min(rows.length, 20_000));
  let t = performance.now();
  predictHealth(trained.model, sample, { drivers: false });
  const health = sample.length / ((performance.now() - t) / 1000);
  const few = rows.slice(0, 2_000);
  t = performance.now();
  predictHealth(trained.model, few, { drivers: true });
  const drivers = few.length / ((performance.now() - t) / 1000);
  trained.model.network.dispose();
  return { health, drivers };
}

console.log(
  `churn model bench: MLP [16], ${cols} inputs; training on ${TRAIN_ROWS.toLocaleString('en-US')} rows, prediction on ${PREDICT_ROWS.toLocaleString('en-US')} rows (tfjs ${tf.version.tfjs})`,
);
const available: BackendName[] = [];
for (const backend of ['cpu', 'wasm', 'tensorflow'] as const) {
  try {
    await selectBackend(backend);
    available.push(backend);
  } catch {
    console.log(`${backend}: not available`);
  }
}
// rounds alternate between backends and the best of each is kept, so a busy machine skews them alike
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const best = new Map<BackendName, { train: number; predict: number }>();
for (let r = 0; r < ROUNDS; r++) {
  for (const backend of available) {
    const m = await round(backend);
    const prev = best.get(backend);
    best.set(backend, {
      train: Math.min(prev?.train ?? Number.POSITIVE_INFINITY, m.train),
      predict: Math.max(prev?.predict ?? 0, m.predict),
    });
  }
}
const results: Result[] = [];
for (const backend of available) {
  const e = await endToEnd(backend);
  const b = best.get(backend) as { train: number; predict: number };
  results.push({
    backend,
    trainSecPer100kEpoch: b.train,
    predictRowsPerSec: b.predict,
    healthRowsPerSec: e.health,
    driversRowsPerSec: e.drivers,
  });
}

const cpu = results.find((r) => r.backend === 'cpu');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  '\nbackend     train s/(100k rows x epoch)  predict rows/s (1M)  predictHealth rows/s  with drivers rows/s',
);
for (const r of results) {
  const ratio = (v: number, base: number | undefined) => (base ? ` (x${(v / base).toFixed(2)})` : '');
  console.log(
    `${r.backend.padEnd(11)} ${r.trainSecPer100kEpoch.toFixed(2).padStart(8)}${cpu ? ` (x${(cpu.trainSecPer100kEpoch / r.trainSecPer100kEpoch).toFixed(2)} faster)` : ''}`.padEnd(
      42,
    ) +
      `${fmt(r.predictRowsPerSec)}${ratio(r.predictRowsPerSec, cpu?.predictRowsPerSec)}`.padEnd(21) +
      `${fmt(r.healthRowsPerSec)}${ratio(r.healthRowsPerSec, cpu?.healthRowsPerSec)}`.padEnd(22) +
      `${fmt(r.driversRowsPerSec)}${ratio(r.driversRowsPerSec, cpu?.driversRowsPerSec)}`,
  );
}
console.log(`best of ${ROUNDS} alternating rounds; ratios are against cpu, measured in this run`);
