/**
 * @module Hand-checked API payloads for component tests.
 */
import { createRandom, type Summary } from '@chi/core';
import type { PortfolioMetrics } from '../lib/api-client.ts';

/** A 100-customer portfolio whose numbers add up: counts per mode and the matrix rows agree. */
export const SUMMARY: Summary = {
  as_of: '2024-06-30',
  customers: 100,
  scorecard_version: 3,
  model_version: '20240701-abc',
  counts: {
    current: { green: 50, yellow: 30, red: 15, unknown: 5 },
    predicted: { green: 45, yellow: 30, red: 25, unknown: 0 },
  },
  transitions: {
    bands: ['green', 'yellow', 'red'],
    matrix: [
      [38, 5, 7],
      [4, 20, 6],
      [1, 4, 10],
    ],
    unknown_current: [2, 1, 2],
    unknown_predicted: 0,
  },
  histograms: {
    current: {
      edges: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
      counts: [1, 2, 4, 8, 10, 12, 13, 20, 15, 10],
    },
    predicted: {
      edges: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
      counts: [5, 5, 5, 5, 10, 10, 15, 15, 15, 15],
    },
  },
  segments: [
    {
      segment: 'enterprise',
      customers: 40,
      current: { green: 25, yellow: 10, red: 5, unknown: 0 },
      predicted: { green: 20, yellow: 12, red: 8, unknown: 0 },
      mean_score: 71.2,
      mean_predicted_score: 66.4,
    },
    {
      segment: 'retail',
      customers: 60,
      current: { green: 25, yellow: 20, red: 10, unknown: 5 },
      predicted: { green: 25, yellow: 18, red: 17, unknown: 0 },
      mean_score: 58.9,
      mean_predicted_score: 55.1,
    },
  ],
};

/** A seeded portfolio of `n` customers over the default scorecard's metrics, some values missing. */
export function seededPortfolio(n: number, seed = 7): PortfolioMetrics {
  const rand = createRandom(seed);
  const column = (f: () => number | null) => Array.from({ length: n }, f);
  const maybe = (f: () => number) => () => (rand() < 0.1 ? null : f());
  return {
    as_of: '2024-06-30',
    customer_id: Array.from({ length: n }, (_, i) => `C${String(i).padStart(5, '0')}`),
    segment: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'enterprise' : 'retail')),
    metrics: {
      nps_last: column(maybe(() => Math.floor(rand() * 11))),
      csat_avg: column(maybe(() => 1 + rand() * 4)),
      recency_ratio: column(() => rand() * 4),
      p_alive: column(() => rand()),
      tickets_count: column(() => Math.floor(rand() * 8)),
      channels_count: column(() => 1 + Math.floor(rand() * 5)),
      revenue: column(() => Math.round(rand() ** 2 * 5000)),
      tenure_days: column(() => Math.floor(rand() * 2000)),
    },
  };
}
