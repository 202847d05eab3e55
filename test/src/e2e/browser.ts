/**
 * @module Debian's Chromium driven by playwright-core for the browser tests: headless, sandbox off (CI
 * containers run as root), no network services of its own, a fresh profile per run. Every page's console
 * errors and uncaught exceptions are recorded so a test can assert there were none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where Debian installs Chromium (`apt-get install chromium`). */
export const CHROMIUM_PATH = process.env.CHI_CHROMIUM ?? '/usr/bin/chromium';

/** Flags keeping Chromium quiet, offline and deterministic in CI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A problem reported by a page: a console error or an uncaught exception. */
export interface PageProblem {
  url: string;
  kind: 'console' | 'pageerror' | 'requestfailed';
  text: string;
}

/** A launched browser with the problems its pages reported. */
export interface TestBrowser {
  context: BrowserContext;
  /** Every problem seen so far, in order. */
  problems: PageProblem[];
  /** Opens a new tab that records its problems. */
  newPage(): Promise<Page>;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh temporary profile.
 * @param options - viewport size in CSS pixels, default 1400 × 1000
 * @returns the browser
 */
export async function launchBrowser(options: { width?: number; height?: number } = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'chi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1400, height: options.height ?? 1000 },
  });
  const problems: PageProblem[] = [];
  const watch = (page: Page): Page => {
    page.on('console', (message) => {
      if (message.type() === 'error')
        problems.push({ url: page.url(), kind: 'console', text: message.text() });
    });
    page.on('pageerror', (error) =>
      problems.push({ url: page.url(), kind: 'pageerror', text: String(error) }),
    );
    page.on('requestfailed', (request) => {
      // A request the app cancelled itself (superseded load) is not a problem.
      const failure = request.failure()?.errorText ?? '';
      if (!failure.includes('ERR_ABORTED')) {
        problems.push({ url: page.url(), kind: 'requestfailed', text: `${request.url()}: ${failure}` });
      }
    });
    return page;
  };
  for (const page of context.pages()) watch(page);
  return {
    context,
    problems,
    newPage: async () => watch(await context.newPage()),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
