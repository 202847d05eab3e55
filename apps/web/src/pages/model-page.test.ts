import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../lib/api-client.ts';
import { Router } from '../lib/router.svelte.ts';
import ContextHarness from '../test-support/context-harness.svelte';
import ModelPage from './model-page.svelte';

const bins = [
  { bin: 0, lower: 0, upper: 0.5, count: 80, mean_predicted: 0.1, observed_rate: 0.1 },
  { bin: 1, lower: 0.5, upper: 1, count: 20, mean_predicted: 0.7, observed_rate: 0.6 },
];
const CARD = {
  version: 'm-7',
  backend: 'wasm',
  features: ['recency_ratio', 'nps_last'],
  metrics: {
    test: { roc_auc: 0.842, pr_auc: 0.7, brier: 0.142, lift_at_10: 2.77, calibration: bins },
    baseline: { roc_auc: 0.859, pr_auc: 0.737, brier: 0.133, lift_at_10: 2.9, calibration: bins },
    rule_chi: { roc_auc: 0.783, pr_auc: 0.618, brier: 0.169, lift_at_10: 2.6, calibration: bins },
  },
  feature_importance: [
    { feature: 'recency_ratio', importance: 6 },
    { feature: 'nps_last', importance: 3.5 },
  ],
};

describe('ModelPage', () => {
  it('tabulates each metric for the model, the logistic baseline and the rule-based CHI', async () => {
    render(ContextHarness, {
      api: { model: async () => CARD } as unknown as ApiClient,
      router: new Router(window),
      page: ModelPage,
    });
    const table = await screen.findByTestId('metric-table');
    const rows = [...table.querySelectorAll('tbody tr')].map((row) =>
      [...row.children].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim()).join(' | '),
    );
    expect(rows[0]).toBe('ROC AUC (higher is better) | 0.842 | 0.859 | 0.783');
    expect(rows).toContain('Lift @10% (higher is better) | 2.770 | 2.900 | 2.600');
    expect(screen.getByTestId('model-version').textContent).toBe('m-7');
  });

  it('draws ROC, calibration and importance charts', async () => {
    render(ContextHarness, {
      api: { model: async () => CARD } as unknown as ApiClient,
      router: new Router(window),
      page: ModelPage,
    });
    for (const id of ['metric-chart', 'roc-chart', 'calibration-chart', 'importance-chart']) {
      expect((await screen.findByTestId(id)).querySelector('svg')).not.toBeNull();
    }
    expect(screen.getByTestId('importance-chart').textContent).toContain('recency ratio');
  });
});
