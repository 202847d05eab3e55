/**
 * @module Vite build and dev-server configuration for the CHI web explorer.
 *
 * `@chi/core` is resolved from its TypeScript sources through the `source` export condition, so the
 * explorer needs no prior build of the core. In development the API is proxied from
 * `CHI_API_URL` (default `http://127.0.0.1:8787`, the port `chi serve` uses).
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defaultClientConditions, defineConfig } from 'vite';

/** Where the dev server forwards API calls. */
const API_TARGET = process.env.CHI_API_URL ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [svelte()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/v1': API_TARGET,
      '/healthz': API_TARGET,
      '/readyz': API_TARGET,
      '/openapi.json': API_TARGET,
    },
  },
});
