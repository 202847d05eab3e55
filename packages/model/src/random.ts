/** @module Seeded pseudo-random numbers (mulberry32), so splits, shuffles and dropout repeat exactly. */
import { createRandom } from '@chi/core';

export { createRandom };

/**
 * Shuffles an array in place (Fisher-Yates).
 *
 * @param values - array to shuffle
 * @param random - generator from {@link createRandom}
 * @returns the same array
 */
export function shuffleInPlace<T>(values: T[], random: () => number): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = values[i] as T;
    values[i] = values[j] as T;
    values[j] = tmp;
  }
  return values;
}

/**
 * Runs `fn` with `Math.random` replaced by a seeded generator, so TF.js randomness that takes no seed
 * (dropout masks, initialisers) repeats for the same seed. Restores `Math.random` afterwards.
 *
 * @param seed - integer seed
 * @param fn - work to run
 * @returns what `fn` returns
 */
export async function withSeededMathRandom<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = createRandom(seed ^ 0x5bd1e995);
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}
