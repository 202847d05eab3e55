/**
 * @module Current vs predicted comparison of one customer in the wire shape, via `@chi/core`'s
 * `compareHealth` (delta, direction with a 1-point tolerance, colour transition).
 */
import { type Comparison, compareHealth, type HealthResultWire } from '@chi/core';

/**
 * @param current - current health
 * @param predicted - predicted health of the same customer
 * @returns predicted − current delta (points), direction, and the colour transition
 */
export function compareResults(current: HealthResultWire, predicted: HealthResultWire): Comparison {
  const t = compareHealth(current, predicted);
  return {
    delta: Math.round(t.delta * 100) / 100,
    direction: t.direction,
    from: t.from,
    to: t.to,
    transition: t.transition,
    changed: t.changed,
  };
}
