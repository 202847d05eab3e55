/** @module Tests of BG/NBD inputs: the CDNOW summary file and summaries computed from the store. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitBgNbd } from '@chi/core';
import { describe, expect, it } from 'vitest';
import { cadenceSummaryFromStore, readCadenceSummary } from './cadence.js';
import { ingestCdnow } from './cdnow.js';
import { closeStore, openStore } from './store.js';

const DATASETS = fileURLToPath(new URL('../../../datasets/', import.meta.url));

describe('cadence summaries', () => {
  it('reads the CDNOW summary and reproduces the published BG/NBD fit', async () => {
    const store = await openStore(':memory:');
    try {
      const summary = await readCadenceSummary(
        store,
        join(DATASETS, 'lifetimes_cdnow_customers_summary.csv'),
      );
      expect(summary.frequency).toHaveLength(2357);
      expect(summary.customerId[0]).toBe('1');
      const fit = fitBgNbd(summary);
      expect(fit.r).toBeCloseTo(0.243, 2);
      expect(fit.ll).toBeCloseTo(-9582.4, 0);
    } finally {
      closeStore(store);
    }
  });

  it('names the missing column and the bad line of a summary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chi-cadence-'));
    writeFileSync(join(dir, 'a.csv'), 'ID,frequency,T\n1,2,30\n');
    writeFileSync(join(dir, 'b.csv'), 'ID,frequency,recency,T\n1,2,3,30\n2,1,40,30\n');
    const store = await openStore(':memory:');
    try {
      await expect(readCadenceSummary(store, join(dir, 'a.csv'))).rejects.toThrow(/missing column recency/);
      await expect(readCadenceSummary(store, join(dir, 'b.csv'))).rejects.toThrow(
        /b\.csv:3: expected .*recency 40, T 30/,
      );
    } finally {
      closeStore(store);
    }
  });

  it('summarises CDNOW orders in days (one purchase per day) up to a date', async () => {
    const store = await openStore(':memory:');
    try {
      await ingestCdnow(store, join(DATASETS, 'lifetimes_CDNOW_master.txt'));
      const s = await cadenceSummaryFromStore(store, '1997-09-30');
      expect(s.frequency).toHaveLength(23_570);
      const i = s.customerId.indexOf('00002');
      // customer 2 bought twice on 1997-01-12 (one purchase day) and nothing else by 1997-09-30
      expect([s.frequency[i], s.recency[i], s.T[i]]).toEqual([0, 0, 261]);
      expect(fitBgNbd(s).customers).toBe(23_570);
    } finally {
      closeStore(store);
    }
  });
});
