/**
 * @module Segment routing: a customer is scored by the first segment rule whose `match.segment` equals the
 * customer's segment (or lists it), else by the default scorecard. Plans are numbered 0 = default, then the
 * named sub-scorecards in document order.
 */
import type { Scorecard } from './scorecard-schema.js';

/**
 * Names of the scoring plans of a scorecard: `"default"` then every named sub-scorecard.
 * @param scorecard - a validated scorecard
 * @returns plan names; index 0 is the default scorecard
 */
export function planNames(scorecard: Scorecard): string[] {
  return ['default', ...Object.keys(scorecard.scorecards)];
}

/**
 * Plan index of a customer's segment.
 * @param scorecard - a validated scorecard
 * @param names - its {@link planNames}
 * @param segment - the customer's segment, null/undefined for none
 * @returns 0 for the default scorecard, else the index of the matched sub-scorecard in `names`
 */
export function routeSegmentIndex(
  scorecard: Scorecard,
  names: readonly string[],
  segment: string | null | undefined,
): number {
  if (segment === null || segment === undefined) return 0;
  for (const rule of scorecard.segments) {
    const m = rule.match.segment;
    if (typeof m === 'string' ? m === segment : m.includes(segment)) {
      const i = names.indexOf(rule.scorecard, 1);
      return Math.max(i, 0);
    }
  }
  return 0;
}
