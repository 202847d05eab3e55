/**
 * @module The default scorecard over the metric snapshot (DESIGN.md): what customers say (NPS, CSAT), whether
 * they buy at the rate expected of them (recency against their own cadence, BG/NBD probability of being
 * alive, purchase frequency, support load, channel breadth) and what they are worth (revenue, tenure). Each threshold's reason
 * is in the measure's `description` and in the README.
 */
import { parseScorecard, type Scorecard, type ScorecardInput } from './scorecard-schema.js';

/** The default scorecard document as written (before defaults), e.g. to save as a starting point. */
export const DEFAULT_SCORECARD_DOCUMENT = {
  name: 'default',
  version: 1,
  description: 'CHI default scorecard over the 90-day metric snapshot.',
  bands: { green: 70, yellow: 40 },
  groups: [
    { id: 'satisfaction', label: 'What customers say', weight: 30 },
    { id: 'engagement', label: 'Buying at the expected rate', weight: 45 },
    { id: 'value', label: 'Value of the relationship', weight: 25 },
  ],
  measures: [
    {
      id: 'nps_last',
      label: 'Last NPS answer',
      unit: '0-10',
      group: 'satisfaction',
      weight: 60,
      direction: 'higher',
      description:
        'NPS categories: 9-10 promoters (100), 7-8 passives (70), 5-6 detractors (30), 0-4 the angriest detractors (0).',
      normalize: {
        kind: 'steps',
        steps: [
          [4, 0],
          [6, 30],
          [8, 70],
          [null, 100],
        ],
      },
    },
    {
      id: 'csat_avg',
      label: 'Average CSAT',
      unit: '1-5',
      group: 'satisfaction',
      weight: 40,
      description:
        'CSAT counts 4-5 as satisfied: an average of 4.5 means nearly every answer was satisfied (100); at 2 or below most answers were dissatisfied (0).',
      normalize: { kind: 'linear', bad: 2, good: 4.5 },
    },
    {
      id: 'recency_ratio',
      label: 'Days since last order / expected gap',
      unit: 'ratio',
      group: 'engagement',
      weight: 40,
      description:
        'On or ahead of their own cadence (ratio <= 1) is healthy (100); three expected gaps without an order (ratio >= 3) is lapsing (0).',
      normalize: { kind: 'linear', good: 1, bad: 3 },
    },
    {
      id: 'p_alive',
      label: 'Probability still active (BG/NBD)',
      unit: 'probability',
      group: 'engagement',
      weight: 25,
      description:
        'BG/NBD probability that the customer still buys at their rate: 0.9 and above is as alive as a repeat buyer gets (100); 0.2 or below means most likely gone (0).',
      normalize: { kind: 'linear', bad: 0.2, good: 0.9 },
    },
    {
      id: 'orders_count',
      label: 'Orders in the window',
      unit: 'orders',
      group: 'engagement',
      weight: 20,
      direction: 'higher',
      description:
        'Purchase frequency, in steps because the step that matters is from one order to a repeat one: no order in the window scores 0, a single order 30 (not yet a habit), two or three 70 (a repeat buyer), four or more 100 (about monthly or more often). Recency against cadence already judges the timing; this weighs the depth of the buying habit.',
      normalize: {
        kind: 'steps',
        steps: [
          [0, 0],
          [1, 30],
          [3, 70],
          [null, 100],
        ],
      },
    },
    {
      id: 'tickets_count',
      label: 'Support tickets in the window',
      unit: 'tickets',
      group: 'engagement',
      weight: 20,
      direction: 'lower',
      description:
        'Friction: no ticket scores 100, one or two 70 (normal questions), three to five 30 (recurring problems), more 0.',
      normalize: {
        kind: 'steps',
        steps: [
          [0, 100],
          [2, 70],
          [5, 30],
          [null, 0],
        ],
      },
    },
    {
      id: 'channels_count',
      label: 'Channels used in the window',
      unit: 'channels',
      group: 'engagement',
      weight: 15,
      description:
        'Customers reached through more channels are stickier; three or more channels saturate (100), none is 0.',
      normalize: { kind: 'linear', bad: 0, good: 3 },
    },
    {
      id: 'revenue',
      label: 'Revenue in the window',
      unit: 'currency',
      group: 'value',
      weight: 70,
      description:
        'Revenue is heavily right-skewed, so it is compared on log(1 + revenue) against the fitted population: the median customer scores about 50, one standard deviation above about 84.',
      normalize: { kind: 'zscore', log: true },
    },
    {
      id: 'tenure_days',
      label: 'Tenure',
      unit: 'days',
      group: 'value',
      weight: 30,
      description:
        'Churn is highest in the first month and flattens after about two years: 30 days or less scores 0, 730 days or more 100.',
      normalize: { kind: 'linear', bad: 30, good: 730 },
    },
  ],
  missing: { policy: 'reweight', minCoverage: 0.6 },
  overrides: [
    {
      when: { measure: 'tickets_count', gte: 10 },
      band: 'red',
      reason: 'support escalation: 10 or more tickets in the window',
    },
    {
      when: { measure: 'p_alive', lte: 0.05 },
      band: 'red',
      reason: 'purchase model: at most a 5% chance the customer is still buying',
    },
  ],
} satisfies ScorecardInput;

/**
 * The default scorecard, validated. Needs statistics from `fitScorecard` (for `revenue`) before scoring.
 * Weight shares: NPS 18%, CSAT 12%, recency 15%, P(alive) 9.375%, orders 7.5%, tickets 7.5%, channels 5.625%,
 * revenue 17.5%, tenure 7.5%. Missing survey answers are common, so missing values are reweighted, and a
 * customer needs 60% of the weight present (e.g. no survey at all still leaves 70%) for a colour.
 */
export const DEFAULT_SCORECARD: Scorecard = parseScorecard(DEFAULT_SCORECARD_DOCUMENT);
