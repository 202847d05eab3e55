/**
 * @module The constants block of the WebAssembly kernel: every number its passes use, in one table that
 * `wasm-kernel.ts` writes into linear memory and the build script (`scripts/build-wasm.ts`) turns into slot
 * numbers for the AssemblyScript source. The passes load the constants they need once, on entry, into locals
 * (a constant written as a literal would be rebuilt at every use inside the loops), and the doubles are the
 * very ones the JavaScript kernel uses.
 */
import { FAST_MATH_CONSTANTS, LOG_HIGH_WORD_OFFSET } from './fast-math.js';
import { HART_CUTOFF, HART_DENOMINATOR, HART_NUMERATOR, HART_SPLIT, SQRT_2PI } from './normal-cdf.js';

/** `[name, value, type]` per 8-byte slot, in slot order; an `i32` slot holds the integer in its low 4 bytes. */
export const KERNEL_CONSTANTS: readonly (readonly [string, number, 'f64' | 'i32'])[] = [
  ...Object.entries(FAST_MATH_CONSTANTS).map(([name, x]) => [name, x, 'f64'] as const),
  ...HART_NUMERATOR.map((x, i) => [`HART_N${i}`, x, 'f64'] as const),
  ...HART_DENOMINATOR.map((x, i) => [`HART_D${i}`, x, 'f64'] as const),
  ['HART_SPLIT', HART_SPLIT, 'f64'],
  ['HART_CUTOFF', HART_CUTOFF, 'f64'],
  ['SQRT_2PI', SQRT_2PI, 'f64'],
  ['MAX_FINITE', Number.MAX_VALUE, 'f64'],
  ['INFINITY', Number.POSITIVE_INFINITY, 'f64'],
  ['NAN', Number.NaN, 'f64'],
  ['HALF', 0.5, 'f64'],
  ['ONE', 1, 'f64'],
  ['TWO', 2, 'f64'],
  ['THREE', 3, 'f64'],
  ['FOUR', 4, 'f64'],
  ['FIFTY', 50, 'f64'],
  ['HUNDRED', 100, 'f64'],
  ['EXP_FLOOR', -708, 'f64'],
  ['CF_START', 0.65, 'f64'],
  ['LOG_OFFSET', LOG_HIGH_WORD_OFFSET, 'i32'],
  ['EXPONENT_MASK', 2047, 'i32'],
  ['TOP_EXPONENT', 2046, 'i32'],
  ['TABLE_EXPONENT', 2045, 'i32'],
  ['BIAS', 1023, 'i32'],
];
