/**
 * @module The one error type of the scorecard engine: invalid scorecards, missing or stale fitted statistics,
 * and malformed metric input. The message always names where the problem is (a JSON path such as
 * `measures[2].normalize.bad`) and what was expected.
 */

/** One located problem in a scorecard, its statistics or the metrics handed to the engine. */
export interface ScorecardIssue {
  /** JSON path of the offending value, e.g. `measures[2].normalize.bad`; `""` for the whole document. */
  path: string;
  /** What is wrong and what was expected, e.g. `must differ from good`. */
  problem: string;
}

/**
 * Thrown for an invalid scorecard document, statistics that do not match the scorecard, or metric input that
 * is not numeric. `issues` lists every problem found; the message joins them as `path: problem`.
 */
export class ScorecardError extends Error {
  /** Every problem found, in document order. */
  readonly issues: ScorecardIssue[];

  /**
   * @param issues - the problems, at least one
   * @param options - optional `cause` (e.g. the underlying zod error)
   */
  constructor(issues: ScorecardIssue[], options?: { cause?: unknown }) {
    super(issues.map(formatIssue).join('; '), options);
    this.name = 'ScorecardError';
    this.issues = issues;
  }
}

/**
 * Formats one issue as `path: problem` (or just the problem for the document root).
 * @param issue - the issue
 * @returns the one-line text
 */
export function formatIssue(issue: ScorecardIssue): string {
  return issue.path === '' ? issue.problem : `${issue.path}: ${issue.problem}`;
}

/**
 * Renders a path of keys and indices the way JavaScript reads it: `measures[2].normalize.bad`.
 * @param path - property keys and array indices from the document root
 * @returns the dotted path, `""` for the root
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
