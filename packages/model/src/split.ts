/**
 * @module Train/validation/test splits: stratified and seeded, or by time (earlier as_of dates train,
 * later ones validate and test; a date, hence a customer-date, lands in exactly one set).
 */
import { DataError } from './errors.js';
import { createRandom, shuffleInPlace } from './random.js';

/** Row indices of each split. */
export interface Split {
  train: number[];
  validation: number[];
  test: number[];
  /** how the split was made; for time splits the as_of range of each set */
  method: 'stratified' | 'time';
  ranges?: { train: [string, string]; validation: [string, string]; test: [string, string] };
  /** rows left out by the gap between training and validation dates (time splits) */
  embargoed?: number;
}

/** Shares of the rows in each split, summing to 1. Default 60/20/20. */
export type SplitFractions = [train: number, validation: number, test: number];

/** The default 60/20/20 split. */
export const DEFAULT_FRACTIONS: SplitFractions = [0.6, 0.2, 0.2];

/**
 * Stratified random split: each class is shuffled with the seed and cut by the fractions, so every set
 * keeps the overall churn rate.
 *
 * @param rows - indices of the labelled rows
 * @param labels - label per table row (0/1)
 * @param seed - integer seed
 * @param fractions - shares of train/validation/test
 * @returns the split
 */
export function stratifiedSplit(
  rows: readonly number[],
  labels: Int8Array,
  seed: number,
  fractions: SplitFractions = DEFAULT_FRACTIONS,
): Split {
  const random = createRandom(seed);
  const split: Split = { train: [], validation: [], test: [], method: 'stratified' };
  for (const cls of [0, 1]) {
    const members = shuffleInPlace(
      rows.filter((r) => labels[r] === cls),
      random,
    );
    const nTrain = Math.round(members.length * fractions[0]);
    const nVal = Math.round(members.length * fractions[1]);
    split.train.push(...members.slice(0, nTrain));
    split.validation.push(...members.slice(nTrain, nTrain + nVal));
    split.test.push(...members.slice(nTrain + nVal));
  }
  for (const key of ['train', 'validation', 'test'] as const) split[key].sort((a, b) => a - b);
  checkNonEmpty(split);
  return split;
}

/**
 * Time split over whole dates: distinct times sorted, the earliest ones filling about `fractions[0]` of
 * the rows go to training, the next to validation, the latest to test.
 *
 * @param rows - indices of the labelled rows
 * @param times - time value per table row (ISO dates or anything that sorts as text/number)
 * @param fractions - shares of train/validation/test
 * @param gapDays - [0] leave out training dates less than this many days before the first validation date
 *   (use the label horizon, so that no training outcome window overlaps the validation and test periods)
 * @returns the split with the date range of each set and the number of rows left out by the gap
 */
export function timeSplit(
  rows: readonly number[],
  times: readonly unknown[],
  fractions: SplitFractions = DEFAULT_FRACTIONS,
  gapDays = 0,
): Split {
  const key = (r: number) => {
    const t = times[r];
    return t instanceof Date ? t.toISOString().slice(0, 10) : String(t ?? '');
  };
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === '') throw new DataError(`row ${r + 1}: the time column is empty`);
    const group = groups.get(k);
    if (group) group.push(r);
    else groups.set(k, [r]);
  }
  const ordered = [...groups.keys()].sort();
  if (ordered.length < 3) {
    throw new DataError(`a time split needs at least 3 distinct time values, found ${ordered.length}`);
  }
  const total = rows.length;
  const split: Split = { train: [], validation: [], test: [], method: 'time' };
  // each date goes where the middle of its rows falls; cuts clamped so every set keeps >= 1 date
  const centres: number[] = [];
  let seen = 0;
  for (const k of ordered) {
    const size = groups.get(k)?.length ?? 0;
    centres.push((seen + size / 2) / total);
    seen += size;
  }
  const d = ordered.length;
  const trainEnd = Math.min(Math.max(centres.filter((c) => c < fractions[0]).length, 1), d - 2);
  const valEnd = Math.min(
    Math.max(centres.filter((c) => c < fractions[0] + fractions[1]).length, trainEnd + 1),
    d - 1,
  );
  const assigned = ordered.map((_, i): 'train' | 'validation' | 'test' =>
    i < trainEnd ? 'train' : i < valEnd ? 'validation' : 'test',
  );
  // embargo: training dates whose outcome window reaches into the validation period are dropped, so no
  // training label was observed at or after the first validation (hence test) date
  const validationStart = Date.parse(ordered[trainEnd] ?? '');
  let embargoed = 0;
  ordered.forEach((k, i) => {
    const rowsOfDate = groups.get(k) ?? [];
    if (assigned[i] === 'train' && gapDays > 0) {
      const t = Date.parse(k);
      if (Number.isNaN(t) || Number.isNaN(validationStart)) {
        throw new DataError(`a gap needs ISO dates in the time column, got "${k}"`);
      }
      if ((validationStart - t) / 86_400_000 < gapDays) {
        embargoed += rowsOfDate.length;
        assigned[i] = 'embargoed' as 'train';
        return;
      }
    }
    split[assigned[i] as 'train'].push(...rowsOfDate);
  });
  split.embargoed = embargoed;
  if (split.train.length === 0) {
    throw new DataError(
      `the ${gapDays}-day gap before the validation dates (from ${ordered[trainEnd]}) leaves no training rows; use a smaller --gap or a longer history`,
    );
  }
  const range = (set: 'train' | 'validation' | 'test'): [string, string] => {
    const ks = ordered.filter((_, i) => assigned[i] === set);
    return [ks[0] ?? '', ks[ks.length - 1] ?? ''];
  };
  split.ranges = { train: range('train'), validation: range('validation'), test: range('test') };
  checkNonEmpty(split);
  return split;
}

function checkNonEmpty(split: Split): void {
  for (const key of ['train', 'validation', 'test'] as const) {
    if (split[key].length === 0)
      throw new DataError(`the ${key} split is empty; more labelled rows are needed`);
  }
}
