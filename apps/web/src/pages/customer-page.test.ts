import type { CustomerDetail } from '@chi/core';
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { type ApiClient, ApiError } from '../lib/api-client.ts';
import { Router } from '../lib/router.svelte.ts';
import ContextHarness from '../test-support/context-harness.svelte';
import CustomerPage from './customer-page.svelte';

const DETAIL = {
  customer_id: 'C42',
  segment: 'retail',
  as_of: '2024-06-30',
  current: {
    customer_id: 'C42',
    mode: 'current',
    score: 74.6,
    band: 'green',
    coverage: 0.88,
    scorecard_version: 3,
    drivers: [{ feature: 'nps_last', value: 6, effect: -21 }],
  },
  predicted: {
    customer_id: 'C42',
    mode: 'predicted',
    score: 46.9,
    band: 'red',
    churn_probability: 0.531,
    model_version: 'm1',
    drivers: [
      { feature: 'expected_interval_days', value: 58.9, effect: -15.8 },
      { feature: 'tenure_days', value: 397, effect: 2.1 },
    ],
  },
  comparison: {
    delta: -27.7,
    direction: 'down',
    from: 'green',
    to: 'red',
    transition: 'worse',
    changed: true,
  },
  metrics: { nps_last: 6, recency_ratio: 0.88, csat_avg: null },
  history: [
    {
      as_of: '2024-04-30',
      current: { score: 60, band: 'yellow' },
      predicted: { score: 65, band: 'yellow', churn_probability: 0.3 },
      churned: 0,
    },
    {
      as_of: '2024-05-31',
      current: { score: 72, band: 'green' },
      predicted: { score: 55, band: 'yellow', churn_probability: 0.4 },
      churned: 1,
    },
    {
      as_of: '2024-06-30',
      current: { score: 74.6, band: 'green' },
      predicted: { score: 46.9, band: 'red', churn_probability: 0.531 },
      churned: null,
    },
  ],
} satisfies CustomerDetail;

function show(api: Partial<ApiClient>) {
  const Page = (anchor: Parameters<typeof CustomerPage>[0], props: Record<string, never>) =>
    CustomerPage(anchor, { ...props, id: 'C42' });
  render(ContextHarness, { api: api as ApiClient, router: new Router(window), page: Page });
}

describe('CustomerPage', () => {
  it('shows both colours with words, the change and the churn probability', async () => {
    show({ customer: async () => DETAIL });
    expect((await screen.findByTestId('current-health')).textContent).toContain('Green 74.6');
    expect(screen.getByTestId('predicted-health').textContent).toContain('Red 46.9');
    expect(screen.getByText('churn probability 53.1%')).toBeTruthy();
    expect(screen.getByText('−27.7 points')).toBeTruthy();
  });

  it('draws both explanations and the history as charts, and lists the raw metrics', async () => {
    show({ customer: async () => DETAIL });
    const current = await screen.findByTestId('current-drivers');
    expect(current.querySelectorAll('svg rect').length).toBeGreaterThan(0);
    expect(current.textContent).toContain('nps last');
    const predicted = screen.getByTestId('predicted-drivers');
    expect(predicted.textContent).toContain('expected interval days');
    expect(predicted.textContent).toContain('+2.1');
    expect(screen.getByTestId('history-chart').querySelectorAll('svg path').length).toBeGreaterThan(0);
    expect(screen.getByText(/Observed churn after the snapshots of 2024-05-31/)).toBeTruthy();
    const metrics = screen.getByTestId('raw-metrics').textContent ?? '';
    expect(metrics).toContain('recency ratio');
    expect(metrics).toContain('—');
  });

  it('says which customer could not be found', async () => {
    show({
      customer: async () => {
        throw new ApiError(404, 'not_found', 'customer C42 not found', [
          { path: 'id', problem: 'unknown customer id' },
        ]);
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load customer C42 (HTTP 404)');
    expect(alert.textContent).toContain('unknown customer id');
  });
});
