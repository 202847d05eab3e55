/**
 * @module The two shapes of metric input the engine reads: one customer's record and a batch of columns.
 */

/** One customer's metrics, keyed by snapshot metric name; null, undefined or NaN = missing. */
export interface CustomerMetrics {
  customer_id: string;
  /** Segment name used to pick a segment scorecard; null/absent = the default scorecard. */
  segment?: string | null;
  metrics: Record<string, number | null | undefined>;
}

/** Many customers as columns: one `Float64Array` per metric (NaN = missing), all of `length` rows. */
export interface MetricColumns {
  /** Number of rows. */
  length: number;
  /** Optional ids, one per row (results fall back to the row number). */
  customer_id?: readonly string[];
  /** Optional segment per row (null = default scorecard). */
  segment?: readonly (string | null)[];
  /** Metric columns by name; an absent column means the metric is missing for every row. */
  measures: Record<string, Float64Array>;
}
