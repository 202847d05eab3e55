/**
 * @module What-if state: the active scorecard, an editable draft of its weights and thresholds, and the
 * portfolio rescored in the browser with `@chi/core` on every edit. Population statistics are fitted once
 * on the portfolio (weights and thresholds do not change them), so a slider move costs one `scoreBatch`
 * over typed columns.
 */
import {
  BAND_CODES,
  type BatchScores,
  fitScorecard,
  type MetricColumns,
  parseScorecard,
  type Scorecard,
  type ScorecardStats,
  scoreBatch,
} from '@chi/core';
import type { PortfolioMetrics } from './api-client.ts';
import type { Band } from './bands.ts';

/** A customer whose colour changes under the draft. */
export interface ColourChange {
  customer_id: string;
  segment: string | null;
  before: { band: Band; score: number | null };
  after: { band: Band; score: number | null };
}

/** Counts of customers per band, in {@link BANDS} order. */
export type BandTally = Record<Band, number>;

/** Result of rescoring the portfolio under the draft. */
export interface WhatIfOutcome {
  before: BandTally;
  after: BandTally;
  /** `moves[from][to]` customers going from one colour to another (diagonal = unchanged). */
  moves: Record<Band, BandTally>;
  /** Customers whose colour changes, largest score change first. */
  changes: ColourChange[];
}

/**
 * Converts the portfolio's metrics to scoring columns (missing values become NaN).
 * @param metrics - columns as served by the API
 * @returns the columns `scoreBatch` takes
 * @throws {RangeError} when a metric column's length differs from the number of customers
 */
export function toMetricColumns(metrics: PortfolioMetrics): MetricColumns {
  const length = metrics.customer_id.length;
  const measures: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(metrics.metrics)) {
    if (values.length !== length) {
      throw new RangeError(`metrics.${name}: ${values.length} values for ${length} customers`);
    }
    measures[name] = Float64Array.from(values, (v) => (v === null ? Number.NaN : v));
  }
  return { length, customer_id: metrics.customer_id, segment: metrics.segment, measures };
}

const emptyTally = (): BandTally => ({ green: 0, yellow: 0, red: 0, unknown: 0 });
const finiteOrNull = (v: number | undefined): number | null =>
  v === undefined || Number.isNaN(v) ? null : v;

/**
 * Compares two scorings of the same customers.
 * @param columns - the customers (ids and segments)
 * @param before - scores under the active scorecard
 * @param after - scores under the draft
 * @returns tallies, colour moves and the changed customers
 */
export function compareScores(
  columns: MetricColumns,
  before: BatchScores,
  after: BatchScores,
): WhatIfOutcome {
  const outcome: WhatIfOutcome = {
    before: emptyTally(),
    after: emptyTally(),
    moves: { green: emptyTally(), yellow: emptyTally(), red: emptyTally(), unknown: emptyTally() },
    changes: [],
  };
  for (let i = 0; i < columns.length; i++) {
    const from = BAND_CODES[before.band[i] ?? 3] ?? 'unknown';
    const to = BAND_CODES[after.band[i] ?? 3] ?? 'unknown';
    outcome.before[from]++;
    outcome.after[to]++;
    outcome.moves[from][to]++;
    if (from !== to) {
      outcome.changes.push({
        customer_id: columns.customer_id?.[i] ?? String(i),
        segment: columns.segment?.[i] ?? null,
        before: { band: from, score: finiteOrNull(before.score[i]) },
        after: { band: to, score: finiteOrNull(after.score[i]) },
      });
    }
  }
  const size = (c: ColourChange) => Math.abs((c.after.score ?? 0) - (c.before.score ?? 0));
  outcome.changes.sort((a, b) => size(b) - size(a) || a.customer_id.localeCompare(b.customer_id));
  return outcome;
}

/** Editable weights and thresholds of one scorecard (the top level or a named segment scorecard). */
export interface DraftPart {
  /** `''` for the top-level scorecard, else the name in `scorecards`. */
  name: string;
  bands: { green: number; yellow: number } | undefined;
  groups: { id: string; label: string | undefined; weight: number }[];
  measures: { id: string; label: string | undefined; group: string; weight: number }[];
}

function partOf(
  name: string,
  source: Pick<Scorecard, 'groups' | 'measures'> & { bands?: Scorecard['bands'] | undefined },
): DraftPart {
  return {
    name,
    bands: source.bands ? { green: source.bands.green, yellow: source.bands.yellow } : undefined,
    groups: source.groups.map((g) => ({ id: g.id, label: g.label, weight: g.weight })),
    measures: source.measures.map((m) => ({ id: m.id, label: m.label, group: m.group, weight: m.weight })),
  };
}

/**
 * The editable parts of a scorecard: the top level first, then each segment scorecard.
 * @param scorecard - parsed scorecard
 * @returns one part per scorecard
 */
export function draftParts(scorecard: Scorecard): DraftPart[] {
  return [
    partOf('', scorecard),
    ...Object.entries(scorecard.scorecards).map(([name, sub]) => partOf(name, sub)),
  ];
}

/**
 * Applies edited weights and thresholds to a copy of a scorecard document.
 * @param base - the active scorecard document
 * @param parts - edited parts from {@link draftParts}
 * @returns a new document (same measures, normalisers, overrides), not yet validated
 */
export function applyDraft(base: Scorecard, parts: readonly DraftPart[]): Record<string, unknown> {
  const doc = structuredClone(base) as Scorecard;
  for (const part of parts) {
    const target = part.name === '' ? doc : doc.scorecards[part.name];
    if (!target) continue;
    if (part.bands) target.bands = { ...part.bands };
    for (const group of target.groups) {
      const edited = part.groups.find((g) => g.id === group.id);
      if (edited) group.weight = edited.weight;
    }
    for (const measure of target.measures) {
      const edited = part.measures.find((m) => m.id === measure.id);
      if (edited) measure.weight = edited.weight;
    }
  }
  return doc as unknown as Record<string, unknown>;
}

/** The what-if session: load once, edit the draft, read the outcome. */
export class WhatIf {
  /** Active scorecard (parsed). */
  base = $state.raw<Scorecard | undefined>(undefined);
  /** Portfolio metrics as scoring columns. */
  columns = $state.raw<MetricColumns | undefined>(undefined);
  /** Snapshot date of the metrics. */
  asOf = $state.raw<string | null>(null);
  /** Editable weights and thresholds (deeply reactive: inputs bind to it). */
  parts = $state<DraftPart[]>([]);

  #stats = $state.raw<ScorecardStats | undefined>(undefined);

  /** Scores under the active scorecard. */
  readonly baseline = $derived.by(() => {
    if (!this.base || !this.columns || !this.#stats) return undefined;
    return scoreBatch(this.columns, this.base, this.#stats);
  });

  /** The draft as a validated scorecard, or the validation error. */
  readonly draft = $derived.by((): { scorecard: Scorecard } | { error: Error } | undefined => {
    if (!this.base) return undefined;
    try {
      return { scorecard: parseScorecard(applyDraft(this.base, $state.snapshot(this.parts))) };
    } catch (error) {
      return { error: error instanceof Error ? error : new Error(String(error)) };
    }
  });

  /** Outcome of the draft against the active scorecard. */
  readonly outcome = $derived.by((): WhatIfOutcome | undefined => {
    const draft = this.draft;
    if (!this.columns || !this.baseline || !this.#stats || !draft || !('scorecard' in draft))
      return undefined;
    return compareScores(this.columns, this.baseline, scoreBatch(this.columns, draft.scorecard, this.#stats));
  });

  /** True when the draft differs from the active scorecard. */
  readonly dirty = $derived.by(() => {
    if (!this.base) return false;
    return JSON.stringify(draftParts(this.base)) !== JSON.stringify($state.snapshot(this.parts));
  });

  /**
   * Sets the active scorecard and the portfolio, fitting population statistics once.
   * @param scorecardDocument - the active scorecard document (validated here)
   * @param metrics - the portfolio's metrics
   * @throws {Error} the core's `ScorecardError` when the document is invalid
   */
  load(scorecardDocument: unknown, metrics: PortfolioMetrics): void {
    const base = parseScorecard(scorecardDocument);
    const columns = toMetricColumns(metrics);
    this.#stats = fitScorecard(columns, base);
    this.columns = columns;
    this.asOf = metrics.as_of;
    this.base = base;
    this.parts = draftParts(base);
  }

  /**
   * Makes a newly saved scorecard the active one, keeping the portfolio and its fitted statistics.
   * @param scorecardDocument - the scorecard document now active on the server
   * @throws {Error} the core's `ScorecardError` when the document is invalid
   */
  activate(scorecardDocument: unknown): void {
    const base = parseScorecard(scorecardDocument);
    if (this.columns) this.#stats = fitScorecard(this.columns, base);
    this.base = base;
    this.parts = draftParts(base);
  }

  /** Discards every edit. */
  reset(): void {
    if (this.base) this.parts = draftParts(this.base);
  }

  /**
   * The draft document to save. It keeps the version it was edited from: the API stores it as the next
   * version, or answers 409 when someone saved in between.
   * @returns the document, or undefined when the draft is invalid
   */
  documentToSave(): Record<string, unknown> | undefined {
    const draft = this.draft;
    if (!draft || !('scorecard' in draft)) return undefined;
    return { ...draft.scorecard };
  }
}
