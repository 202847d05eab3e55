/**
 * @module Accuracy of the pure-JavaScript `log` / `exp` against `Math.log` / `Math.exp` (relative error within
 * 2 ulp over a wide random sample and edge cases), their special values, and bit-for-bit agreement of the
 * generated source with the scalar functions.
 */
import { describe, expect, it } from 'vitest';
import { bindFastMath, expCoreSource, fastExp, fastLog, logCoreSource } from './fast-math.js';
import { createRandom } from './random.js';

/** Error in units of the last place of the reference (ulp of a normal double at `want`). */
function ulps(got: number, want: number): number {
  if (got === want) return 0;
  const ulp = 2 ** (Math.floor(Math.log2(Math.abs(want))) - 52);
  return Math.abs(got - want) / ulp;
}

/** Compiles generated statements into a function of one argument. */
function compiled(source: (x: string, out: string, p: string, k: ReturnType<typeof bindFastMath>) => string) {
  const names: string[] = [];
  const values: unknown[] = [];
  const k = bindFastMath((v) => {
    values.push(v);
    return names[names.push(`K${names.length}`) - 1] as string;
  });
  const body = `"use strict"; return function (x) { let out = 0;\n${source('x', 'out', 'p', k)}\nreturn out; };`;
  return new Function(...names, body)(...values) as (x: number) => number;
}

describe('fastLog', () => {
  const rnd = createRandom(1);
  const sample: number[] = [1, 2, 0.5, Math.SQRT2, Math.SQRT1_2, Math.E, 10, 1 + 2 ** -52, 1 - 2 ** -53];
  for (let i = 0; i < 200_000; i++) sample.push(2 ** (rnd() * 2040 - 1020) * (1 + rnd()));
  for (let i = 0; i < 100_000; i++) sample.push(1 + rnd() * 1e6); // the kernel's log(1 + x), x >= 0
  for (let i = 0; i < 50_000; i++) sample.push(1 + (rnd() - 0.5) * 2 ** -(rnd() * 50)); // near 1
  sample.push(Number.MAX_VALUE, 2.2250738585072014e-308, 5e-324, 1e-310);

  it('is within 2 ulp of Math.log', () => {
    let worst = 0;
    for (const u of sample) {
      const want = Math.log(u);
      const err = want === 0 ? Math.abs(fastLog(u)) : ulps(fastLog(u), want);
      if (!(err <= 2)) throw new Error(`log(${u}): ${fastLog(u)} vs ${want} (${err} ulp)`);
      worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('has the special values of Math.log', () => {
    expect(fastLog(1)).toBe(0);
    expect(fastLog(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(fastLog(-0)).toBe(Number.NEGATIVE_INFINITY);
    expect(fastLog(-1)).toBeNaN();
    expect(fastLog(Number.NEGATIVE_INFINITY)).toBeNaN();
    expect(fastLog(Number.NaN)).toBeNaN();
    expect(fastLog(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('generated source equals the scalar function bit for bit on normal positive values', () => {
    const f = compiled(logCoreSource);
    for (const u of sample) {
      if (u >= 2.2250738585072014e-308 && !Object.is(f(u), fastLog(u))) throw new Error(`log source at ${u}`);
    }
    expect(f(Number.NaN)).toBeNaN();
  });
});

describe('fastExp', () => {
  const rnd = createRandom(2);
  const sample: number[] = [0, -0, 1, -1, 0.5, Math.LN2, -Math.LN2, 708, -708, 709, 709.78, -708.39, -684.5];
  for (let i = 0; i < 300_000; i++) sample.push((rnd() - 0.5) * 2 * 709.7);
  for (let i = 0; i < 100_000; i++) sample.push(-((rnd() * 37) ** 2) / 2); // the kernel's exp(-a²/2)
  for (let i = 0; i < 50_000; i++) sample.push((rnd() - 0.5) * 2 ** -(rnd() * 60)); // near 0
  for (let k = -1100; k <= 1100; k++) sample.push((k * Math.LN2) / 32, (k * Math.LN2) / 64); // table edges

  it('is within 2 ulp of Math.exp for normal results', () => {
    let worst = 0;
    for (const x of sample) {
      const want = Math.exp(x);
      if (!(want >= 2.2250738585072014e-308 && want < Number.POSITIVE_INFINITY)) continue;
      const err = ulps(fastExp(x), want);
      if (!(err <= 2)) throw new Error(`exp(${x}): ${fastExp(x)} vs ${want} (${err} ulp)`);
      worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('underflows to subnormals and 0, overflows to Infinity, keeps NaN', () => {
    for (let x = -708.5; x > -745; x -= 0.37) {
      const want = Math.exp(x);
      expect(Math.abs(fastExp(x) - want)).toBeLessThanOrEqual(Math.max(4.9e-324, want * 4.5e-16));
    }
    expect(fastExp(-746)).toBe(Math.exp(-746));
    expect(fastExp(-1e6)).toBe(0);
    expect(fastExp(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(fastExp(709.78)).toBeCloseTo(Math.exp(709.78), -295);
    expect(fastExp(710)).toBe(Number.POSITIVE_INFINITY);
    expect(fastExp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(fastExp(Number.NaN)).toBeNaN();
    expect(fastExp(0)).toBe(1);
  });

  it('generated source equals the scalar function bit for bit on [-708, 709]', () => {
    const f = compiled(expCoreSource);
    for (const x of sample) {
      if (x >= -708 && x <= 709 && !Object.is(f(x), fastExp(x))) throw new Error(`exp source at ${x}`);
    }
    expect(f(Number.NaN)).toBeNaN();
  });
});
