/**
 * @module Benchmark of in-browser what-if rescoring at portfolio scale (100,000 customers): one weight edit
 * rescored with `scoreBatch` and compared with the active colours, against a baseline in the same run that
 * only reads every metric once (the least any rescoring must do).
 */
import { DEFAULT_SCORECARD_DOCUMENT } from '@chi/core';
import { flushSync } from 'svelte';
import { bench, describe } from 'vitest';
import { seededPortfolio } from '../test-support/fixtures.ts';
import { WhatIf } from './what-if.svelte.ts';

const CUSTOMERS = 100_000;
const session = new WhatIf();
session.load(DEFAULT_SCORECARD_DOCUMENT, seededPortfolio(CUSTOMERS, 11));
const columns = Object.values(session.columns?.measures ?? {});
let weight = 30;

describe(`what-if over ${CUSTOMERS.toLocaleString('en-US')} customers`, () => {
  bench('baseline: read every metric once', () => {
    let sum = 0;
    for (const column of columns) for (let i = 0; i < column.length; i++) sum += column[i] ?? 0;
    if (sum === Number.POSITIVE_INFINITY) throw new Error('unreachable');
  });

  bench('rescore after a group weight edit (scoreBatch + colour comparison)', () => {
    const group = session.parts[0]?.groups[0];
    if (!group) throw new Error('no group');
    weight = weight === 30 ? 31 : 30;
    group.weight = weight;
    flushSync();
    if (!session.outcome) throw new Error('no outcome');
  });
});
