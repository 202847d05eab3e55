#!/usr/bin/env node
// Entry shim: the compiled command lives in dist/ (`npm run build`).
import('../dist/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/main.js')) {
    console.error('chi: not built yet. Run `npm run build` in the repository root first.');
    process.exit(1);
  }
  throw error;
});
