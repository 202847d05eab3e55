/**
 * @module Trend of one customer's health between two results (two snapshots, or current vs predicted): the
 * score delta, its direction with a tolerance, and the colour transition.
 */
import { BAND_RANK, type Band } from './bands.js';
import type { HealthResult } from './health.js';

/** Options of {@link compareHealth}. */
export interface CompareOptions {
  /** [tolerance=1] A |delta| up to this many points counts as flat. */
  tolerance?: number;
}

/** How the health of one customer moved. */
export interface HealthTrend {
  customer_id: string;
  /** `after.score − before.score`, points. */
  delta: number;
  direction: 'up' | 'down' | 'flat';
  from: Band;
  to: Band;
  /** `better` / `worse` along red < yellow < green, `same`, or `unknown` when either colour is unknown. */
  transition: 'better' | 'worse' | 'same' | 'unknown';
  /** Whether the colour changed. */
  changed: boolean;
}

/** Thrown when two results cannot be compared (different customers, bad tolerance). */
export class TrendError extends Error {
  /** @param message - what is wrong */
  constructor(message: string) {
    super(message);
    this.name = 'TrendError';
  }
}

/**
 * Compares two health results of the same customer.
 * @param before - the earlier (or reference) result
 * @param after - the later (or compared) result
 * @param options - `[tolerance=1]` points within which the direction is flat
 * @returns delta (points), direction and colour transition
 * @throws TrendError when the customer ids differ or the tolerance is negative
 */
export function compareHealth(
  before: Pick<HealthResult, 'customer_id' | 'score' | 'band'>,
  after: Pick<HealthResult, 'customer_id' | 'score' | 'band'>,
  options: CompareOptions = {},
): HealthTrend {
  const { tolerance } = { tolerance: 1, ...options };
  if (!(tolerance >= 0)) throw new TrendError(`tolerance: must be a number >= 0, got ${tolerance}`);
  if (before.customer_id !== after.customer_id) {
    throw new TrendError(
      `customer_id: cannot compare "${before.customer_id}" with "${after.customer_id}"; expected the same customer`,
    );
  }
  const delta = after.score - before.score;
  const direction = Math.abs(delta) <= tolerance ? 'flat' : delta > 0 ? 'up' : 'down';
  const a = BAND_RANK[before.band];
  const b = BAND_RANK[after.band];
  const transition =
    before.band === after.band
      ? 'same'
      : Number.isNaN(a) || Number.isNaN(b)
        ? 'unknown'
        : b > a
          ? 'better'
          : 'worse';
  return {
    customer_id: after.customer_id,
    delta,
    direction,
    from: before.band,
    to: after.band,
    transition,
    changed: before.band !== after.band,
  };
}
