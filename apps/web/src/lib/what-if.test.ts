import { DEFAULT_SCORECARD_DOCUMENT } from '@chi/core';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { seededPortfolio as portfolio } from '../test-support/fixtures.ts';
import { applyDraft, draftParts, toMetricColumns, WhatIf } from './what-if.svelte.ts';

function loaded(n = 600): WhatIf {
  const session = new WhatIf();
  session.load(DEFAULT_SCORECARD_DOCUMENT, portfolio(n));
  return session;
}

describe('toMetricColumns', () => {
  it('turns missing values into NaN and keeps ids and segments', () => {
    const columns = toMetricColumns({
      as_of: null,
      customer_id: ['a', 'b'],
      segment: ['x', null],
      metrics: { nps_last: [9, null] },
    });
    expect(columns.length).toBe(2);
    expect(Array.from(columns.measures.nps_last ?? [])).toEqual([9, Number.NaN]);
    expect(columns.segment).toEqual(['x', null]);
  });

  it('rejects a metric column whose length differs from the customers, naming the metric', () => {
    expect(() =>
      toMetricColumns({
        as_of: null,
        customer_id: ['a', 'b'],
        segment: [null, null],
        metrics: { revenue: [1] },
      }),
    ).toThrow('metrics.revenue: 1 values for 2 customers');
  });
});

describe('applyDraft', () => {
  it('changes weights and thresholds only, leaving normalisers untouched', () => {
    const session = loaded(50);
    const base = session.base;
    if (!base) throw new Error('not loaded');
    const parts = draftParts(base);
    const top = parts[0];
    if (!top?.bands || !top.groups[0] || !top.measures[0])
      throw new Error('unexpected default scorecard shape');
    top.bands.green = 80;
    top.groups[0].weight = 90;
    top.measures[0].weight = 5;
    const doc = applyDraft(base, parts) as typeof base;
    expect(doc.bands).toEqual({ green: 80, yellow: base.bands.yellow });
    expect(doc.groups[0]?.weight).toBe(90);
    expect(doc.measures[0]?.weight).toBe(5);
    expect(doc.measures[0]?.normalize).toEqual(base.measures[0]?.normalize);
    expect(base.bands.green).toBe(70);
  });
});

describe('WhatIf', () => {
  it('reports no change while the draft equals the active scorecard', () => {
    const session = loaded();
    flushSync();
    const outcome = session.outcome;
    expect(outcome?.changes).toEqual([]);
    expect(outcome?.before).toEqual(outcome?.after);
    const total = Object.values(outcome?.before ?? {}).reduce((a, b) => a + b, 0);
    expect(total).toBe(600);
    expect(session.dirty).toBe(false);
  });

  it('moves customers from green to yellow, and only those, when the green threshold rises', () => {
    const session = loaded();
    const before = session.outcome;
    if (!before || !session.parts[0]?.bands) throw new Error('not loaded');
    session.parts[0].bands.green = 85;
    flushSync();
    const after = session.outcome;
    if (!after) throw new Error('no outcome');
    expect(session.dirty).toBe(true);
    expect(after.changes.length).toBeGreaterThan(0);
    expect(after.after.green).toBe(before.before.green - after.changes.length);
    expect(after.after.yellow).toBe(before.before.yellow + after.changes.length);
    for (const change of after.changes) {
      expect(change.before.band).toBe('green');
      expect(change.after.band).toBe('yellow');
      expect(change.after.score).toBeGreaterThanOrEqual(70);
      expect(change.after.score).toBeLessThan(85);
    }
    expect(after.moves.green.yellow).toBe(after.changes.length);
  });

  it('rescoring with a heavier satisfaction group changes scores, largest change listed first', () => {
    const session = loaded();
    const group = session.parts[0]?.groups.find((g) => g.id === 'satisfaction');
    if (!group) throw new Error('no satisfaction group');
    group.weight = 100;
    flushSync();
    const changes = session.outcome?.changes ?? [];
    expect(changes.length).toBeGreaterThan(0);
    const size = (i: number) => Math.abs((changes[i]?.after.score ?? 0) - (changes[i]?.before.score ?? 0));
    for (let i = 1; i < changes.length; i++) expect(size(i - 1)).toBeGreaterThanOrEqual(size(i));
  });

  it('shows a validation error naming the field when yellow is set above green', () => {
    const session = loaded(50);
    const bands = session.parts[0]?.bands;
    if (!bands) throw new Error('no bands');
    bands.yellow = 95;
    flushSync();
    const draft = session.draft;
    expect(draft && 'error' in draft ? draft.error.message : '').toMatch(/bands/);
    expect(session.outcome).toBeUndefined();
    expect(session.documentToSave()).toBeUndefined();
  });

  it('saves the draft under the version it was edited from and discards edits on reset', () => {
    const session = loaded(50);
    const measure = session.parts[0]?.measures[0];
    if (!measure) throw new Error('no measure');
    measure.weight = 7;
    flushSync();
    const doc = session.documentToSave() as { version: number; measures: { weight: number }[] };
    expect(doc.version).toBe(1);
    expect(doc.measures[0]?.weight).toBe(7);
    session.reset();
    flushSync();
    expect(session.dirty).toBe(false);
  });
});
