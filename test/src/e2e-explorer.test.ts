/**
 * Browser end-to-end tests of the web explorer: Debian Chromium (playwright-core) against the real API
 * serving a seeded demo (2,000 synthetic customers, monthly snapshots, a small trained model) and the
 * production build of `apps/web`. Each page is saved as a screenshot under `test/test-results/e2e/`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningServer } from '@chi/api';
import type { CustomerListResponse, ScorecardEnvelope, Summary } from '@chi/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './e2e/browser.js';
import { buildDemoData } from './e2e/demo-data.js';
import { startExplorerServer } from './e2e/explorer-server.js';
import { buildWeb } from './e2e/web-build.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../test-results/e2e');
const API_KEY = 'e2e-admin-key';
const BANDS = ['green', 'yellow', 'red', 'unknown'] as const;

let work: string;
let server: RunningServer;
let browser: TestBrowser;
let page: Page;

async function api<T>(route: string): Promise<T> {
  const response = await fetch(`${server.url}${route}`);
  if (!response.ok) throw new Error(`${route}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

async function open(hash: string, ready: string): Promise<void> {
  await page.goto(`${server.url}/${hash}`);
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 });
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

function problemsOn(fragment: string): string[] {
  return browser.problems.filter((p) => p.url.includes(fragment)).map((p) => `${p.kind}: ${p.text}`);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), 'chi-e2e-'));
  const [demo, webDir] = await Promise.all([
    buildDemoData(path.join(work, 'demo'), { customers: 2000 }),
    buildWeb(path.join(work, 'web')),
  ]);
  server = await startExplorerServer(demo, webDir, API_KEY);
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('web explorer in Chromium against the real API', () => {
  it('overview shows exactly the counts and transitions of /v1/summary', async () => {
    const summary = await api<Summary>('/v1/summary');
    await open('#/', '[data-testid="total-customers"]');
    expect(await page.getByTestId('total-customers').textContent()).toBe(
      summary.customers.toLocaleString('en-US'),
    );
    for (const band of BANDS) {
      expect(await page.getByTestId(`count-current-${band}`).textContent()).toBe(
        summary.counts.current[band].toLocaleString('en-US'),
      );
      expect(await page.getByTestId(`count-predicted-${band}`).textContent()).toBe(
        summary.counts.predicted[band].toLocaleString('en-US'),
      );
    }
    for (const [i, from] of summary.transitions.bands.entries()) {
      for (const [j, to] of summary.transitions.bands.entries()) {
        const cell = page.getByTestId(`cell-${from}-${to}`);
        expect(await cell.locator('.count').textContent()).toBe(
          (summary.transitions.matrix[i]?.[j] ?? 0).toLocaleString('en-US'),
        );
      }
    }
    await expect.poll(() => page.locator('[data-testid="score-histograms"] svg').count()).toBeGreaterThan(0);
    await screenshot('overview');
    expect(problemsOn('#/')).toEqual([]);
  });

  it('clicking the green-to-red cell lists exactly the hidden-risk customers', async () => {
    const expected = await api<CustomerListResponse>(
      '/v1/customers?band=green&predicted_band=red&limit=1000',
    );
    await open('#/', '[data-testid="cell-green-red"]');
    await page.getByTestId('cell-green-red').click();
    await page.waitForURL(/#\/customers\?band=green&predicted_band=red/);
    await expect
      .poll(async () => page.getByTestId('result-total').textContent())
      .toBe(expected.total.toLocaleString('en-US'));
    const seen: string[] = [];
    const drivers = new Map<string, string>();
    for (;;) {
      await page.locator('[aria-busy="false"] [data-testid="customer-table"]').waitFor();
      const rows = await page.getByTestId('customer-row').evaluateAll((rows) =>
        rows.map((row) => ({
          id: row.getAttribute('data-customer-id') ?? '',
          driver: row.querySelector('[data-testid="top-driver"]')?.getAttribute('data-feature') ?? '',
        })),
      );
      for (const row of rows) drivers.set(row.id, row.driver);
      seen.push(...rows.map((row) => row.id));
      for (const text of await page.getByTestId('customer-row').allTextContents()) {
        expect(text).toContain('Green');
        expect(text).toContain('Red');
      }
      const next = page.getByTestId('next-page');
      if (await next.isDisabled()) break;
      await next.click();
    }
    expect(seen.sort()).toEqual(expected.items.map((item) => item.customer_id).sort());
    // Every row names the model's top driver of the list answer (hidden-risk rows all have a prediction).
    for (const item of expected.items) {
      const top = item.predicted?.top_driver ?? item.current.top_driver;
      expect(drivers.get(item.customer_id)).toBe(top?.feature ?? '');
    }
    expect(expected.items.filter((item) => item.predicted?.top_driver).length).toBeGreaterThan(0);
    await screenshot('customers-hidden-risk');
    expect(problemsOn('#/customers')).toEqual([]);
  });

  it('sorts the customer table from the keyboard and keeps the sort in the URL', async () => {
    await open('#/customers', '[data-testid="customer-row"]');
    await page.getByTestId('sort-score').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=score/);
    await page.locator('[aria-busy="false"] [data-testid="customer-table"]').waitFor();
    const expected = await api<CustomerListResponse>('/v1/customers?sort=score&limit=50');
    const ids = await page
      .getByTestId('customer-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-customer-id')));
    expect(ids).toEqual(expected.items.map((item) => item.customer_id));
    await screenshot('customers');
  });

  it('after a reload on page 3 numbers the page and goes back to page 2', async () => {
    const rowIds = () =>
      page
        .getByTestId('customer-row')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-customer-id')));
    const first = await api<CustomerListResponse>('/v1/customers?sort=score&limit=50');
    const second = await api<CustomerListResponse>(
      `/v1/customers?sort=score&limit=50&cursor=${first.next_cursor}`,
    );
    await open(`#/customers?sort=score&cursor=${second.next_cursor}`, '[data-testid="customer-row"]');
    await page.reload();
    await page.locator('[aria-busy="false"] [data-testid="customer-table"]').waitFor();
    await expect.poll(() => page.getByText(/page 3 of/).count()).toBe(1);
    await page.getByTestId('previous-page').click();
    await expect.poll(rowIds).toEqual(second.items.map((item) => item.customer_id));
    await expect.poll(() => page.getByText(/page 2 of/).count()).toBe(1);
    expect(problemsOn('#/customers')).toEqual([]);
  });

  it('a customer page shows both explanations and the score history chart', async () => {
    const first = (await api<CustomerListResponse>('/v1/customers?band=green&predicted_band=red&limit=1'))
      .items[0];
    const id =
      first?.customer_id ?? (await api<CustomerListResponse>('/v1/customers?limit=1')).items[0]?.customer_id;
    if (!id) throw new Error('the demo has no customer');
    await open(`#/customers/${encodeURIComponent(id)}`, '[data-testid="history-chart"] svg');
    await expect
      .poll(() => page.locator('[data-testid="current-drivers"] svg rect').count())
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('[data-testid="predicted-drivers"] svg rect').count())
      .toBeGreaterThan(0);
    expect(await page.locator('[data-testid="history-chart"] svg path').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('raw-metrics').locator('tr').count()).toBeGreaterThan(5);
    expect(await page.getByTestId('current-health').textContent()).toMatch(/Green|Yellow|Red|Unknown/);
    await screenshot('customer');
    expect(problemsOn('#/customers/')).toEqual([]);
  });

  it('the model page compares the model with the baselines in charts', async () => {
    await open('#/model', '[data-testid="metric-chart"] svg');
    const table = await page.getByTestId('metric-table').textContent();
    expect(table).toContain('Logistic baseline');
    expect(table).toContain('Rule-based CHI');
    for (const chart of ['roc-chart', 'calibration-chart', 'importance-chart']) {
      // one line or bar per predictor / feature drawn in the chart's SVG
      expect(
        await page.locator(`[data-testid="${chart}"] svg path, [data-testid="${chart}"] svg rect`).count(),
      ).toBeGreaterThan(2);
    }
    await screenshot('model');
    expect(problemsOn('#/model')).toEqual([]);
  });

  it('a what-if threshold change moves the counts, and saving makes the server agree', async () => {
    await open('#/what-if', '[data-testid="what-if-counts"]');
    const count = async (id: string) =>
      Number((await page.getByTestId(id).textContent())?.replaceAll(',', ''));
    const active = await api<Summary>('/v1/summary');
    for (const band of BANDS) expect(await count(`before-${band}`)).toBe(active.counts.current[band]);
    const greenBefore = await count('before-green');
    expect(await count('changed-count')).toBe(0);
    await page.getByTestId('threshold-green').fill('85');
    await expect.poll(() => count('changed-count')).toBeGreaterThan(0);
    const changed = await count('changed-count');
    expect(await count('after-green')).toBe(greenBefore - changed);
    const after = Object.fromEntries(
      await Promise.all(BANDS.map(async (b) => [b, await count(`after-${b}`)])),
    );
    await screenshot('what-if');

    await page.getByTestId('api-key').fill(API_KEY);
    await page.getByRole('button', { name: 'Save scorecard' }).click();
    await page.getByText(/Saved as scorecard version 2/).waitFor();
    const envelope = await api<ScorecardEnvelope>('/v1/scorecard');
    expect(envelope.version).toBe(2);
    expect((envelope.scorecard.bands as { green: number }).green).toBe(85);
    const summary = await api<Summary>('/v1/summary');
    expect(summary.counts.current).toEqual(after);
    expect(problemsOn('#/what-if')).toEqual([]);
  });

  it('reports no console error or failed request on any page', async () => {
    for (const hash of ['#/', '#/customers', '#/model', '#/what-if']) {
      await open(hash, 'main h1');
      await page.waitForLoadState('networkidle');
    }
    expect(browser.problems).toEqual([]);
  });
});
