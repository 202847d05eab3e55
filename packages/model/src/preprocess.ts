/**
 * @module Feature preparation: fitted once on the training split, saved as plain JSON
 * (`preprocessing.json`), applied by pure code at prediction time. Numeric columns get median imputation,
 * a missing indicator (when the training split had gaps) and standard scaling, their statistics fitted with
 * danfojs-node (`column-stats.ts`); string columns are one-hot
 * encoded; id-like, date-like and constant columns are left out with a reason.
 */
import { type ColumnStats, fitColumnStats } from './column-stats.js';
import { DataError, ModelError } from './errors.js';
import type { LabelRule } from './label.js';
import { columnOf, type Table } from './table.js';

/** A numeric input column and its training-split statistics. */
export interface NumericFeature {
  kind: 'numeric';
  column: string;
  /** training median, used for missing values */
  median: number;
  /** mean and standard deviation of the imputed training values (scaling) */
  mean: number;
  std: number;
  /** whether a `<column>__missing` 0/1 feature follows the scaled value */
  missingIndicator: boolean;
}

/** A string input column, one-hot encoded over the categories seen in training. */
export interface CategoricalFeature {
  kind: 'categorical';
  column: string;
  /** categories in feature order; `(missing)` for empty cells and `(other)` for unseen/rare values */
  categories: string[];
  /** training share of each category, the attribution baseline */
  frequencies: number[];
}

/** One input column of the model. */
export type FeatureSpec = NumericFeature | CategoricalFeature;

/** Everything needed to turn raw rows into the model's input matrix; saved as `preprocessing.json`. */
export interface Preprocessing {
  format: 'chi-preprocessing';
  version: 1;
  label: LabelRule;
  /** the customer id column: the one given, else the first id-like column found (results are named by it) */
  idColumn: string | null;
  timeColumn: string | null;
  features: FeatureSpec[];
  /** expanded model inputs, e.g. `tenure`, `tenure__missing`, `Contract=Two year` */
  featureNames: string[];
  /** for each model input, the index in `features` of the column it came from */
  featureSource: number[];
  /** columns left out and why */
  dropped: Array<{ column: string; reason: string }>;
}

/** Options of {@link fitPreprocessing}. */
export interface PreprocessOptions {
  label: LabelRule;
  idColumn?: string | null;
  timeColumn?: string | null;
  /** only these columns (default: every other column) */
  features?: string[];
  /** columns to leave out */
  exclude?: string[];
  /** [maxCategories=30] most frequent categories kept per string column; the rest share `(other)` */
  maxCategories?: number;
}

/** A dense input matrix, row-major. */
export interface Matrix {
  /** shape [rows, cols] */
  values: Float32Array;
  rows: number;
  cols: number;
}

const MISSING = '(missing)';
const OTHER = '(other)';
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/;

const NA_TOKENS = /^(|na|n\/a|nan|null|\?)$/i;

/** True when a cell counts as missing: null, NaN, or a blank / `NA` / `N/A` / `NaN` / `NULL` / `?` string. */
export function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'string') return NA_TOKENS.test(value.trim());
  return false;
}

/** Parses a numeric cell; `NaN` for missing, `undefined` when the cell is not a number. */
function toNumber(value: unknown): number | undefined {
  if (isMissing(value)) return Number.NaN;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function categoryOf(value: unknown): string {
  if (isMissing(value)) return MISSING;
  if (value instanceof Date) return value.toISOString();
  return String(value).trim();
}

/** Parses a numeric training column for the statistics: missing cells (and non-numbers) as `NaN`. */
function numericValues(values: readonly unknown[]): number[] {
  return values.map((value) => toNumber(value) ?? Number.NaN);
}

function numericFeature(column: string, stats: ColumnStats): NumericFeature {
  return {
    kind: 'numeric',
    column,
    median: stats.median,
    mean: stats.mean,
    std: stats.std > 1e-12 ? stats.std : 1,
    missingIndicator: stats.missing > 0,
  };
}

function fitCategorical(
  column: string,
  values: readonly unknown[],
  maxCategories: number,
): CategoricalFeature {
  const counts = new Map<string, number>();
  for (const value of values) {
    const key = categoryOf(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const ordered = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept = ordered.slice(0, maxCategories);
  const rest = ordered.slice(maxCategories).reduce((s, [, c]) => s + c, 0);
  const categories = kept.map(([k]) => k);
  const frequencies = kept.map(([, c]) => c / values.length);
  categories.push(OTHER);
  frequencies.push(rest / values.length);
  return { kind: 'categorical', column, categories, frequencies };
}

/** Classifies a column on the training rows: numeric, categorical, or dropped with a reason. */
function classify(values: readonly unknown[]): 'numeric' | 'categorical' | { reason: string } {
  let present = 0;
  let numeric = true;
  let integers = true;
  let dateLike = 0;
  const distinct = new Set<string>();
  for (const value of values) {
    if (isMissing(value)) continue;
    present++;
    if (value instanceof Date) dateLike++;
    const n = toNumber(value);
    if (n === undefined) numeric = false;
    else if (!Number.isInteger(n)) integers = false;
    const key = categoryOf(value);
    if (typeof value === 'string' && DATE_LIKE.test(key)) dateLike++;
    distinct.add(key);
  }
  if (present === 0) return { reason: 'empty in the training split' };
  if (distinct.size <= 1) return { reason: 'constant in the training split' };
  if (dateLike === present) return { reason: 'date column (pass it as --time to split by it)' };
  if (numeric) {
    if (integers && present >= 50 && distinct.size === present)
      return { reason: 'id-like (a distinct integer per row)' };
    return 'numeric';
  }
  if (present >= 50 && distinct.size > 0.5 * present) {
    return { reason: `id-like (${distinct.size} distinct values in ${present} rows)` };
  }
  return 'categorical';
}

/**
 * Fits the preprocessing on the training split only.
 *
 * @param train - training rows
 * @param options - label rule, id/time columns, feature selection
 * @returns the fitted preprocessing (plain JSON)
 */
export function fitPreprocessing(train: Table, options: PreprocessOptions): Preprocessing {
  const idColumn = options.idColumn ?? null;
  const timeColumn = options.timeColumn ?? null;
  const reserved = new Set(
    [options.label.column, idColumn, timeColumn].filter((c): c is string => c !== null),
  );
  const exclude = new Set(options.exclude ?? []);
  for (const column of [...(options.features ?? []), ...exclude]) columnOf(train, column);
  const candidates = (options.features ?? train.columns).filter((c) => !reserved.has(c) && !exclude.has(c));
  const dropped: Preprocessing['dropped'] = [];
  const kinds = candidates.map((column) => classify(columnOf(train, column)));
  // the numeric columns' medians, means and standard deviations come from one danfo DataFrame
  const numeric: Record<string, number[]> = {};
  candidates.forEach((column, i) => {
    if (kinds[i] === 'numeric') numeric[column] = numericValues(columnOf(train, column));
  });
  const stats = fitColumnStats(numeric);
  const features: FeatureSpec[] = [];
  candidates.forEach((column, i) => {
    const kind = kinds[i] as ReturnType<typeof classify>;
    if (kind === 'numeric') features.push(numericFeature(column, stats[column] as ColumnStats));
    else if (kind === 'categorical')
      features.push(fitCategorical(column, columnOf(train, column), options.maxCategories ?? 30));
    else dropped.push({ column, reason: kind.reason });
  });
  if (features.length === 0) {
    throw new DataError(
      `no usable feature columns (dropped: ${dropped.map((d) => `${d.column}: ${d.reason}`).join('; ')})`,
    );
  }
  const featureNames: string[] = [];
  const featureSource: number[] = [];
  features.forEach((spec, index) => {
    if (spec.kind === 'numeric') {
      featureNames.push(spec.column);
      featureSource.push(index);
      if (spec.missingIndicator) {
        featureNames.push(`${spec.column}__missing`);
        featureSource.push(index);
      }
    } else {
      for (const category of spec.categories) {
        featureNames.push(`${spec.column}=${category}`);
        featureSource.push(index);
      }
    }
  });
  // without --id, the first id-like column names the customers in results
  const detectedId = dropped.find((d) => d.reason.startsWith('id-like'))?.column ?? null;
  return {
    format: 'chi-preprocessing',
    version: 1,
    label: options.label,
    idColumn: idColumn ?? detectedId,
    timeColumn,
    features,
    featureNames,
    featureSource,
    dropped,
  };
}

/**
 * Applies a fitted preprocessing to rows: the same code runs at training and at prediction time.
 *
 * @param pre - fitted preprocessing
 * @param table - rows holding at least every feature column
 * @returns the input matrix, shape [table.length, pre.featureNames.length]
 */
export function transform(pre: Preprocessing, table: Table): Matrix {
  const cols = pre.featureNames.length;
  const rows = table.length;
  const values = new Float32Array(rows * cols);
  const missingColumns = pre.features.filter((f) => !table.data[f.column]).map((f) => f.column);
  if (missingColumns.length > 0) {
    throw new ModelError(
      `feature mismatch: the input lacks column(s) the model needs: ${missingColumns.join(', ')}`,
    );
  }
  let offset = 0;
  for (const spec of pre.features) {
    const column = table.data[spec.column] as unknown[];
    if (spec.kind === 'numeric') {
      for (let r = 0; r < rows; r++) {
        const n = toNumber(column[r]);
        if (n === undefined) {
          throw new DataError(
            `row ${r + 1}, column "${spec.column}": expected a number, got "${String(column[r])}"`,
          );
        }
        const missing = Number.isNaN(n);
        values[r * cols + offset] = ((missing ? spec.median : n) - spec.mean) / spec.std;
        if (spec.missingIndicator) values[r * cols + offset + 1] = missing ? 1 : 0;
      }
      offset += spec.missingIndicator ? 2 : 1;
    } else {
      const index = new Map(spec.categories.map((c, i) => [c, i]));
      const other = spec.categories.length - 1;
      for (let r = 0; r < rows; r++) {
        const key = categoryOf(column[r]);
        values[r * cols + offset + (index.get(key) ?? other)] = 1;
      }
      offset += spec.categories.length;
    }
  }
  return { values, rows, cols };
}

/**
 * The attribution baseline, a "typical customer" in model-input space: numeric columns at their training
 * median (scaled), missing indicators 0, one-hot groups at their training category shares.
 *
 * @param pre - fitted preprocessing
 * @returns one value per model input
 */
export function baselineVector(pre: Preprocessing): Float32Array {
  const out = new Float32Array(pre.featureNames.length);
  let offset = 0;
  for (const spec of pre.features) {
    if (spec.kind === 'numeric') {
      out[offset] = (spec.median - spec.mean) / spec.std;
      offset += spec.missingIndicator ? 2 : 1;
    } else {
      spec.frequencies.forEach((f, i) => {
        out[offset + i] = f;
      });
      offset += spec.categories.length;
    }
  }
  return out;
}

/**
 * Checks a parsed `preprocessing.json`.
 *
 * @param value - parsed JSON
 * @param file - path, for messages
 * @returns the value typed
 */
export function parsePreprocessing(value: unknown, file: string): Preprocessing {
  const v = value as Partial<Preprocessing> | null;
  if (v?.format !== 'chi-preprocessing' || !Array.isArray(v.features) || !Array.isArray(v.featureNames)) {
    throw new ModelError(
      `${file}: not a CHI preprocessing file (expected format "chi-preprocessing" with features)`,
    );
  }
  if (!Array.isArray(v.featureSource) || v.featureSource.length !== v.featureNames.length || !v.label) {
    throw new ModelError(`${file}: featureSource/featureNames/label are missing or inconsistent`);
  }
  return v as Preprocessing;
}
