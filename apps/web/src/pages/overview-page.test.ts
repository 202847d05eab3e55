import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { type ApiClient, ApiError } from '../lib/api-client.ts';
import { Router } from '../lib/router.svelte.ts';
import ContextHarness from '../test-support/context-harness.svelte';
import { SUMMARY } from '../test-support/fixtures.ts';
import OverviewPage from './overview-page.svelte';

const SCORECARD = { version: 3, scorecard: { bands: { green: 70, yellow: 40 } }, stats_as_of: '2024-06-30' };

function fakeApi(overrides: Partial<ApiClient>): ApiClient {
  return {
    summary: async () => SUMMARY,
    scorecard: async () => SCORECARD,
    ...overrides,
  } as ApiClient;
}

describe('OverviewPage', () => {
  it('shows the counts per colour of both modes as the summary reports them', async () => {
    render(ContextHarness, { api: fakeApi({}), router: new Router(window), page: OverviewPage });
    expect((await screen.findByTestId('total-customers')).textContent).toBe('100');
    expect(screen.getByTestId('count-current-green').textContent).toBe('50');
    expect(screen.getByTestId('count-current-unknown').textContent).toBe('5');
    expect(screen.getByTestId('count-predicted-red').textContent).toBe('25');
    expect(screen.getByTestId('count-predicted-red').getAttribute('href')).toBe(
      '#/customers?predicted_band=red',
    );
    expect(screen.getByTestId('cell-green-red').getAttribute('href')).toBe(
      '#/customers?band=green&predicted_band=red',
    );
    expect(screen.getByTestId('hidden-risk-count').textContent).toBe('7');
  });

  it('draws the distributions and segment charts with Observable Plot', async () => {
    render(ContextHarness, { api: fakeApi({}), router: new Router(window), page: OverviewPage });
    const histograms = await screen.findByTestId('score-histograms');
    expect(histograms.querySelector('svg')).not.toBeNull();
    expect(screen.getByTestId('segments').textContent).toContain('enterprise');
  });

  it('shows the API error message and its details instead of a blank page', async () => {
    const api = fakeApi({
      summary: async () => {
        throw new ApiError(503, 'not_ready', 'store is still loading', [
          { path: 'store', problem: 'not open yet' },
        ]);
      },
    });
    render(ContextHarness, { api, router: new Router(window), page: OverviewPage });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('HTTP 503');
    expect(alert.textContent).toContain('store is still loading');
    expect(alert.textContent).toContain('not open yet');
  });
});
