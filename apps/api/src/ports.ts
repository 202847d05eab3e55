/**
 * @module What the API needs from the scoring packages, as narrow interfaces: a snapshot source (latest
 * snapshot and per-customer history), a current-health scorer (scorecard + fitted stats) and a predictor
 * (champion model). `adapters.ts` builds them from `@chi/core`, `@chi/data` and `@chi/model`.
 */
import type { CustomerInput, HealthResultWire, ModelCard } from '@chi/core';

/** Traffic-light colour of one customer in one mode. */
export type Band = 'green' | 'yellow' | 'red' | 'unknown';

/** One metric-snapshot row: a customer at one `as_of` date. */
export interface SnapshotRow {
  customer_id: string;
  /** snapshot date, `YYYY-MM-DD` */
  as_of: string;
  segment: string | null;
  /** observed churn label (1/0), null when the horizon is not observed */
  churned: number | null;
  /** numeric metrics by name; null = missing */
  metrics: Record<string, number | null>;
}

/** The latest snapshot in columns: one entry per customer, metrics as Float64Array (NaN = missing). */
export interface SnapshotColumns {
  /** snapshot date, null when the store holds no snapshot */
  asOf: string | null;
  length: number;
  customer_id: string[];
  segment: (string | null)[];
  measures: Record<string, Float64Array>;
}

/** Where snapshots come from (DuckDB through `@chi/data`, opened read-only). */
export interface SnapshotSource {
  /** @returns the latest snapshot, in columns */
  latest(): Promise<SnapshotColumns>;
  /**
   * @param customerId - customer id
   * @returns every snapshot row of the customer, oldest first (empty when unknown)
   */
  history(customerId: string): Promise<SnapshotRow[]>;
  /** Releases the connection. */
  close(): Promise<void> | void;
}

/** Scores of many customers in one mode, column-wise. */
export interface ColumnScores {
  /** 0-100, NaN when it cannot be computed */
  score: Float64Array;
  band: Band[];
  /** measure coverage 0-1 (current mode) */
  coverage?: Float64Array;
  /** churn probability 0-1 (predicted mode) */
  churn_probability?: Float64Array;
}

/** Current health: the active scorecard with its population stats. Immutable; a change makes a new one. */
export interface CurrentScorer {
  /** scorecard version */
  readonly version: number;
  /** the scorecard document as stored */
  readonly document: Record<string, unknown>;
  /** snapshot date the stats were fitted on */
  readonly statsAsOf: string | null;
  /**
   * @param inputs - many customers
   * @param detail - `full` explanation (measures and groups) or `drivers` only
   * @returns their current health, in input order
   */
  scoreMany(inputs: readonly CustomerInput[], detail: 'full' | 'drivers'): HealthResultWire[];
  /** @param columns - many customers @returns their current health, column-wise */
  scoreColumns(columns: SnapshotColumns): ColumnScores;
}

/** Predicted health: the champion model. Immutable; a reload makes a new one. */
export interface Predictor {
  /** model version (registry name) */
  readonly version: string;
  /** model card */
  readonly card: ModelCard;
  /** @param inputs - customers @returns predicted health with drivers, in input order */
  predict(inputs: readonly CustomerInput[]): Promise<HealthResultWire[]>;
  /** @param columns - many customers @returns predicted health column-wise, without drivers */
  predictColumns(columns: SnapshotColumns): Promise<ColumnScores>;
  /** Frees model memory once no request uses it any more. */
  dispose?(): void;
}
