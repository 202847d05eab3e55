/**
 * @module The scored portfolio at the latest snapshot, kept in memory column-wise: filtering, keyset
 * pagination with opaque cursors, and the summary (counts per colour per mode, current → predicted
 * transitions, score histograms, per-segment breakdown). Built once per scorecard/model version.
 */
import type {
  BandCounts,
  CustomerListItem,
  CustomerListQuery,
  CustomerListResponse,
  Histogram,
  SegmentSummary,
  Summary,
} from '@chi/core';
import { ApiError } from './errors.js';
import type { Band, ColumnScores, SnapshotColumns } from './ports.js';

const BANDS: readonly Band[] = ['green', 'yellow', 'red', 'unknown'];
const NO_PREDICTION = 255;
const code = (b: Band): number => BANDS.indexOf(b);

type SortKey = 'customer_id' | 'score' | 'predicted_score' | 'churn_probability' | 'delta';

interface Cursor {
  /** sort the cursor belongs to */
  s: string;
  /** sort value of the last item (null = missing) */
  v: number | null;
  /** customer id of the last item */
  id: string;
}

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(raw: string, sort: string): Cursor {
  const bad = (problem: string) =>
    new ApiError(400, 'validation_failed', 'invalid cursor', [{ path: 'query.cursor', problem }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor returned by this API');
  }
  const c = parsed as Partial<Cursor> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.s !== 'string' ||
    typeof c.id !== 'string' ||
    !(c.v === null || typeof c.v === 'number')
  ) {
    throw bad('not a cursor returned by this API');
  }
  if (c.s !== sort) throw bad(`cursor was issued for sort "${c.s}", not "${sort}"`);
  return c as Cursor;
}

const emptyCounts = (): BandCounts => ({ green: 0, yellow: 0, red: 0, unknown: 0 });

/** Bin edges of the score histograms: 0, 10, ..., 100. */
export const HISTOGRAM_EDGES = Array.from({ length: 11 }, (_, i) => i * 10);

function histogram(values: Float64Array, include: (i: number) => boolean): Histogram {
  const counts = new Array<number>(HISTOGRAM_EDGES.length - 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN;
    if (!include(i) || !Number.isFinite(v)) continue;
    const bin = Math.min(counts.length - 1, Math.max(0, Math.floor(v / 10)));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { edges: HISTOGRAM_EDGES, counts };
}

const round = (v: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};
const num = (v: number | undefined): number | null => (v === undefined || Number.isNaN(v) ? null : v);

/** The scored portfolio of one snapshot. Immutable. */
export class Portfolio {
  readonly asOf: string | null;
  readonly length: number;
  readonly ids: string[];
  readonly segments: (string | null)[];
  readonly score: Float64Array;
  readonly band: Uint8Array;
  readonly coverage: Float64Array;
  readonly predictedScore: Float64Array;
  readonly predictedBand: Uint8Array;
  readonly probability: Float64Array;
  readonly hasPrediction: boolean;
  readonly #index = new Map<string, number>();
  readonly #orders = new Map<SortKey, Uint32Array>();
  #summary: Omit<Summary, 'scorecard_version' | 'model_version'> | undefined;

  /**
   * @param columns - the snapshot (ids, segments)
   * @param current - scorecard results for every row
   * @param predicted - model results for every row, or null without a model
   */
  constructor(columns: SnapshotColumns, current: ColumnScores, predicted: ColumnScores | null) {
    const n = columns.length;
    this.asOf = columns.asOf;
    this.length = n;
    this.ids = columns.customer_id;
    this.segments = columns.segment;
    this.score = current.score;
    this.coverage = current.coverage ?? new Float64Array(n).fill(Number.NaN);
    this.band = Uint8Array.from(current.band, code);
    this.hasPrediction = predicted !== null;
    this.predictedScore = predicted?.score ?? new Float64Array(n).fill(Number.NaN);
    this.probability = predicted?.churn_probability ?? new Float64Array(n).fill(Number.NaN);
    this.predictedBand = predicted
      ? Uint8Array.from(predicted.band, code)
      : new Uint8Array(n).fill(NO_PREDICTION);
    for (let i = 0; i < n; i++) this.#index.set(this.ids[i] ?? '', i);
  }

  /** @param id - customer id @returns its row, or undefined */
  indexOf(id: string): number | undefined {
    return this.#index.get(id);
  }

  /**
   * @param i - row
   * @returns the list item of that row, without drivers (`top_driver` null: the list route explains the rows
   *   of a page)
   */
  item(i: number): CustomerListItem {
    const pb = this.predictedBand[i] ?? NO_PREDICTION;
    return {
      customer_id: this.ids[i] ?? '',
      segment: this.segments[i] ?? null,
      current: {
        score: num(this.score[i]),
        band: BANDS[this.band[i] ?? 3] ?? 'unknown',
        coverage: num(this.coverage[i]),
        top_driver: null,
      },
      predicted:
        pb === NO_PREDICTION
          ? null
          : {
              score: num(this.predictedScore[i]),
              band: BANDS[pb] ?? 'unknown',
              churn_probability: num(this.probability[i]),
              top_driver: null,
            },
    };
  }

  #value(key: SortKey, i: number): number {
    switch (key) {
      case 'score':
        return this.score[i] ?? Number.NaN;
      case 'predicted_score':
        return this.predictedScore[i] ?? Number.NaN;
      case 'churn_probability':
        return this.probability[i] ?? Number.NaN;
      case 'delta':
        return (this.predictedScore[i] ?? Number.NaN) - (this.score[i] ?? Number.NaN);
      default:
        return Number.NaN;
    }
  }

  /** Compares (value, id) pairs ascending; missing values sort last in both directions. */
  #compare(key: SortKey, desc: boolean, va: number, ida: string, vb: number, idb: string): number {
    if (key !== 'customer_id') {
      const na = Number.isNaN(va);
      const nb = Number.isNaN(vb);
      if (na !== nb) return na ? 1 : -1;
      if (!na && va !== vb) return desc ? vb - va : va - vb;
    }
    if (ida === idb) return 0;
    const byId = ida < idb ? -1 : 1;
    return desc && key === 'customer_id' ? -byId : byId;
  }

  /** Rows in ascending id order, sorted once and shared by every sort's tie-break. */
  #byId(): Uint32Array {
    let byId = this.#orders.get('customer_id');
    if (!byId) {
      // ids are unique: the engine's own string sort (UTF-16 order, as `<`), then rows by the id index
      const sorted = this.ids.slice().sort();
      byId = new Uint32Array(this.length);
      for (let k = 0; k < sorted.length; k++) byId[k] = this.#index.get(sorted[k] ?? '') ?? 0;
      this.#orders.set('customer_id', byId);
    }
    return byId;
  }

  /**
   * The rows in the order of one sort, computed once per sort and cached: values are read into a typed array
   * and ties are broken by id rank, so the comparator touches numbers only (100k rows in tens of ms).
   */
  #order(key: SortKey, desc: boolean): Uint32Array {
    const cacheKey = (desc ? `-${key}` : key) as SortKey;
    let order = this.#orders.get(cacheKey);
    if (order) return order;
    const byId = this.#byId();
    if (key === 'customer_id') {
      order = desc ? byId.slice().reverse() : byId;
    } else {
      const n = this.length;
      const rank = new Uint32Array(n);
      for (let k = 0; k < n; k++) rank[byId[k] as number] = k;
      const value = new Float64Array(n);
      for (let i = 0; i < n; i++) value[i] = this.#value(key, i);
      const sign = desc ? -1 : 1;
      const idx = Array.from({ length: n }, (_, i) => i);
      idx.sort((a, b) => {
        const va = value[a] as number;
        const vb = value[b] as number;
        const na = Number.isNaN(va);
        const nb = Number.isNaN(vb);
        if (na !== nb) return na ? 1 : -1;
        if (!na && va !== vb) return sign * (va - vb);
        return (rank[a] as number) - (rank[b] as number);
      });
      order = Uint32Array.from(idx);
    }
    this.#orders.set(cacheKey, order);
    return order;
  }

  /**
   * One page of the portfolio.
   *
   * @param query - filters, sort, limit and cursor (validated)
   * @returns the page, `next_cursor` null on the last one; `offset` and `prev_cursor` lead back (a cursor
   *   means "after this row", so the page before a page at offset k starts after row k - limit - 1)
   * @throws ApiError 400 on a cursor that was not issued for this sort
   */
  list(query: CustomerListQuery): CustomerListResponse {
    const desc = query.sort.startsWith('-');
    const key = (desc ? query.sort.slice(1) : query.sort) as SortKey;
    const order = this.#order(key, desc);
    const band = query.band === undefined ? -1 : code(query.band);
    const pband = query.predicted_band === undefined ? -1 : code(query.predicted_band);
    const match = (i: number): boolean =>
      (band < 0 || this.band[i] === band) &&
      (pband < 0 || this.predictedBand[i] === pband) &&
      (query.segment === undefined || this.segments[i] === query.segment) &&
      (query.q === undefined || (this.ids[i] ?? '').startsWith(query.q));

    let start = 0;
    if (query.cursor !== undefined) {
      const c = decodeCursor(query.cursor, query.sort);
      const cv = c.v === null ? Number.NaN : c.v;
      // first position strictly after the cursor's (value, id)
      let lo = 0;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const i = order[mid] ?? 0;
        if (this.#compare(key, desc, this.#value(key, i), this.ids[i] ?? '', cv, c.id) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const items: CustomerListItem[] = [];
    let total = 0;
    let last = -1;
    let more = false;
    // the last limit + 1 matching rows before the page, in a ring: the oldest ends the page before the previous
    const ring = new Int32Array(query.limit + 1);
    let offset = 0;
    for (let p = 0; p < order.length; p++) {
      const i = order[p] ?? 0;
      if (!match(i)) continue;
      total++;
      if (p < start) {
        ring[offset % ring.length] = i;
        offset++;
        continue;
      }
      if (items.length < query.limit) {
        items.push(this.item(i));
        last = i;
      } else more = true;
    }
    const cursorAfter = (i: number): string =>
      encodeCursor({ s: query.sort, v: num(this.#value(key, i)), id: this.ids[i] ?? '' });
    const next_cursor = more && last >= 0 ? cursorAfter(last) : null;
    const prev_cursor =
      offset > query.limit ? cursorAfter(ring[(offset - query.limit - 1) % ring.length] ?? 0) : null;
    return { as_of: this.asOf, total, items, offset, next_cursor, prev_cursor };
  }

  /** @returns counts, transitions, histograms and segments (computed once, then cached) */
  summary(): Omit<Summary, 'scorecard_version' | 'model_version'> {
    if (this.#summary) return this.#summary;
    const current = emptyCounts();
    const predicted = emptyCounts();
    const matrix = [0, 1, 2].map(() => [0, 0, 0]);
    const unknownCurrent = [0, 0, 0];
    let unknownPredicted = 0;
    const segs = new Map<
      string | null,
      { n: number; cur: BandCounts; pred: BandCounts; s: number[]; p: number[] }
    >();
    for (let i = 0; i < this.length; i++) {
      const cb = this.band[i] ?? 3;
      const pb = this.predictedBand[i] ?? NO_PREDICTION;
      const cname = BANDS[cb] ?? 'unknown';
      current[cname] += 1;
      if (pb !== NO_PREDICTION) predicted[BANDS[pb] ?? 'unknown'] += 1;
      if (pb === NO_PREDICTION || pb > 2) unknownPredicted++;
      else if (cb > 2) unknownCurrent[pb] = (unknownCurrent[pb] ?? 0) + 1;
      else {
        const row = matrix[cb];
        if (row) row[pb] = (row[pb] ?? 0) + 1;
      }
      const segment = this.segments[i] ?? null;
      let s = segs.get(segment);
      if (!s) {
        s = { n: 0, cur: emptyCounts(), pred: emptyCounts(), s: [0, 0], p: [0, 0] };
        segs.set(segment, s);
      }
      s.n++;
      s.cur[cname] += 1;
      if (pb !== NO_PREDICTION) s.pred[BANDS[pb] ?? 'unknown'] += 1;
      const sc = this.score[i] ?? Number.NaN;
      const ps = this.predictedScore[i] ?? Number.NaN;
      if (Number.isFinite(sc)) {
        s.s[0] = (s.s[0] ?? 0) + sc;
        s.s[1] = (s.s[1] ?? 0) + 1;
      }
      if (Number.isFinite(ps)) {
        s.p[0] = (s.p[0] ?? 0) + ps;
        s.p[1] = (s.p[1] ?? 0) + 1;
      }
    }
    const mean = (acc: number[]): number | null => (acc[1] ? round((acc[0] ?? 0) / acc[1]) : null);
    const segments: SegmentSummary[] = [...segs.entries()]
      .map(([segment, s]) => ({
        segment,
        customers: s.n,
        current: s.cur,
        predicted: s.pred,
        mean_score: mean(s.s),
        mean_predicted_score: mean(s.p),
      }))
      .sort((a, b) => b.customers - a.customers || String(a.segment).localeCompare(String(b.segment)));
    this.#summary = {
      as_of: this.asOf,
      customers: this.length,
      counts: { current, predicted },
      transitions: {
        bands: ['green', 'yellow', 'red'],
        matrix,
        unknown_current: unknownCurrent,
        unknown_predicted: unknownPredicted,
      },
      histograms: {
        current: histogram(this.score, () => true),
        predicted: histogram(this.predictedScore, (i) => this.predictedBand[i] !== NO_PREDICTION),
      },
      segments,
    };
    return this.#summary;
  }
}
