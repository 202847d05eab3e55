/**
 * @module Hand-checked API payloads for component tests.
 */
import type { Summary } from '@chi/core';

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
