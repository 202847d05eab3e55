import { DEFAULT_SCORECARD_DOCUMENT } from '@chi/core';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { type ApiClient, ApiError } from '../lib/api-client.ts';
import { Router } from '../lib/router.svelte.ts';
import ContextHarness from '../test-support/context-harness.svelte';
import { seededPortfolio } from '../test-support/fixtures.ts';
import WhatIfPage from './what-if-page.svelte';

const ENVELOPE = { version: 1, scorecard: DEFAULT_SCORECARD_DOCUMENT, stats_as_of: '2024-06-30' };

function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  return {
    scorecard: async () => ENVELOPE,
    portfolioMetrics: async () => seededPortfolio(400),
    ...overrides,
  } as ApiClient;
}

const count = (id: string) => Number(screen.getByTestId(id).textContent?.replaceAll(',', ''));

describe('WhatIfPage', () => {
  it('counts the customers who change colour as the green threshold is edited', async () => {
    render(ContextHarness, { api: fakeApi(), router: new Router(window), page: WhatIfPage });
    await screen.findByTestId('what-if-counts');
    expect(count('changed-count')).toBe(0);
    const greenBefore = count('before-green');
    await fireEvent.input(screen.getByTestId('threshold-green'), { target: { value: '85' } });
    const changed = count('changed-count');
    expect(changed).toBeGreaterThan(0);
    expect(count('after-green')).toBe(greenBefore - changed);
    expect(count('after-yellow')).toBe(count('before-yellow') + changed);
    expect(screen.getByTestId('changes').querySelectorAll('tbody tr')).toHaveLength(Math.min(50, changed));
  });

  it('narrows the change list to one colour move chosen in the moves table', async () => {
    render(ContextHarness, { api: fakeApi(), router: new Router(window), page: WhatIfPage });
    await screen.findByTestId('what-if-counts');
    await fireEvent.input(screen.getByTestId('group-weight-satisfaction'), { target: { value: '100' } });
    const buttons = screen.getAllByRole('button', { name: /^List the \d+ customers going from/ });
    expect(buttons.length).toBeGreaterThan(0);
    const button = buttons[0] as HTMLButtonElement;
    const [, moved, from, to] =
      /List the (\d+) customers going from (\w+) to (\w+)/.exec(button.getAttribute('aria-label') ?? '') ??
      [];
    await fireEvent.click(button);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    const rows = screen.getByTestId('changes').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(Math.min(50, Number(moved)));
    for (const row of rows) {
      const badges = row.querySelectorAll('.band-badge');
      expect(badges[0]?.textContent).toContain(from);
      expect(badges[1]?.textContent).toContain(to);
    }
    await fireEvent.click(screen.getByRole('button', { name: 'Show every change' }));
    expect(screen.getByTestId('changes').querySelectorAll('tbody tr')).toHaveLength(
      Math.min(50, count('changed-count')),
    );
  });

  it('saves the draft with the API key and the edited version, then shows the new version', async () => {
    const saveScorecard = vi.fn(async (doc: unknown) => ({
      version: 2,
      scorecard: doc as Record<string, unknown>,
      stats_as_of: null,
    }));
    render(ContextHarness, { api: fakeApi({ saveScorecard }), router: new Router(window), page: WhatIfPage });
    await screen.findByTestId('what-if-counts');
    await fireEvent.input(screen.getByTestId('threshold-green'), { target: { value: '80' } });
    await fireEvent.input(screen.getByTestId('api-key'), { target: { value: 'k-123' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save scorecard' }));
    expect(await screen.findByText(/Saved as scorecard version 2/)).toBeTruthy();
    expect(saveScorecard).toHaveBeenCalledTimes(1);
    const [doc, key, version] = saveScorecard.mock.calls[0] as unknown as [
      { bands: { green: number } },
      string,
      number,
    ];
    expect(doc.bands.green).toBe(80);
    expect(key).toBe('k-123');
    expect(version).toBe(1);
    expect(count('changed-count')).toBe(0);
  });

  it('shows the API refusal when the key is wrong, keeping the draft', async () => {
    const saveScorecard = vi.fn(async () => {
      throw new ApiError(403, 'forbidden', 'unknown API key', [
        { path: 'header.authorization', problem: 'unknown API key' },
      ]);
    });
    render(ContextHarness, { api: fakeApi({ saveScorecard }), router: new Router(window), page: WhatIfPage });
    await screen.findByTestId('what-if-counts');
    await fireEvent.input(screen.getByTestId('threshold-green'), { target: { value: '80' } });
    await fireEvent.input(screen.getByTestId('api-key'), { target: { value: 'wrong' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save scorecard' }));
    expect((await screen.findByText(/Not saved/)).textContent).toContain(
      'header.authorization unknown API key',
    );
    expect(count('changed-count')).toBeGreaterThan(0);
  });

  it('names the missing bulk-metrics route when the API does not serve it', async () => {
    const api = fakeApi({
      portfolioMetrics: async () => {
        throw new ApiError(404, 'not_found', 'no route');
      },
    });
    render(ContextHarness, { api, router: new Router(window), page: WhatIfPage });
    expect((await screen.findByRole('alert')).textContent).toContain('GET /v1/portfolio/metrics');
  });
});
