/**
 * @module Current-health scorer over `@chi/core`: a validated scorecard plus stats fitted on the latest
 * snapshot; customers of a request with `scoreCustomers` (full explanations, one kernel run), the portfolio with
 * `scoreBatch` (columns).
 */
import {
  BAND_CODES,
  type CustomerInput,
  fitScorecard,
  type HealthResultWire,
  type Scorecard,
  ScorecardError,
  type ScorecardStats,
  scoreBatch,
  scoreCustomers,
} from '@chi/core';
import { ApiError } from '../errors.js';
import type { Band, ColumnScores, CurrentScorer, SnapshotColumns } from '../ports.js';

/** Converts a scorecard error into a 400 answer whose details carry its JSON paths. */
export function scorecardProblem(error: ScorecardError, prefix = ''): ApiError {
  return new ApiError(
    400,
    'invalid_scorecard',
    'the scorecard is not valid',
    error.issues.map((i) => ({ path: prefix + i.path, problem: i.problem })),
  );
}

/**
 * Fits a scorecard's population stats on a snapshot and returns the scorer.
 *
 * @param scorecard - validated scorecard (its `version` is the scorer's)
 * @param population - latest snapshot, columns
 * @returns the scorer
 * @throws ApiError 400 when a measure needing stats has no value in the population
 */
export function createScorer(scorecard: Scorecard, population: SnapshotColumns): CurrentScorer {
  let stats: ScorecardStats;
  try {
    stats = fitScorecard(population, scorecard);
  } catch (error) {
    if (error instanceof ScorecardError) throw scorecardProblem(error);
    throw error;
  }
  return {
    version: scorecard.version,
    document: scorecard as unknown as Record<string, unknown>,
    statsAsOf: population.asOf,
    scoreMany(inputs: readonly CustomerInput[], detail: 'full' | 'drivers'): HealthResultWire[] {
      return asApiError(
        () =>
          detail === 'full'
            ? scoreCustomers(inputs, scorecard, stats)
            : scoreCustomers(inputs, scorecard, stats, 'drivers'),
        'customers',
      );
    },
    scoreColumns(columns: SnapshotColumns): ColumnScores {
      const r = scoreBatch(columns, scorecard, stats);
      const band: Band[] = Array.from(r.band, (code) => BAND_CODES[code] ?? 'unknown');
      return { score: r.score, band, coverage: r.coverage };
    },
  };
}

/** Runs a scoring call, turning a ScorecardError into a 400 whose paths start at `prefix`. */
function asApiError<T>(fn: () => T, prefix: string): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ScorecardError) {
      throw new ApiError(
        400,
        'validation_failed',
        'the metrics cannot be scored',
        error.issues.map((i) => ({ path: `${prefix}${i.path}`, problem: i.problem })),
      );
    }
    throw error;
  }
}
