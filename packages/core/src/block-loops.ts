/**
 * @module Sub-score loops of the blocked scoring kernel: JavaScript source computing one measure's sub-scores
 * for a block of rows into a scratch column, each loop small and monomorphic so the processor overlaps
 * consecutive rows. Every loop gives exactly the value of `subScore` (the same operations in the same order
 * as `subScoreSource` and the SQL compiler); only the scheduling differs:
 *
 * - `zscore` runs as three loops (transform and standardise; `exp`; the rational or continued-fraction tail
 *   and the sign selection), so the `log` and `exp` calls are not interleaved with a long dependent chain;
 * - `percentile` finds the interval by counting the points at or below the value (independent comparisons)
 *   instead of a binary search of dependent loads, after binary steps down to a run of 8 for long tables.
 *
 * Other kinds use `subScoreSource` as it is.
 */
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
    const E = column();
    const z = scratch([0, 0, 0, 0]);
    const xv = `${id}x`;
    const t = n.log ? `Math.log(1 + Z[${z} + ${bit(`${xv} < 0`)}])` : xv;
    const [N0, ...NS] = HART_NUMERATOR as [number, ...number[]];
    const [D0, ...DS] = HART_DENOMINATOR as [number, ...number[]];
    const [N1] = NS as [number];
    const [D1] = DS as [number];
    return [
      loop(
        `const ${xv} = ${x};`,
        n.log ? `Z[${z}] = ${xv};` : '',
        `let ${id}z = (${t} - ${L(n.mean)}) / ${L(n.sd)};`,
        n.lower ? `${id}z = -${id}z;` : '',
        `${A}[t] = ${id}z;`,
      ),
      loop(`const ${id}a = Math.abs(${A}[t]);`, `${E}[t] = Math.exp((-${id}a * ${id}a) / 2);`),
      loop(
        `const ${id}z = ${A}[t];`,
        `const a = Math.abs(${id}z);`,
        'let tail = 0;',
        `if (a > ${L(HART_CUTOFF)}) tail = 0;`,
        'else {',
        `const e = ${E}[t];`,
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
