/**
 * @module The data pipeline across packages: generate → ingest → snapshot (DuckDB) → score, with the
 * scorecard computed twice — `scoreBatch` in TypeScript and the compiled SQL inside DuckDB — agreeing on
 * every customer of a 100k-customer snapshot; and the synthetic data carrying real but imperfect signal.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SCORECARD, fitScorecard, scoreBatch } from '@chi/core';
import {
  buildSnapshots,
  closeStore,
  generateSynthetic,
  ingestFiles,
  loadSnapshotColumns,
  openStore,
  type Store,
  scoreSnapshot,
} from '@chi/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** ROC-AUC by the rank-sum formula (ties get average ranks); rows with a NaN score or label are skipped. */
function rocAuc(score: Float64Array, label: Float64Array): number {
  const idx: number[] = [];
  for (let i = 0; i < score.length; i++) {
    if (!Number.isNaN(score[i] as number) && !Number.isNaN(label[i] as number)) idx.push(i);
  }
  idx.sort((a, b) => (score[a] as number) - (score[b] as number));
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && score[idx[j] as number] === score[idx[i] as number]) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (label[idx[k] as number] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    i = j;
  }
  const negatives = idx.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

describe('pipeline on 100k customers: SQL scores equal JS scores', () => {
  let store: Store;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-pipeline-'));
    // A quarter keeps the run short; 105k customers leave over 100k known at the end.
    generateSynthetic({
      customers: 105_000,
      seed: 2024,
      start: '2025-04-01',
      end: '2025-06-30',
      outDir: dir,
    });
    store = await openStore(':memory:');
    await ingestFiles(
      store,
      readdirSync(dir).map((f) => join(dir, f)),
    );
    await buildSnapshots(store, { asOf: ['2025-06-30'] });
  });
  afterAll(() => closeStore(store));

  it('agrees on score (|diff| < 1e-9), band, coverage and top driver for every customer', async () => {
    const js = await scoreSnapshot(store, { asOf: 'latest' }, { scorecard: DEFAULT_SCORECARD, engine: 'js' });
    const sql = await scoreSnapshot(
      store,
      { asOf: 'latest' },
      { scorecard: DEFAULT_SCORECARD, engine: 'sql', stats: js.stats },
    );
    expect(js.customer_id.length).toBeGreaterThanOrEqual(100_000);
    expect(sql.customer_id).toEqual(js.customer_id);
    let maxDiff = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < js.customer_id.length; i++) {
      const a = js.score[i] as number;
      const b = sql.score[i] as number;
      const diff = Number.isNaN(a) && Number.isNaN(b) ? 0 : Math.abs(a - b);
      maxDiff = Math.max(maxDiff, Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff);
      const covDiff = Math.abs((js.coverage[i] as number) - (sql.coverage[i] as number));
      const sameDriver = js.top_driver[i] === sql.top_driver[i];
      if (!(diff < 1e-9) || js.band[i] !== sql.band[i] || !(covDiff < 1e-9) || !sameDriver) {
        if (mismatches.length < 5) {
          mismatches.push(
            `${js.customer_id[i]}: js ${a} ${js.band[i]} ${js.top_driver[i]} vs sql ${b} ${sql.band[i]} ${sql.top_driver[i]}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(maxDiff).toBeLessThan(1e-9);
    // the driver is a real measure for most customers, not a column left empty
    expect(sql.top_driver.filter((d) => d !== null).length).toBeGreaterThan(js.customer_id.length * 0.9);
    const bands = new Set(js.band);
    expect([...bands].sort()).toEqual(['green', 'red', 'unknown', 'yellow']);
  });
});

describe('signal in the synthetic data', () => {
  it('lets the default scorecard rank churners with a ROC-AUC between 0.65 and 0.85', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-signal-'));
    generateSynthetic({ customers: 12_000, seed: 99, outDir: dir });
    const store = await openStore(':memory:');
    try {
      await ingestFiles(
        store,
        readdirSync(dir).map((f) => join(dir, f)),
      );
      const [summary] = await buildSnapshots(store, { asOf: ['2025-06-30'] });
      expect(summary?.labelled).toBe(summary?.customers);
      const churnRate = (summary?.churned ?? 0) / (summary?.labelled ?? 1);
      expect(churnRate).toBeGreaterThan(0.15);
      expect(churnRate).toBeLessThan(0.5);
      const columns = await loadSnapshotColumns(store, { asOf: 'latest' });
      const scores = scoreBatch(columns, DEFAULT_SCORECARD, fitScorecard(columns, DEFAULT_SCORECARD));
      const auc = rocAuc(
        scores.score.map((s) => 100 - s),
        columns.churned,
      );
      expect(auc).toBeGreaterThan(0.65);
      expect(auc).toBeLessThan(0.85);
      // imperfect: the best single metric alone does not separate churners perfectly either
      const recency = rocAuc(columns.measures.days_since_last_order as Float64Array, columns.churned);
      expect(recency).toBeLessThan(0.95);
    } finally {
      closeStore(store);
    }
  });
});
