/** @module Progress reporting contract: long operations call back, the caller decides how to show it. */

/** One progress update of a long operation. */
export interface ProgressEvent {
  /** What is being done, e.g. `ingest orders.csv` or `generate`. */
  task: string;
  /** Units done so far (rows, customers, snapshots). */
  done: number;
  /** Units expected in total, when known. */
  total?: number;
  /** Unit name for display, e.g. `rows`. */
  unit: string;
}

/** Receives progress updates; must be cheap (it may be called thousands of times). */
export type ProgressListener = (event: ProgressEvent) => void;
