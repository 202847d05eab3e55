import type { CustomerListResponse } from '@chi/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ApiClient, CustomerListParams } from '../lib/api-client.ts';
import { Router } from '../lib/router.svelte.ts';
import ContextHarness from '../test-support/context-harness.svelte';
import { SUMMARY } from '../test-support/fixtures.ts';
import CustomersPage from './customers-page.svelte';

/** A page whose rows carry both top drivers; the last row has no model driver that lowers the score. */
function page(
  ids: string[],
  next: string | null,
  offset = 0,
  prev: string | null = null,
): CustomerListResponse {
  return {
    as_of: '2024-06-30',
    total: 120,
    offset,
    next_cursor: next,
    prev_cursor: prev,
    items: ids.map((id, i) => ({
      customer_id: id,
      segment: 'retail',
      current: {
        score: 80 - i,
        band: 'green',
        coverage: 1,
        top_driver: { feature: 'nps_last', value: 3, effect: -12 },
      },
      predicted: {
        score: 30,
        band: 'red',
        churn_probability: 0.7,
        top_driver: i < ids.length - 1 ? { feature: 'recency_ratio', value: 2.5, effect: -20 } : null,
      },
    })),
  };
}

function setup(hash: string) {
  window.location.hash = hash;
  const calls: CustomerListParams[] = [];
  const api = {
    customers: async (params: CustomerListParams) => {
      calls.push(params);
      if (params.cursor === 'p3') return page(['C5'], null, 100, 'p2');
      return params.cursor === 'p2' ? page(['C3'], 'p3', 50) : page(['C1', 'C2'], 'p2');
    },
    summary: async () => SUMMARY,
  } as unknown as ApiClient;
  const router = new Router(window);
  render(ContextHarness, { api, router, page: CustomersPage });
  return { calls, router };
}

describe('CustomersPage', () => {
  it('asks the API for the filters in the URL, riskiest first by default', async () => {
    const { calls } = setup('#/customers?band=green&predicted_band=red');
    await screen.findAllByTestId('customer-row');
    expect(calls[0]).toEqual({
      band: 'green',
      predicted_band: 'red',
      segment: undefined,
      q: undefined,
      sort: '-churn_probability',
      limit: 50,
      cursor: undefined,
    });
    expect(screen.getByTestId('result-total').textContent).toBe('120');
    expect((screen.getByTestId('filter-band') as HTMLSelectElement).value).toBe('green');
  });

  it("shows the model's top driver from the list answer, else the scorecard's", async () => {
    setup('#/customers');
    const rows = await screen.findAllByTestId('customer-row');
    expect(rows.map((row) => row.querySelector('[data-testid="top-driver"]')?.textContent?.trim())).toEqual([
      'recency ratio (−20.0)',
      'nps last (−12.0)',
    ]);
  });

  it('sorts by a column from its header button and records the sort in the URL', async () => {
    const { calls, router } = setup('#/customers?band=green');
    await screen.findAllByTestId('customer-row');
    await fireEvent.click(screen.getByTestId('sort-score'));
    await waitFor(() => expect(calls.at(-1)?.sort).toBe('score'));
    expect(router.params.get('sort')).toBe('score');
    expect(router.params.get('band')).toBe('green');
    expect(screen.getByTestId('sort-score').closest('th')?.getAttribute('aria-sort')).toBe('ascending');
  });

  it('pages forward with the cursor and back to the first page', async () => {
    const { calls } = setup('#/customers');
    await screen.findAllByTestId('customer-row');
    await fireEvent.click(screen.getByTestId('next-page'));
    await waitFor(() => expect(screen.getAllByTestId('customer-row')).toHaveLength(1));
    expect(calls.at(-1)?.cursor).toBe('p2');
    await fireEvent.click(screen.getByRole('button', { name: '← Previous' }));
    await waitFor(() => expect(screen.getAllByTestId('customer-row')).toHaveLength(2));
    expect(calls.at(-1)?.cursor).toBeUndefined();
    expect((screen.getByTestId('previous-page') as HTMLButtonElement).disabled).toBe(true);
  });

  it("opened on a later page (a reload, a shared link), numbers it and goes back by the API's prev_cursor", async () => {
    const { calls } = setup('#/customers?cursor=p3');
    await screen.findAllByTestId('customer-row');
    expect(screen.getByText(/page 3 of 3/)).toBeTruthy();
    await fireEvent.click(screen.getByTestId('previous-page'));
    await waitFor(() => expect(calls.at(-1)?.cursor).toBe('p2'));
    await waitFor(() => expect(screen.getByText(/page 2 of 3/)).toBeTruthy());
  });

  it('a filter change goes back to the first page', async () => {
    const { calls, router } = setup('#/customers?cursor=p2');
    await screen.findAllByTestId('customer-row');
    await fireEvent.change(screen.getByTestId('filter-predicted-band'), { target: { value: 'red' } });
    await waitFor(() => expect(calls.at(-1)?.predicted_band).toBe('red'));
    expect(calls.at(-1)?.cursor).toBeUndefined();
    expect(router.params.has('cursor')).toBe(false);
  });
});
