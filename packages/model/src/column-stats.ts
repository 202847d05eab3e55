/**
 * @module Training-split statistics of the numeric feature columns, fitted on a danfojs-node DataFrame:
 * present-value counts (`count`), median imputation (`fillNa`), then mean and standard deviation of the
 * imputed columns (`mean`, `std`). The median itself is a sort (see below). Only fitting uses danfo;
 * applying the statistics (`transform`) stays plain code, so prediction never loads it.
 */
import { createRequire } from 'node:module';

/** Fitted statistics of one numeric column. */
export interface ColumnStats {
  /** median of the present values (0 when none) */
  median: number;
  /** cells that were missing (NaN) */
  missing: number;
  /** mean of the median-imputed values */
  mean: number;
  /** population standard deviation (divided by n) of the median-imputed values */
  std: number;
}

interface DanfoSeries {
  values: unknown[];
}
interface DanfoFrame {
  columns: string[];
  mean(options: { axis: 0 }): DanfoSeries;
  std(options: { axis: 0 }): DanfoSeries;
  count(options: { axis: 0 }): DanfoSeries;
  fillNa(values: number[], options: { columns: string[]; inplace: true }): void;
}
interface Danfo {
  DataFrame: new (data: Record<string, number[]>, options?: { columns?: string[] }) => DanfoFrame;
}

const require = createRequire(import.meta.url);
let danfo: Danfo | undefined;

/** danfojs-node, loaded on first use (fitting only), so prediction never pays for it. */
function loadDanfo(): Danfo {
  danfo ??= require('danfojs-node') as Danfo;
  return danfo;
}

/** Median of the non-NaN values (mean of the middle two for an even count). */
function medianOfPresent(values: readonly number[]): number {
  const sorted = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const numbers = (series: DanfoSeries): number[] => series.values.map((v) => Number(v));

/**
 * Fits median, missing count, mean and standard deviation of numeric columns in one DataFrame.
 *
 * @param columns - column name -> values of the training rows, `NaN` for missing; all of one length n >= 2
 * @returns the statistics per column, in the order given
 * @example
 * fitColumnStats({ spend: [1, Number.NaN, 3] }); // { spend: { median: 2, missing: 1, mean: 2, std: 0.816... } }
 */
export function fitColumnStats(columns: Record<string, number[]>): Record<string, ColumnStats> {
  const out: Record<string, ColumnStats> = {};
  // a column with no present value has no median: impute 0 (fitPreprocessing drops such columns anyway)
  const names = Object.keys(columns).filter((name) => {
    const values = columns[name] as number[];
    if (values.some((v) => !Number.isNaN(v))) return true;
    out[name] = { median: 0, missing: values.length, mean: 0, std: 0 };
    return false;
  });
  if (names.length === 0) return out;
  const n = (columns[names[0] as string] as number[]).length;
  const { DataFrame } = loadDanfo();
  const frame = new DataFrame(Object.fromEntries(names.map((name) => [name, columns[name] as number[]])), {
    columns: names,
  });
  // The median is taken here, not with danfo's `median()`: that one (mathjs partitionSelect) is quadratic on
  // low-cardinality columns, 31 s for one 0/1 column of 125k rows, against 10 ms for a sort.
  const medians = names.map((name) => medianOfPresent(columns[name] as number[]));
  const present = numbers(frame.count({ axis: 0 }));
  // in place: the frame is ours, and a copy of every column costs more than the statistics
  frame.fillNa(medians, { columns: names, inplace: true });
  const means = numbers(frame.mean({ axis: 0 }));
  // danfo's std is the sample one (divided by n - 1); scaling uses the population one (divided by n)
  const sampleStd = numbers(frame.std({ axis: 0 }));
  names.forEach((name, j) => {
    out[name] = {
      median: medians[j] as number,
      missing: n - (present[j] as number),
      mean: means[j] as number,
      std: n > 1 ? (sampleStd[j] as number) * Math.sqrt((n - 1) / n) : 0,
    };
  });
  return Object.fromEntries(Object.keys(columns).map((name) => [name, out[name] as ColumnStats]));
}
