/**
 * @module Health results: the one shape both modes (current scorecard health and predicted model health)
 * share, and the richer current-health result with its per-measure explanation.
 */
import type { Band } from './bands.js';

/** One explanation term: a feature, its raw value and the score points it adds (+) or costs (-). */
export interface Driver {
  feature: string;
  value: number | null;
  /** Score points on the 0-100 scale; negative = pulls the score down. */
  effect: number;
}

/** Health of one customer in one mode (DESIGN.md's health result). */
export interface HealthResult {
  customer_id: string;
  mode: 'current' | 'predicted';
  /** 0-100. */
  score: number;
  band: Band;
  /** Share (0-1) of measure weight with a value (current mode). */
  coverage?: number;
  /** Calibrated churn probability (predicted mode). */
  churn_probability?: number;
  drivers: Driver[];
  model_version?: string;
  scorecard_version?: number;
  /** Reason of the override that forced the band, when one fired. */
  override?: string;
}

/** How one measure shaped a customer's score. */
export interface MeasureExplanation {
  id: string;
  label: string;
  unit?: string;
  group: string;
  /** Raw value, null when missing. */
  value: number | null;
  missing: boolean;
  /** Sub-score 0-100 that entered the score (50/0 for a missing value under neutral/zero), null when left out. */
  subScore: number | null;
  /** Share of the score this measure carries after reweighting (0-1; the shares of a customer sum to 1). */
  weightShare: number;
  /** Points contributed: `weightShare × subScore`; a customer's points sum to the score. */
  points: number;
  /** Points lost against a perfect sub-score: `weightShare × (100 − subScore)`. */
  pointsLost: number;
}

/** Score of one group: the weighted mean of its measures' sub-scores. */
export interface GroupExplanation {
  id: string;
  label: string;
  /** Group score 0-100, null when every measure of the group is missing under `reweight`. */
  score: number | null;
  /** Share of the score the group carries (0-1). */
  weightShare: number;
  points: number;
}

/** The override that forced a customer's band. */
export interface FiredOverride {
  /** Position in the scorecard's (or sub-scorecard's) `overrides`. */
  index: number;
  band: 'green' | 'yellow' | 'red';
  reason: string;
}

/** Current health of one customer, with the full explanation. */
export interface CurrentHealth extends HealthResult {
  mode: 'current';
  coverage: number;
  scorecard_version: number;
  /** The scorecard document's name. */
  scorecard: string;
  /** Which scorecard scored the customer: `"default"` or the segment sub-scorecard's name. */
  segment_scorecard: string;
  /** Colour from the score alone, before any override. */
  score_band: Band;
  /** The override that fired, or null. */
  fired_override: FiredOverride | null;
  /** Every measure, grouped, in the scorecard's group order. */
  measures: MeasureExplanation[];
  groups: GroupExplanation[];
}

/** Current health without the per-measure and per-group explanation (`scoreCustomers(..., 'drivers')`). */
export type CurrentSummary = Omit<CurrentHealth, 'measures' | 'groups'>;
