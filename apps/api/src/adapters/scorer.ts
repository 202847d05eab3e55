/**
 * @module Current-health scorer over `@chi/core`: a validated scorecard plus stats fitted on the latest
 * snapshot; one customer with `scoreCustomer` (full explanation), the portfolio with `scoreBatch` (columns).
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
  scoreCustomer,
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
    scoreOne(input: CustomerInput): HealthResultWire {
      try {
        return scoreCustomer(input, scorecard, stats);
      } catch (error) {
        if (error instanceof ScorecardError) {
          throw new ApiError(
            400,
            'validation_failed',
            'the metrics cannot be scored',
            error.issues.map((i) => ({ path: i.path, problem: i.problem })),
          );
        }
        throw error;
      }
    },
    scoreColumns(columns: SnapshotColumns): ColumnScores {
      const r = scoreBatch(columns, scorecard, stats);
      const band: Band[] = Array.from(r.band, (code) => BAND_CODES[code] ?? 'unknown');
      return { score: r.score, band, coverage: r.coverage };
    },
  };
}
