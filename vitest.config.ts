import { defineConfig } from 'vitest/config';

/** Root config: `npx vitest` here runs every workspace project at once. */
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'test'],
  },
});
