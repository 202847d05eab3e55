/** @module Binary label parsing: Yes/No, True/False, 1/0 (and Y/N, T/F) recognised, or an explicit positive value. */
import { DataError } from './errors.js';
import { isMissing } from './preprocess.js';

/** How label values map to 1 (churned) and 0, saved in `preprocessing.json`. */
export interface LabelRule {
  column: string;
  /** normalised (trimmed, lower-case) values meaning 1 */
  positive: string[];
  /** normalised values meaning 0 */
  negative: string[];
}

const KNOWN_PAIRS: Array<[string[], string[]]> = [
  [
    ['yes', 'y'],
    ['no', 'n'],
  ],
  [
    ['true', 't'],
    ['false', 'f'],
  ],
  [
    ['1', '1.0'],
    ['0', '0.0'],
  ],
];

/** Normalises a raw cell to a label token; `''` means empty (blank, NA, N/A, NaN, NULL, ?). */
export function normaliseLabel(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const token = String(value).trim().toLowerCase();
  return isMissing(token) ? '' : token;
}

/**
 * Works out the label rule from the values present.
 *
 * @param column - label column name (for messages)
 * @param values - the raw label cells
 * @param positive - the value meaning "churned" when the label is not Yes/No, True/False or 1/0
 * @returns the rule
 */
export function fitLabelRule(column: string, values: readonly unknown[], positive?: string): LabelRule {
  const distinct = new Set<string>();
  for (const value of values) {
    const token = normaliseLabel(value);
    if (token !== '') distinct.add(token);
  }
  if (positive !== undefined) {
    const pos = normaliseLabel(positive);
    if (!distinct.has(pos)) {
      throw new DataError(
        `label "${column}": --positive "${positive}" never occurs; values found: ${[...distinct].slice(0, 10).join(', ')}`,
      );
    }
    const negative = [...distinct].filter((v) => v !== pos);
    if (negative.length !== 1) {
      throw new DataError(
        `label "${column}" must be binary: expected one value besides "${positive}", found ${negative.length} (${negative.slice(0, 10).join(', ')})`,
      );
    }
    return { column, positive: [pos], negative };
  }
  for (const [pos, neg] of KNOWN_PAIRS) {
    const known = new Set([...pos, ...neg]);
    if (distinct.size > 0 && [...distinct].every((v) => known.has(v))) {
      return { column, positive: pos, negative: neg };
    }
  }
  throw new DataError(
    `label "${column}": expected Yes/No, True/False or 1/0, found ${[...distinct].slice(0, 10).join(', ')}; pass --positive VALUE to name the churn value`,
  );
}

/**
 * Applies a label rule.
 *
 * @param rule - from {@link fitLabelRule}
 * @param values - raw label cells
 * @returns one entry per row: 1, 0, or -1 when the label is empty (outcome not yet observed)
 */
export function applyLabelRule(rule: LabelRule, values: readonly unknown[]): Int8Array {
  const positive = new Set(rule.positive);
  const negative = new Set(rule.negative);
  const out = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const token = normaliseLabel(values[i]);
    if (token === '') out[i] = -1;
    else if (positive.has(token)) out[i] = 1;
    else if (negative.has(token)) out[i] = 0;
    else {
      throw new DataError(
        `row ${i + 1}, label "${rule.column}": unexpected value "${String(values[i])}" (expected one of ${[...rule.positive, ...rule.negative].join(', ')})`,
      );
    }
  }
  return out;
}
