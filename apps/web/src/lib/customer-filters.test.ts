import { describe, expect, it } from 'vitest';
import { filtersToParams, nextSort, readFilters } from './customer-filters.ts';

describe('readFilters', () => {
  it('defaults to the riskiest customers first with no filter', () => {
    const filters = readFilters(new URLSearchParams(''));
    expect(filters).toEqual({
      band: undefined,
      predicted_band: undefined,
      segment: undefined,
      q: undefined,
      sortKey: 'churn_probability',
      descending: true,
      cursor: undefined,
    });
  });

  it('ignores invalid colours and sort keys from an edited URL', () => {
    const filters = readFilters(
      new URLSearchParams('band=purple&predicted_band=red&sort=-password&q=%20%20'),
    );
    expect(filters.band).toBeUndefined();
    expect(filters.predicted_band).toBe('red');
    expect(filters.sortKey).toBe('churn_probability');
    expect(filters.q).toBeUndefined();
  });

  it('round-trips through URL parameters', () => {
    const params = new URLSearchParams(
      'band=green&predicted_band=red&segment=retail&q=C01&sort=score&cursor=abc',
    );
    const filters = readFilters(params);
    expect(filtersToParams(filters)).toEqual({
      band: 'green',
      predicted_band: 'red',
      segment: 'retail',
      q: 'C01',
      sort: 'score',
      cursor: 'abc',
    });
  });
});

describe('nextSort', () => {
  it('flips the direction when the same column is activated again', () => {
    const filters = readFilters(new URLSearchParams('sort=score'));
    expect(nextSort(filters, 'score')).toEqual({ sortKey: 'score', descending: true });
  });
  it('sorts a new probability column worst first and a new score column lowest first', () => {
    const filters = readFilters(new URLSearchParams('sort=customer_id'));
    expect(nextSort(filters, 'churn_probability')).toEqual({
      sortKey: 'churn_probability',
      descending: true,
    });
    expect(nextSort(filters, 'score')).toEqual({ sortKey: 'score', descending: false });
  });
});
