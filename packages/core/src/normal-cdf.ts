/**
 * @module The standard normal cumulative distribution function Φ, by Hart's double-precision algorithm
 * (Hart 1968, 5666; in the form of G. West, "Better approximations to cumulative normal functions", Wilmott
 * 2005), absolute error below 1e-14. The exponential is `fastExp` (`fast-math.ts`); the blocked kernel's
 * z-score loops (`block-loops.ts`) inline the same operations. The SQL compiler emits this very formula,
 * operation for operation, so the engine and the SQL agree to the last few ulps; the coefficients are exported
 * for both.
 */

import { fastExp } from './fast-math.js';

/** Numerator coefficients (highest degree first) for |z| < {@link HART_SPLIT}. */
export const HART_NUMERATOR: readonly number[] = [
  3.52624965998911e-2, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871,
  221.213596169931, 220.206867912376,
];

/** Denominator coefficients (highest degree first) for |z| < {@link HART_SPLIT}. */
export const HART_DENOMINATOR: readonly number[] = [
  8.83883476483184e-2, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674,
  637.333633378831, 793.826512519948, 440.413735824752,
];

const [N0, N1, N2, N3, N4, N5, N6] = HART_NUMERATOR as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
const [D0, D1, D2, D3, D4, D5, D6, D7] = HART_DENOMINATOR as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

/** Below this |z| the rational approximation is used, above it the continued fraction. */
export const HART_SPLIT = 7.07106781186547;

/** Beyond this |z| the tail is 0 (resp. 1) in double precision. */
export const HART_CUTOFF = 37;

/** √(2π) as used by the continued-fraction branch. */
export const SQRT_2PI = 2.506628274631;

/**
 * Standard normal CDF Φ(z) = P(Z <= z).
 * @param z - a z-score (any finite number; ±Infinity give 1 and 0)
 * @returns the probability, 0-1
 * @example normalCdf(0) === 0.5; normalCdf(1.959963984540054) ≈ 0.975
 */
export function normalCdf(z: number): number {
  const a = z < 0 ? -z : z;
  let tail: number;
  if (a > HART_CUTOFF) {
    tail = 0;
  } else {
    const e = fastExp((-a * a) / 2);
    if (a < HART_SPLIT) {
      // Horner's rule, unrolled; the same operations in the same order as the SQL compiler writes them.
      let num = N0 * a + N1;
      num = num * a + N2;
      num = num * a + N3;
      num = num * a + N4;
      num = num * a + N5;
      num = num * a + N6;
      let den = D0 * a + D1;
      den = den * a + D2;
      den = den * a + D3;
      den = den * a + D4;
      den = den * a + D5;
      den = den * a + D6;
      den = den * a + D7;
      tail = (e * num) / den;
    } else {
      let b = a + 0.65;
      b = a + 4 / b;
      b = a + 3 / b;
      b = a + 2 / b;
      b = a + 1 / b;
      tail = e / b / SQRT_2PI;
    }
  }
  return z > 0 ? 1 - tail : tail;
}

/** A number as a JavaScript literal that reads back as the same double. */
export function numberLiteral(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Infinity';
  if (x === Number.NEGATIVE_INFINITY) return '(-Infinity)';
  if (Object.is(x, -0)) return '(-0)';
  return x < 0 ? `(${String(x)})` : String(x);
}
