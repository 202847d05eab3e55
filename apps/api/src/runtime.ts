/**
 * @module The live state of one API instance behind one atomic reference: the snapshot, the active
 * scorer (scorecard + fitted stats), the champion predictor and the scored portfolio. A request takes the
 * state once and finishes on it; a scorecard change or a model reload builds a complete new state off to
 * the side and installs it in one assignment.
 */
import type { Logger } from 'pino';
import { ApiError } from './errors.js';
import { AtomicRef } from './holder.js';
import { Portfolio } from './portfolio.js';
import type { CurrentScorer, Predictor, SnapshotColumns, SnapshotSource } from './ports.js';

/** Where the active scorecard lives and how it becomes a scorer. */
export interface ScorecardRepository {
  /** @returns the stored scorecard document */
  load(): Promise<Record<string, unknown>>;
  /**
   * Validates a scorecard document.
   * @param input - untrusted JSON
   * @returns the parsed document
   * @throws ApiError 400 with the JSON path of each problem
   */
  parse(input: unknown): Record<string, unknown>;
  /** Persists a document atomically (temp file + rename). */
  save(document: Record<string, unknown>): Promise<void>;
  /**
   * Fits the scorecard's population stats on a snapshot and returns a scorer.
   * @param document - parsed scorecard
   * @param population - snapshot to fit on
   */
  build(document: Record<string, unknown>, population: SnapshotColumns): CurrentScorer;
}

/** Where models come from (the registry on disk). */
export interface ModelRepository {
  /** @returns the champion, or null when the registry names none */
  loadChampion(): Promise<Predictor | null>;
  /**
   * Names `version` champion in the registry.
   * @throws ApiError 404 when the version does not exist
   */
  promote(version: string): Promise<void>;
}

/** Everything a request reads, immutable. */
export interface HealthState {
  snapshot: SnapshotColumns | null;
  scorer: CurrentScorer | null;
  predictor: Predictor | null;
  portfolio: Portfolio | null;
  /** whether the model registry was read (a registry without champion still counts as loaded) */
  modelLoaded: boolean;
}

/** Options of a runtime. */
export interface RuntimeOptions {
  source: SnapshotSource | null;
  scorecards: ScorecardRepository;
  models: ModelRepository | null;
  logger: Logger;
}

const EMPTY: HealthState = {
  snapshot: null,
  scorer: null,
  predictor: null,
  portfolio: null,
  modelLoaded: false,
};

/** Owns the state and every swap of it. */
export class Runtime {
  readonly #ref = new AtomicRef<HealthState>(EMPTY);
  readonly #opts: RuntimeOptions;
  /** Requests in flight per predictor, so an old model is disposed only once they finished. */
  readonly #inFlight = new Map<Predictor, number>();
  readonly #retired = new Set<Predictor>();

  /** @param options - snapshot source, repositories, logger */
  constructor(options: RuntimeOptions) {
    this.#opts = options;
  }

  /** @returns the current state; keep it for the whole request */
  state(): HealthState {
    return this.#ref.get();
  }

  /** @returns whether store, scorecard and model registry are loaded */
  ready(): { store: boolean; scorecard: boolean; model: boolean } {
    const s = this.#ref.get();
    return { store: s.snapshot !== null, scorecard: s.scorer !== null, model: s.modelLoaded };
  }

  /**
   * Loads the latest snapshot, the scorecard and the champion model, then scores the portfolio.
   *
   * @returns the installed state
   */
  start(): Promise<HealthState> {
    return this.#ref.swap(async () => {
      const t0 = performance.now();
      const { source, scorecards, models, logger } = this.#opts;
      const snapshot = source ? await source.latest() : emptySnapshot();
      const scorer = scorecards.build(await scorecards.load(), snapshot);
      const predictor = models ? await models.loadChampion() : null;
      const portfolio = source ? await buildPortfolio(snapshot, scorer, predictor) : null;
      logger.info(
        {
          as_of: snapshot.asOf,
          customers: snapshot.length,
          scorecard_version: scorer.version,
          model_version: predictor?.version ?? null,
          ms: Math.round(performance.now() - t0),
        },
        'state loaded',
      );
      return {
        snapshot: source ? snapshot : null,
        scorer,
        predictor,
        portfolio,
        modelLoaded: models !== null,
      };
    });
  }

  /**
   * Replaces the scorecard: validates, checks the expected version, bumps the version, refits stats on the
   * latest snapshot, rescores the portfolio, saves atomically, then swaps.
   *
   * @param input - untrusted scorecard JSON
   * @param expectedVersion - version the client edited (If-Match or the body's `version`), if any
   * @returns the new scorer
   * @throws ApiError 400 (invalid), 409 (version conflict), 503 (not loaded yet)
   */
  async updateScorecard(input: unknown, expectedVersion: number | undefined): Promise<CurrentScorer> {
    const { scorecards } = this.#opts;
    const parsed = scorecards.parse(input);
    const next = await this.#ref.swap(async (cur) => {
      if (!cur.scorer) throw new ApiError(503, 'not_ready', 'the scorecard is not loaded yet');
      if (expectedVersion !== undefined && expectedVersion !== cur.scorer.version) {
        throw new ApiError(409, 'version_conflict', `the scorecard is at version ${cur.scorer.version}`, [
          { path: 'version', problem: `expected ${cur.scorer.version}, got ${expectedVersion}` },
        ]);
      }
      const document = { ...parsed, version: cur.scorer.version + 1 };
      const snapshot = cur.snapshot ?? emptySnapshot();
      const scorer = scorecards.build(document, snapshot);
      const portfolio = cur.snapshot ? await buildPortfolio(cur.snapshot, scorer, cur.predictor) : null;
      await scorecards.save(document);
      this.#opts.logger.info({ scorecard_version: scorer.version }, 'scorecard replaced');
      return { ...cur, scorer, portfolio };
    });
    if (!next.scorer) throw new ApiError(503, 'not_ready', 'the scorecard is not loaded yet');
    return next.scorer;
  }

  /**
   * Reloads the champion from the registry and rescores the portfolio; requests in flight finish on the
   * old model, which is disposed after the last of them.
   *
   * @returns previous and new version
   */
  async reloadModel(): Promise<{ previous: string | null; current: string | null }> {
    const { models } = this.#opts;
    if (!models) throw new ApiError(503, 'not_ready', 'no model registry is configured');
    let previous: Predictor | null = null;
    const next = await this.#ref.swap(async (cur) => {
      previous = cur.predictor;
      const predictor = await models.loadChampion();
      const portfolio =
        cur.snapshot && cur.scorer
          ? await buildPortfolio(cur.snapshot, cur.scorer, predictor)
          : cur.portfolio;
      this.#opts.logger.info(
        { model_version: predictor?.version ?? null, previous: cur.predictor?.version ?? null },
        'model reloaded',
      );
      return { ...cur, predictor, portfolio, modelLoaded: true };
    });
    const old = previous as Predictor | null;
    if (old && old !== next.predictor) this.#retire(old);
    return { previous: old?.version ?? null, current: next.predictor?.version ?? null };
  }

  /**
   * Promotes a registry version to champion, then reloads.
   *
   * @param version - model version in the registry
   * @returns previous and new version
   */
  async promoteModel(version: string): Promise<{ previous: string | null; current: string | null }> {
    const { models } = this.#opts;
    if (!models) throw new ApiError(503, 'not_ready', 'no model registry is configured');
    await models.promote(version);
    return this.reloadModel();
  }

  /**
   * Runs `fn` with the current predictor held, so a reload cannot dispose it mid-request.
   *
   * @param predictor - predictor taken from `state()`
   * @param fn - work using it
   * @returns what `fn` returns
   */
  async using<T>(predictor: Predictor, fn: () => Promise<T>): Promise<T> {
    this.#inFlight.set(predictor, (this.#inFlight.get(predictor) ?? 0) + 1);
    try {
      return await fn();
    } finally {
      const left = (this.#inFlight.get(predictor) ?? 1) - 1;
      if (left > 0) this.#inFlight.set(predictor, left);
      else {
        this.#inFlight.delete(predictor);
        if (this.#retired.delete(predictor)) predictor.dispose?.();
      }
    }
  }

  #retire(predictor: Predictor): void {
    if ((this.#inFlight.get(predictor) ?? 0) === 0) predictor.dispose?.();
    else this.#retired.add(predictor);
  }
}

/** @returns a snapshot with no customers */
export function emptySnapshot(): SnapshotColumns {
  return { asOf: null, length: 0, customer_id: [], segment: [], measures: {} };
}

/**
 * Scores every customer of a snapshot in both modes.
 *
 * @param snapshot - latest snapshot, columns
 * @param scorer - current-health scorer
 * @param predictor - champion, or null
 * @returns the portfolio
 */
export async function buildPortfolio(
  snapshot: SnapshotColumns,
  scorer: CurrentScorer,
  predictor: Predictor | null,
): Promise<Portfolio> {
  const current = scorer.scoreColumns(snapshot);
  const predicted = predictor ? await predictor.predictColumns(snapshot) : null;
  return new Portfolio(snapshot, current, predicted);
}
