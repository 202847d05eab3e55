/** @module Test of the churn model on generated snapshot history against the rule CHI. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildSnapshots,
  closeStore,
  generateSynthetic,
  ingestFiles,
  openStore,
  readSnapshots,
  snapshotDates,
} from '@chi/data';
import { selectBackend, type TrainResult, tableFromRows, trainChurnModel } from '@chi/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let result: TrainResult;

beforeAll(async () => {
  await selectBackend();
  dir = mkdtempSync(path.join(tmpdir(), 'chi-train-snapshots-'));
  const raw = path.join(dir, 'raw');
  generateSynthetic({ customers: 1500, seed: 7, outDir: raw });
  const store = await openStore(':memory:');
  try {
    await ingestFiles(
      store,
      ['customers', 'orders', 'tickets', 'surveys', 'interactions'].map((t) => path.join(raw, `${t}.csv`)),
    );
    const asOf = snapshotDates('2024-07-01', '2025-09-30', 60);
    await buildSnapshots(store, { asOf });
    const rows = (await Promise.all(asOf.map((d) => readSnapshots(store, { asOf: d })))).flat();
    result = await trainChurnModel({
      input: tableFromRows(rows as unknown as Array<Record<string, unknown>>),
      label: 'churned',
      id: 'customer_id',
      time: 'as_of',
      exclude: ['window_days', 'horizon_days'],
      epochs: 40,
      learningRate: 0.003,
      seed: 42,
    });
  } finally {
    closeStore(store);
  }
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('churn model on synthetic snapshot history', () => {
  it('splits by as_of: training dates end before validation dates, which end before test dates', () => {
    const ranges = result.card.data.split.ranges;
    expect(ranges).toBeDefined();
    if (!ranges) return;
    expect(ranges.train[1] < ranges.validation[0]).toBe(true);
    expect(ranges.validation[1] < ranges.test[0]).toBe(true);
  });
  it('reports the rule CHI as a predictor and beats its ROC-AUC', () => {
    expect(result.rule_chi).toBeDefined();
    expect(result.test.roc_auc).toBeGreaterThan(result.rule_chi?.roc_auc ?? 1);
    expect(result.test.roc_auc).toBeGreaterThan(0.75);
  });
});
