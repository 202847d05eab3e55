/** @module Seeded pseudo-random numbers (mulberry32): the same seed gives the same sequence everywhere. */

/**
 * Creates a seeded generator of uniform numbers in [0, 1).
 *
 * @param seed - any integer
 * @returns a function returning the next number of the sequence
 * @example
 * const random = createRandom(7);
 * random(); // 0.2...
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
