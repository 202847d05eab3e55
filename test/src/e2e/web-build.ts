/**
 * @module Builds the web explorer (`apps/web`) with Vite into a directory of its own, so the browser tests
 * serve exactly the production bundle and never race another build writing `apps/web/dist`.
 */
import path from 'node:path';
import { build } from 'vite';

/** The web app's package directory, from this file (`test/src/e2e`). */
export const WEB_ROOT = path.resolve(import.meta.dirname, '../../../apps/web');

/**
 * Runs the production build.
 * @param outDir - output directory (emptied first)
 * @returns `outDir`, holding `index.html` and `assets/`
 */
export async function buildWeb(outDir: string): Promise<string> {
  await build({
    root: WEB_ROOT,
    configFile: path.join(WEB_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  return outDir;
}
