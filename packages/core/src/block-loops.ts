/**
 * @module Sub-score loops of the blocked scoring kernel: JavaScript source computing one measure's sub-scores
 * for a block of rows into a scratch column, each loop small and monomorphic so the processor overlaps
 * consecutive rows. Every loop gives exactly the value of `subScore` (the same operations in the same order
 * as `subScoreSource` and the SQL compiler); only the scheduling differs:
 *
 * - `zscore` runs as three loops (transform and standardise; `exp`; the rational or continued-fraction tail
 *   and the sign selection), with `fastLog` / `fastExp` (`fast-math.ts`) inlined as straight-line arithmetic;
 * - `percentile` finds the interval by counting the points at or below the value (independent comparisons)
 *   instead of a binary search of dependent loads: up to 64 points, the run of 8 by comparisons with every
 *   eighth point (literals), then within it; for longer tables after binary steps down to a run of 8.
 *
 * Other kinds use `subScoreSource` as it is.
 */

import { bindFastMath, expCoreSource, HI_WORD, logCoreSource } from './fast-math.js';
import {
  HART_CUTOFF,
  HART_DENOMINATOR,
  HART_NUMERATOR,
  HART_SPLIT,
  numberLiteral as L,
  SQRT_2PI,
} from './normal-cdf.js';
import { type CompiledNormalizer, type ScratchSlots, subScoreSource } from './normalize.js';

const bit = (c: string) => `(+(${c}))`;

/** Rows per block of the kernel (the engine's `BLOCK`). */
export const BLOCK_ROWS = 1024;

/**
 * Source of one or more loops `for (let t = 0; t < bn; t++)` writing the sub-scores of a block into `dst`.
 * @param n - compiled normaliser
 * @param x - expression of the raw value of block row `t` (NaN = missing)
 * @param dst - name of the scratch column receiving the sub-scores (block length)
 * @param id - unique prefix for locals
 * @param bind - makes a value available to the source; returns its name
 * @param scratch - reserves slots of the kernel's scratch array `Z`
 * @param column - allocates a scratch column of block length; returns its name
 * @returns source text
 */
export function subScoreLoopSource(
  n: CompiledNormalizer,
  x: string,
  dst: string,
  id: string,
  bind: (value: unknown) => string,
  scratch: ScratchSlots,
  column: () => string,
): string {
  const loop = (...body: string[]) => ['for (let t = 0; t < bn; t++) {', ...body, '}'].join('\n');
  if (n.kind === 'zscore' && n.sd !== 0) {
    const A = column();
    const z = scratch([0, 0, 0, 0]);
    const fm = bindFastMath(bind);
    const xv = `${id}x`;
    const [N0, ...NS] = HART_NUMERATOR as [number, ...number[]];
    const [D0, ...DS] = HART_DENOMINATOR as [number, ...number[]];
    const [N1] = NS as [number];
    const [D1] = DS as [number];
    // log(1 + max(x, 0)): u = 1 + max(x, 0) into a column U first, so the log loop reads the high words of u
    // through an Int32Array view of U (fastLog's core, u >= 1 or NaN), Infinity selected for an infinite x
    const zi = scratch([0, Number.POSITIVE_INFINITY]);
    const U = new Float64Array(BLOCK_ROWS);
    const u = bind(U);
    const uHi = bind(new Int32Array(U.buffer));
    const uLoop = n.log
      ? [loop(`const ${xv} = ${x};`, `Z[${z}] = ${xv};`, `${u}[t] = 1 + Z[${z} + ${bit(`${xv} < 0`)}];`)]
      : [];
    const logLines = n.log
      ? [
          `let ${id}l = 0;`,
          logCoreSource(`${u}[t]`, `${id}l`, `${id}g`, fm, `${uHi}[2 * t + ${HI_WORD}]`),
          `Z[${zi}] = ${id}l;`,
          `const ${id}t = Z[${zi} + ${bit(`${id}gu > 1.7976931348623157e308`)}];`,
        ]
      : [`const ${xv} = ${x};`];
    const t = n.log ? `${id}t` : xv;
    return [
      ...uLoop,
      loop(
        ...logLines,
        `let ${id}z = (${t} - ${L(n.mean)}) / ${L(n.sd)};`,
        n.lower ? `${id}z = -${id}z;` : '',
        `${A}[t] = ${id}z;`,
      ),
      loop(
        `const ${id}z = ${A}[t];`,
        `const a = Math.abs(${id}z);`,
        // fastExp's core; beyond |z| = 37 the tail is 0 whatever e is, so the argument is clamped into its range
        'let e = 0;',
        expCoreSource(`Math.max((-a * a) / 2, -708)`, 'e', `${id}h`, fm),
        'let tail = 0;',
        `if (a > ${L(HART_CUTOFF)}) tail = 0;`,
        'else {',
        `if (a < ${L(HART_SPLIT)}) {`,
        `let num = ${L(N0)} * a + ${L(N1)};`,
        ...NS.slice(1).map((c) => `num = num * a + ${L(c)};`),
        `let den = ${L(D0)} * a + ${L(D1)};`,
        ...DS.slice(1).map((c) => `den = den * a + ${L(c)};`),
        'tail = (e * num) / den;',
        '} else {',
        'let b = a + 0.65;',
        ...[4, 3, 2, 1].map((k) => `b = a + ${k} / b;`),
        `tail = e / b / ${L(SQRT_2PI)};`,
        '}',
        '}',
        `Z[${z + 2}] = tail;`,
        `Z[${z + 3}] = 1 - tail;`,
        `${dst}[t] = 100 * Z[${z + 2} + ${bit(`${id}z > 0`)}];`,
      ),
    ].join('\n');
  }
  if (n.kind === 'percentile') {
    // x clamped to [first, last] value by selection; j = the largest index with values[j] <= x, i.e. the count
    // of points above the first at or below x (values ascend strictly; NaN passes no comparison, so j = 0 and
    // the result stays NaN); the last point carries dv = 1, dr = 0, so the last value gets the last rank exactly
    const last = n.values.length - 1;
    let size = 1;
    while (size < n.values.length) size *= 2;
    const padded = new Float64Array(size).fill(Number.NaN);
    padded.set(n.values);
    const v = bind(padded);
    const r = bind(Float64Array.from(n.ranks));
    const dv = bind(Float64Array.from([...n.dv, 1]));
    const dr = bind(Float64Array.from([...n.dr, 0]));
    const v0 = n.values[0] as number;
    const vl = n.values[last] as number;
    const z = scratch([0, v0, vl]);
    const xv = `${id}x`;
    const xc = `${id}c`;
    const j = `${id}j`;
    const lines = [
      `const ${xv} = ${x};`,
      `Z[${z}] = ${xv};`,
      `const ${xc} = Z[${z} + (${bit(`${xv} < ${L(v0)}`)} | (${bit(`${xv} > ${L(vl)}`)} << 1))];`,
    ];
    if (size <= 8) {
      const terms = n.values.slice(1).map((value) => bit(`${L(value)} <= ${xc}`));
      lines.push(`const ${j} = ${terms.length > 0 ? terms.join(' + ') : '0'};`);
    } else if (size <= 64) {
      // the run of 8 holding x from comparisons with the points 8, 16, ... as literals (independent, no loads)
      const pivots: string[] = [];
      for (let k = 8; k < n.values.length; k += 8) pivots.push(bit(`${L(n.values[k] as number)} <= ${xc}`));
      lines.push(`let ${j} = 8 * (${pivots.join(' + ')});`);
      const terms = [1, 2, 3, 4, 5, 6, 7].map((k) => bit(`${v}[${j} + ${k}] <= ${xc}`));
      lines.push(`${j} = ${j} + ${terms.join(' + ')};`);
    } else {
      lines.push(`let ${j} = 0;`);
      for (let step = size / 2; step >= 8; step /= 2) {
        lines.push(`${j} = ${j} + ${bit(`${v}[${j} + ${step}] <= ${xc}`)} * ${step};`);
      }
      const terms = [1, 2, 3, 4, 5, 6, 7].map((k) => bit(`${v}[${j} + ${k}] <= ${xc}`));
      lines.push(`${j} = ${j} + ${terms.join(' + ')};`);
    }
    let s = `${r}[${j}] + ((${xc} - ${v}[${j}]) / ${dv}[${j}]) * ${dr}[${j}]`;
    if (n.lower) s = `100 - (${s})`;
    lines.push(`${dst}[t] = ${s};`);
    return loop(...lines);
  }
  return loop(
    `const ${id}x = ${x};`,
    `let ${id}s = 0;`,
    subScoreSource(n, `${id}x`, `${id}s`, bind, scratch),
    `${dst}[t] = ${id}s;`,
  );
}
