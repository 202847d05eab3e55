/**
 * @module Predicted-health colours: thresholds on the calibrated churn probability. Pure; shared by the
 * model package, the API and the web explorer.
 */
import { z } from 'zod';

/** Colour thresholds on the churn probability p: red when p >= red, yellow when p >= yellow, else green. */
export const RiskThresholdsSchema = z
  .object({
    red: z.number().gt(0).lt(1),
    yellow: z.number().gt(0).lt(1),
  })
  .refine((t) => t.yellow < t.red, { message: 'yellow must be below red', path: ['yellow'] });

/** Thresholds on p, see {@link RiskThresholdsSchema}. */
export type RiskThresholds = z.infer<typeof RiskThresholdsSchema>;

/** The default thresholds: red at p >= 0.5, yellow at p >= 0.2. */
export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { red: 0.5, yellow: 0.2 };

/**
 * Colour of a predicted churn probability.
 *
 * @param p - calibrated churn probability in [0, 1]; NaN gives `unknown`
 * @param thresholds - [red=0.5, yellow=0.2]
 * @returns `red`, `yellow`, `green`, or `unknown` when p is not a number
 * @example predictedBand(0.35) // 'yellow'
 */
export function predictedBand(
  p: number,
  thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS,
): 'green' | 'yellow' | 'red' | 'unknown' {
  if (!Number.isFinite(p)) return 'unknown';
  if (p >= thresholds.red) return 'red';
  if (p >= thresholds.yellow) return 'yellow';
  return 'green';
}
