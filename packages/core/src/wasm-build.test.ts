/**
 * @module The committed WebAssembly module is the build of its AssemblyScript source: rebuilding
 * `assembly/kernel.ts` gives exactly `src/kernel-wasm.generated.ts`, so the kernel that runs is the one the
 * source describes (`npm run build:wasm -w @chi/core` after changing the source or the constants).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileKernel, moduleText, TARGET } from '../scripts/build-wasm.js';

describe('kernel-wasm.generated.ts', () => {
  it('is byte for byte the build of assembly/kernel.ts with the current constants', async () => {
    const committed = await readFile(TARGET, 'utf8');
    expect(committed).toBe(moduleText(await compileKernel()));
  }, 120_000);
});
