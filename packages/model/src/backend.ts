/**
 * @module TF.js backend selection. Called only by entry points (CLI commands, API start-up, bench):
 * library functions use whatever backend is active.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** A backend this package can run on. `tensorflow` is the native one from `@tensorflow/tfjs-node`. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

const require = createRequire(import.meta.url);

/** Directory holding the tfjs-backend-wasm `.wasm` files, with a trailing slash (local, no download). */
export function wasmDirectory(): string {
  const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
  // entry = .../tfjs-backend-wasm/dist/index.js (or dist/tf-backend-wasm.node.js)
  let dir = path.dirname(entry);
  while (path.basename(dir) !== 'dist' && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return `${dir}${path.sep}`;
}

async function tryNative(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-node' as string);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    setWasmPaths(wasmDirectory());
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/**
 * Activates the fastest available backend: `tensorflow` (tfjs-node, when it installed), then `wasm`,
 * then `cpu`. With `preferred`, only that one is tried (and it is an error if it is unavailable).
 *
 * @param preferred - force a backend, e.g. `'cpu'` for parity checks
 * @returns the name of the backend now active
 * @example
 * const backend = await selectBackend(); // 'wasm' on a machine without tfjs-node
 */
export async function selectBackend(preferred?: BackendName): Promise<BackendName> {
  const order: BackendName[] = preferred ? [preferred] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of order) {
    const ok =
      name === 'tensorflow'
        ? await tryNative()
        : name === 'wasm'
          ? await tryWasm()
          : await tf.setBackend('cpu');
    if (ok) {
      await tf.ready();
      // the cpu backend's first write prints an "install tfjs-node" banner; entry points say which backend ran
      if (name === 'cpu') (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
      return name;
    }
  }
  throw new Error(`backend ${preferred} is not available on this machine (try wasm or cpu)`);
}

/** @returns the name of the active TF.js backend. */
export function activeBackend(): string {
  return tf.getBackend();
}
