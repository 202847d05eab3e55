/**
 * @module Vitest configuration for the web explorer's component tests (jsdom + @testing-library/svelte).
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defaultClientConditions } from 'vite';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [svelte(), svelteTesting()],
  resolve: { conditions: ['source', 'browser', ...defaultClientConditions] },
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-support/setup.ts'],
  },
});
