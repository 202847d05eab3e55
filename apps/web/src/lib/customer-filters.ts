/**
 * @module The customer list's view state as it lives in the URL: filters, sort and page cursor, parsed
 * defensively (an edited URL never breaks the page) and turned back into URL and API parameters.
 */
import { CUSTOMER_SORT_KEYS } from '@chi/core';
import { type Band, parseBandParam } from './bands.ts';

/** A sort key of `GET /v1/customers`. */
export type SortKey = (typeof CUSTOMER_SORT_KEYS)[number];

/** Filters, sort and page of the customer list. */
export interface CustomerFilters {
  band: Band | undefined;
  predicted_band: Band | undefined;
  segment: string | undefined;
  q: string | undefined;
  sortKey: SortKey;
  descending: boolean;
  cursor: string | undefined;
}

/** Page size of the customer list. */
export const PAGE_SIZE = 50;

/**
 * Reads the list state from URL parameters; unknown or malformed values fall back to defaults.
 * @param params - the URL's query parameters
 * @returns the filters (default sort: highest churn probability first)
 */
export function readFilters(params: URLSearchParams): CustomerFilters {
  const rawSort = params.get('sort') ?? '-churn_probability';
  const descending = rawSort.startsWith('-');
  const key = descending ? rawSort.slice(1) : rawSort;
  const known = (CUSTOMER_SORT_KEYS as readonly string[]).includes(key);
  const nonEmpty = (value: string | null) =>
    value === null || value.trim() === '' ? undefined : value.trim();
  return {
    band: parseBandParam(params.get('band')),
    predicted_band: parseBandParam(params.get('predicted_band')),
    segment: nonEmpty(params.get('segment')),
    q: nonEmpty(params.get('q')),
    sortKey: known ? (key as SortKey) : 'churn_probability',
    descending: known ? descending : true,
    cursor: nonEmpty(params.get('cursor')),
  };
}

/**
 * The `sort` parameter for a key and direction.
 * @param key - sort key
 * @param descending - true for highest first
 * @returns e.g. `-churn_probability`
 */
export function sortParam(key: SortKey, descending: boolean): string {
  return descending ? `-${key}` : key;
}

/**
 * URL parameters of a list state (used for links and navigation).
 * @param filters - the list state
 * @returns parameters; empty filters are left out
 */
export function filtersToParams(filters: CustomerFilters): Record<string, string | undefined> {
  return {
    band: filters.band,
    predicted_band: filters.predicted_band,
    segment: filters.segment,
    q: filters.q,
    sort: sortParam(filters.sortKey, filters.descending),
    cursor: filters.cursor,
  };
}

/**
 * The next sort when a column header is activated: a new column sorts descending for scores and
 * probabilities (worst first for churn) and ascending for ids; the same column flips direction.
 * @param current - the list state
 * @param key - the activated column's key
 * @returns key and direction
 */
export function nextSort(current: CustomerFilters, key: SortKey): { sortKey: SortKey; descending: boolean } {
  if (current.sortKey === key) return { sortKey: key, descending: !current.descending };
  return { sortKey: key, descending: key !== 'customer_id' && key !== 'score' && key !== 'predicted_score' };
}
