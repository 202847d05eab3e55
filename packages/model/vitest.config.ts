import { defaultServerConditions } from 'vite';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
  // training suites are CPU-bound: one file at a time keeps them from starving each other
  test: { name: 'model', fileParallelism: false, testTimeout: 120_000, hookTimeout: 180_000 },
});
