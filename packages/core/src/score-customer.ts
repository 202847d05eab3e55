/**
 * @module `scoreCustomer`: current health of one customer, with the full explanation. It runs the columnar
 * kernel on a batch of one row, so its result equals the same customer's row in `scoreBatch` exactly.
 */
import { runPlan } from './engine.js';
import { explainRow } from './explain.js';
import type { ScorecardStats } from './fit.js';
import type { CurrentHealth } from './health.js';
import type { CustomerMetrics } from './metrics.js';
import { compileScorecard, type ScorecardPlan } from './plan.js';
import { ScorecardError } from './scorecard-error.js';
import type { Scorecard } from './scorecard-schema.js';
import { routeSegmentIndex } from './segments.js';

/**
 * Scores one customer against a scorecard.
 * @param input - the customer's id, optional segment and metrics (null, undefined or NaN = missing)
 * @param scorecard - a validated scorecard (`parseScorecard`)
 * @param stats - its fitted statistics (`fitScorecard`)
 * @returns current health: score 0-100, band, coverage 0-1, drivers, fired override and per-measure
 *   explanation
 * @throws ScorecardError when a metric is not a number, or the statistics do not match the scorecard
 * @example
 * const health = scoreCustomer({ customer_id: 'c1', metrics: { nps_last: 9, recency_ratio: 1.2 } }, card, stats);
 */
export function scoreCustomer(
  input: CustomerMetrics,
  scorecard: Scorecard,
  stats: ScorecardStats,
): CurrentHealth {
  const compiled = compileScorecard(scorecard, stats);
  const plan = compiled.plans[routeSegmentIndex(scorecard, compiled.names, input.segment)] as ScorecardPlan;
  const inputs = plan.inputs.map((id) => {
    const v = input.metrics[id];
    if (v !== null && v !== undefined && typeof v !== 'number') {
      throw new ScorecardError([
        { path: `metrics.${id}`, problem: `expected a number or null, got ${typeof v}` },
      ]);
    }
    return Float64Array.of(v ?? Number.NaN);
  });
  return explainRow(compiled, plan, inputs, runPlan(plan, inputs, 1), 0, input.customer_id);
}
