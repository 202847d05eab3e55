/** @module Typed errors of the data package: every message names the file, row or option at fault. */

/** One rule violation found while validating a touchpoint file. */
export interface IngestProblem {
  /** File name as given (path relative to where the command ran). */
  file: string;
  /** 1-based line of the file (header = line 1 for CSV; NDJSON: the record's line; Parquet: the 1-based row); 0 for the whole file. */
  line: number;
  /** 1-based column position (0 when the problem concerns the whole file). */
  column: number;
  /** Column name the rule applies to. */
  field: string;
  /** The rule that was broken, e.g. `amount must be a number >= 0 (got "-3")`. */
  rule: string;
}

/** Formats a problem as `file:line:column rule`. */
export function formatProblem(p: IngestProblem): string {
  return `${p.file}:${p.line}:${p.column} ${p.rule}`;
}

/** Raised when a touchpoint file breaks a rule; nothing from that file was loaded. */
export class IngestError extends Error {
  /** The first problems found (at most 20). */
  readonly problems: IngestProblem[];
  /** Total number of problems found in the file. */
  readonly total: number;
  /** File that was rejected. */
  readonly file: string;

  constructor(file: string, problems: IngestProblem[], total: number, options?: { cause?: unknown }) {
    const shown = problems.map(formatProblem).join('\n');
    const more = total > problems.length ? `\n... and ${total - problems.length} more` : '';
    super(
      `${file}: rejected, ${total} problem${total === 1 ? '' : 's'} (nothing loaded)\n${shown}${more}`,
      options,
    );
    this.name = 'IngestError';
    this.problems = problems;
    this.total = total;
    this.file = file;
  }
}

/** Raised when the store cannot be opened or is used in a way its mode forbids. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** Raised for invalid snapshot options or a store with no data to snapshot. */
export class SnapshotError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnapshotError';
  }
}

/** Raised for invalid generator options. */
export class GenerateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GenerateError';
  }
}
