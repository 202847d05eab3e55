/**
 * @module The WebAssembly SIMD passes of the columnar scoring kernel (AssemblyScript source; built into
 * `src/kernel-wasm.generated.ts` by `npm run build:wasm -w @chi/core`).
 *
 * Each export is one pass over a block of rows held in linear memory as columns of doubles, two rows per
 * 128-bit vector (`f64x2`): a normaliser writing a sub-score column, a group's weighted sums, the score and
 * colour, an override, a step of the top-driver tournament. `src/wasm-kernel.ts` lays the block out, copies
 * the input columns in, runs the passes in the order of the plan and copies the results out. Every pass
 * performs, for each row, exactly the operations of the JavaScript kernel (`engine.ts`, `block-loops.ts`) in
 * the same order, with selections (`v128.bitselect`) where that kernel selects by index, so the two give
 * bit-identical results: IEEE-754 `f64` arithmetic is exact and deterministic in both, and neither fuses
 * multiply-adds. Powers of two that the JavaScript kernel reads from a table are built from their bits here,
 * and a 0/1 factor or a selection against +0 is a bitwise and with the mask (`w · 1 = w`, `w · 0 = +0` for a
 * finite `w >= 0`): the same doubles.
 *
 * Constants come from the constants block (`src/kernel-constants.ts`; `./constants` is generated from it by
 * the build script and holds the slot numbers) and are loaded once per pass, on entry: a literal would be
 * rebuilt at every use inside the loop. Pointers are byte offsets; `n` is the number of rows in the block
 * rounded up to a multiple of 4 by the caller's layout (lanes past the end compute on stale scratch and are
 * never copied out). Every table index stays in its table for any lane content, NaN and garbage included.
 */
import {
  C_BIAS,
  C_CF_START,
  C_E120,
  C_E24,
  C_E6,
  C_E720,
  C_EXP_FLOOR,
  C_EXPONENT_MASK,
  C_FIFTY,
  C_FOUR,
  C_HALF,
  C_HART_CUTOFF,
  C_HART_D0,
  C_HART_N0,
  C_HART_SPLIT,
  C_HUNDRED,
  C_INFINITY,
  C_INV_LN2_32,
  C_LG1,
  C_LN2_HI,
  C_LN2_HI_32,
  C_LN2_LO,
  C_LN2_LO_32,
  C_LOG_OFFSET,
  C_MAX_FINITE,
  C_NAN,
  C_ONE,
  C_SHIFT,
  C_SQRT_2PI,
  C_TABLE_EXPONENT,
  C_THREE,
  C_TOP_EXPONENT,
  C_TWO,
} from './constants';

let consts: usize = 0;
let pow2: usize = 0;
let exp2: usize = 0;

/**
 * Sets where the constants and the tables live.
 * @param c - the constants block
 * @param p2 - `POW2`, 2048 doubles (`2^(i - 1024)`)
 * @param e2 - `EXP2_32`, 32 doubles (`2^(j / 32)`)
 */
export function setTables(c: usize, p2: usize, e2: usize): void {
  consts = c;
  pow2 = p2;
  exp2 = e2;
}

/** A double constant in both lanes. */
@inline
function kf(slot: i32): v128 {
  return v128.load64_splat(consts + (<usize>slot << 3));
}

/** An integer constant in all four 32-bit lanes. */
@inline
function ki(slot: i32): v128 {
  return v128.load32_splat(consts + (<usize>slot << 3));
}

@inline
function at(ptr: usize, t: i32): usize {
  return ptr + (<usize>t << 3);
}

@inline
function splat(x: f64): v128 {
  return f64x2.splat(x);
}

@inline
function pair(a: f64, b: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(a), 1, b);
}

/** `clamp((x - bad) / span, 0, 1) * 100`. */
export function linear(src: usize, dst: usize, n: i32, bad: f64, span: f64): void {
  const vb = splat(bad);
  const vs = splat(span);
  const zero = splat(0);
  const one = kf(C_ONE);
  const hundred = kf(C_HUNDRED);
  for (let t = 0; t < n; t += 2) {
    const v = f64x2.div(f64x2.sub(v128.load(at(src, t)), vb), vs);
    const c = v128.andnot(v128.bitselect(one, v, f64x2.gt(v, one)), f64x2.le(v, zero));
    v128.store(at(dst, t), f64x2.mul(c, hundred));
  }
}

/** `points[count of thresholds below x]`, NaN for a missing value. */
export function steps(src: usize, dst: usize, n: i32, thresholds: usize, points: usize, count: i32): void {
  const nan = kf(C_NAN);
  for (let t = 0; t < n; t += 2) {
    const x = v128.load(at(src, t));
    let c = i64x2.splat(0);
    for (let q = 0; q < count; q++) c = i64x2.sub(c, f64x2.gt(x, v128.load64_splat(at(thresholds, q))));
    const s = pair(
      load<f64>(at(points, <i32>i64x2.extract_lane(c, 0))),
      load<f64>(at(points, <i32>i64x2.extract_lane(c, 1))),
    );
    v128.store(at(dst, t), v128.bitselect(nan, s, f64x2.ne(x, x)));
  }
}

/** `ifTrue` for a non-zero value, `ifFalse` for zero, NaN for a missing one. */
export function boolean(src: usize, dst: usize, n: i32, ifFalse: f64, ifTrue: f64): void {
  const zero = splat(0);
  const a = splat(ifTrue);
  const b = splat(ifFalse);
  const nan = kf(C_NAN);
  for (let t = 0; t < n; t += 2) {
    const x = v128.load(at(src, t));
    const s = v128.bitselect(a, b, v128.or(f64x2.gt(x, zero), f64x2.lt(x, zero)));
    v128.store(at(dst, t), v128.bitselect(nan, s, f64x2.ne(x, x)));
  }
}

/** 50 for a present value, NaN for a missing one (a z-score over a population without spread). */
export function flat(src: usize, dst: usize, n: i32): void {
  const fifty = kf(C_FIFTY);
  const nan = kf(C_NAN);
  for (let t = 0; t < n; t += 2) {
    const x = v128.load(at(src, t));
    v128.store(at(dst, t), v128.bitselect(nan, fifty, f64x2.ne(x, x)));
  }
}

/** Up to this many points after the first, the percentile's interval is found by counting, else by search. */
const COUNTED_POINTS = 31;

/** The largest `j` with `values[j] <= x`: a branch-free binary search over `size` (a power of two) points. */
@inline
function search(values: usize, size: i32, x: f64): usize {
  let j = 0;
  for (let step = size >> 1; step >= 1; step >>= 1) {
    j += select<i32>(step, 0, load<f64>(at(values, j + step)) <= x);
  }
  return <usize>j << 3;
}

@inline
function percentileOf(
  x: v128,
  values: usize,
  points: usize,
  size: i32,
  last: i32,
  v0: v128,
  vl: v128,
  lower: bool,
  hundred: v128,
): v128 {
  const xc = v128.bitselect(v0, v128.bitselect(vl, x, f64x2.gt(x, vl)), f64x2.lt(x, v0));
  let j0: usize;
  let j1: usize;
  if (last <= COUNTED_POINTS) {
    // few points: j is the count of points after the first at or below x, independent comparisons
    let c = i64x2.splat(0);
    for (let k = 1; k <= last; k++) c = i64x2.sub(c, f64x2.le(v128.load64_splat(at(values, k)), xc));
    j0 = <usize>i64x2.extract_lane(c, 0) << 3;
    j1 = <usize>i64x2.extract_lane(c, 1) << 3;
  } else {
    j0 = search(values, size, f64x2.extract_lane(xc, 0));
    j1 = search(values, size, f64x2.extract_lane(xc, 1));
  }
  // points: (value, rank, dv, dr) per point, 32 bytes; j0, j1 are byte offsets of 8-byte slots
  const a0 = v128.load(points + (j0 << 2));
  const b0 = v128.load(points + (j0 << 2), 16);
  const a1 = v128.load(points + (j1 << 2));
  const b1 = v128.load(points + (j1 << 2), 16);
  const vj = i64x2.shuffle(a0, a1, 0, 2);
  const rj = i64x2.shuffle(a0, a1, 1, 3);
  const dvj = i64x2.shuffle(b0, b1, 0, 2);
  const drj = i64x2.shuffle(b0, b1, 1, 3);
  const s = f64x2.add(rj, f64x2.mul(f64x2.div(f64x2.sub(xc, vj), dvj), drj));
  return lower ? f64x2.sub(hundred, s) : s;
}

/**
 * Mid-rank percentile by interpolation: `x` clamped to the first and last point, `j` the largest index with
 * `values[j] <= x` (for up to 15 points after the first, the count of those at or below `x`; beyond, a binary
 * search over `values` padded with NaN to `size`), then `ranks[j] + ((x - values[j]) / dv[j]) * dr[j]`,
 * reversed when `lower`; `points` holds `(values[j], ranks[j], dv[j], dr[j])` per point, so a lane reads its
 * four numbers with two loads. Two vectors per step: four independent searches for the processor to overlap.
 */
export function percentile(
  src: usize,
  dst: usize,
  n: i32,
  values: usize,
  points: usize,
  size: i32,
  last: i32,
  lower: bool,
): void {
  const v0 = v128.load64_splat(values);
  const vl = v128.load64_splat(at(values, last));
  const hundred = kf(C_HUNDRED);
  for (let t = 0; t < n; t += 4) {
    const a = v128.load(at(src, t));
    const b = v128.load(at(src, t + 2));
    v128.store(at(dst, t), percentileOf(a, values, points, size, last, v0, vl, lower, hundred));
    v128.store(at(dst, t + 2), percentileOf(b, values, points, size, last, v0, vl, lower, hundred));
  }
}

/**
 * First pass of the z-score with `log`: `t = log(1 + max(x, 0))` into `dst` (Infinity for an infinite `u`), by
 * `fastLog`'s core as the JavaScript kernel inlines it: `e` from the high word of `u`, `f = u · 2^(1023 - e) - 1`
 * with the power of two built from its bits (read from the table for e > 2045, `u` above 2^1022·√2). The
 * z-score runs as three passes, like the JavaScript kernel's loops: each has a short chain of dependent
 * operations, so the processor overlaps many rows instead of waiting on one row's divisions.
 */
export function zscoreLog(src: usize, dst: usize, n: i32): void {
  const zero = splat(0);
  const half = kf(C_HALF);
  const one = kf(C_ONE);
  const two = kf(C_TWO);
  const inf = kf(C_INFINITY);
  const maxFinite = kf(C_MAX_FINITE);
  const lg1 = kf(C_LG1);
  const lg2 = kf(C_LG1 + 1);
  const lg3 = kf(C_LG1 + 2);
  const lg4 = kf(C_LG1 + 3);
  const lg5 = kf(C_LG1 + 4);
  const lg6 = kf(C_LG1 + 5);
  const lg7 = kf(C_LG1 + 6);
  const ln2hi = kf(C_LN2_HI);
  const ln2lo = kf(C_LN2_LO);
  const offset = ki(C_LOG_OFFSET);
  const mask = ki(C_EXPONENT_MASK);
  const top = ki(C_TOP_EXPONENT);
  const tableExp = ki(C_TABLE_EXPONENT);
  const bias = ki(C_BIAS);
  const hiLanes = i32x4.replace_lane(i32x4.replace_lane(i32x4.splat(0), 1, -1), 3, -1);
  for (let t = 0; t < n; t += 2) {
    const x = v128.load(at(src, t));
    const u = f64x2.add(one, v128.andnot(x, f64x2.lt(x, zero)));
    const e = v128.and(i32x4.shr_u(i32x4.add(u, offset), 20), mask);
    let p = v128.and(i32x4.shl(i32x4.sub(top, e), 20), hiLanes);
    if (v128.any_true(v128.and(i32x4.gt_s(e, tableExp), hiLanes))) {
      p = pair(
        load<f64>(at(pow2, 2047 - i32x4.extract_lane(e, 1))),
        load<f64>(at(pow2, 2047 - i32x4.extract_lane(e, 3))),
      );
    }
    const f = f64x2.sub(f64x2.mul(u, p), one);
    const dk = f64x2.convert_low_i32x4_s(i32x4.sub(i32x4.shuffle(e, e, 1, 3, 1, 3), bias));
    const h = f64x2.mul(f64x2.mul(half, f), f);
    const s = f64x2.div(f, f64x2.add(two, f));
    const z = f64x2.mul(s, s);
    const w = f64x2.mul(z, z);
    const t1 = f64x2.mul(w, f64x2.add(lg2, f64x2.mul(w, f64x2.add(lg4, f64x2.mul(w, lg6)))));
    const t2 = f64x2.mul(
      z,
      f64x2.add(lg1, f64x2.mul(w, f64x2.add(lg3, f64x2.mul(w, f64x2.add(lg5, f64x2.mul(w, lg7)))))),
    );
    const R = f64x2.add(t2, t1);
    const l0 = f64x2.add(f64x2.mul(s, f64x2.add(h, R)), f64x2.mul(dk, ln2lo));
    const l = f64x2.add(f64x2.add(f64x2.sub(l0, h), f), f64x2.mul(dk, ln2hi));
    v128.store(at(dst, t), v128.bitselect(inf, l, f64x2.gt(u, maxFinite)));
  }
}

/**
 * Second pass of the z-score: `z = ±(t - mean) / sd` into `zs` and `exp(max((-|z|·|z|) / 2, -708))` into
 * `es`, by `fastExp`'s core (the halving as a multiplication by 0.5, the same double; `2^(i >> 5)` is normal in
 * that range and built from its bits, `2^(j/32)` read from the table).
 */
export function zscoreExp(src: usize, zs: usize, es: usize, n: i32, mean: f64, sd: f64, lower: bool): void {
  const vm = splat(mean);
  const vs = splat(sd);
  const zero = splat(0);
  const half = kf(C_HALF);
  const invLn2 = kf(C_INV_LN2_32);
  const shift = kf(C_SHIFT);
  const ln2hi32 = kf(C_LN2_HI_32);
  const ln2lo32 = kf(C_LN2_LO_32);
  const e6 = kf(C_E6);
  const e24 = kf(C_E24);
  const e120 = kf(C_E120);
  const e720 = kf(C_E720);
  const floor = kf(C_EXP_FLOOR);
  const bias = ki(C_BIAS);
  for (let t = 0; t < n; t += 2) {
    let z = f64x2.div(f64x2.sub(v128.load(at(src, t)), vm), vs);
    if (lower) z = f64x2.neg(z);
    const a = f64x2.abs(z);
    const xe = f64x2.max(f64x2.mul(f64x2.mul(f64x2.neg(a), a), half), floor);
    const d = f64x2.sub(f64x2.add(f64x2.mul(xe, invLn2), shift), shift);
    const di = i32x4.trunc_sat_f64x2_s_zero(d);
    const r = f64x2.sub(f64x2.sub(xe, f64x2.mul(d, ln2hi32)), f64x2.mul(d, ln2lo32));
    const r2 = f64x2.mul(r, r);
    const q = f64x2.add(
      r,
      f64x2.mul(
        r2,
        f64x2.add(
          f64x2.add(half, f64x2.mul(r, e6)),
          f64x2.mul(r2, f64x2.add(f64x2.add(e24, f64x2.mul(r, e120)), f64x2.mul(r2, e720))),
        ),
      ),
    );
    const pw = i32x4.shuffle(zero, i32x4.shl(i32x4.add(i32x4.shr_s(di, 5), bias), 20), 0, 4, 0, 5);
    const i0 = i32x4.extract_lane(di, 0) & 31;
    const i1 = i32x4.extract_lane(di, 1) & 31;
    const sc = f64x2.mul(pair(load<f64>(at(exp2, i0)), load<f64>(at(exp2, i1))), pw);
    v128.store(at(zs, t), z);
    v128.store(at(es, t), f64x2.add(sc, f64x2.mul(sc, q)));
  }
}

/**
 * Last pass of the z-score: `100 · Φ(z)` from `z` and the exponential, by Hart's rational approximation below
 * the split, the continued fraction up to the cutoff (computed only when a lane needs it) and 0 beyond.
 */
export function zscoreTail(zs: usize, es: usize, dst: usize, n: i32): void {
  const zero = splat(0);
  const one = kf(C_ONE);
  const two = kf(C_TWO);
  const hundred = kf(C_HUNDRED);
  const split = kf(C_HART_SPLIT);
  const cutoff = kf(C_HART_CUTOFF);
  const n0 = kf(C_HART_N0);
  const n1 = kf(C_HART_N0 + 1);
  const n2 = kf(C_HART_N0 + 2);
  const n3 = kf(C_HART_N0 + 3);
  const n4 = kf(C_HART_N0 + 4);
  const n5 = kf(C_HART_N0 + 5);
  const n6 = kf(C_HART_N0 + 6);
  const d0 = kf(C_HART_D0);
  const d1 = kf(C_HART_D0 + 1);
  const d2 = kf(C_HART_D0 + 2);
  const d3 = kf(C_HART_D0 + 3);
  const d4 = kf(C_HART_D0 + 4);
  const d5 = kf(C_HART_D0 + 5);
  const d6 = kf(C_HART_D0 + 6);
  const d7 = kf(C_HART_D0 + 7);
  for (let t = 0; t < n; t += 2) {
    const z = v128.load(at(zs, t));
    const ex = v128.load(at(es, t));
    const a = f64x2.abs(z);
    let num = f64x2.add(f64x2.mul(n0, a), n1);
    num = f64x2.add(f64x2.mul(num, a), n2);
    num = f64x2.add(f64x2.mul(num, a), n3);
    num = f64x2.add(f64x2.mul(num, a), n4);
    num = f64x2.add(f64x2.mul(num, a), n5);
    num = f64x2.add(f64x2.mul(num, a), n6);
    let den = f64x2.add(f64x2.mul(d0, a), d1);
    den = f64x2.add(f64x2.mul(den, a), d2);
    den = f64x2.add(f64x2.mul(den, a), d3);
    den = f64x2.add(f64x2.mul(den, a), d4);
    den = f64x2.add(f64x2.mul(den, a), d5);
    den = f64x2.add(f64x2.mul(den, a), d6);
    den = f64x2.add(f64x2.mul(den, a), d7);
    let tail = f64x2.div(f64x2.mul(ex, num), den);
    const below = f64x2.lt(a, split);
    const beyond = f64x2.gt(a, cutoff);
    if (v128.any_true(v128.not(v128.or(below, beyond)))) {
      let b = f64x2.add(a, kf(C_CF_START));
      b = f64x2.add(a, f64x2.div(kf(C_FOUR), b));
      b = f64x2.add(a, f64x2.div(kf(C_THREE), b));
      b = f64x2.add(a, f64x2.div(two, b));
      b = f64x2.add(a, f64x2.div(one, b));
      tail = v128.bitselect(tail, f64x2.div(f64x2.div(ex, b), kf(C_SQRT_2PI)), below);
    }
    tail = v128.andnot(tail, beyond);
    v128.store(at(dst, t), f64x2.mul(hundred, v128.bitselect(f64x2.sub(one, tail), tail, f64x2.gt(z, zero))));
  }
}

/**
 * Sets every 64-bit lane of a column to -1: an override column where none has fired yet, or a condition mask
 * that holds for every row before its conditions narrow it.
 */
export function allLanes(column: usize, n: i32): void {
  const none = i64x2.splat(-1);
  for (let t = 0; t < n; t += 2) v128.store(at(column, t), none);
}

/** The comparison `op` of a value: 0 `>=`, 1 `<=`, 2 `>`, 3 `<`, 4 `===`, 5 missing. */
@inline
function compare(x: v128, op: i32, v: v128): v128 {
  if (op === 0) return f64x2.ge(x, v);
  if (op === 1) return f64x2.le(x, v);
  if (op === 2) return f64x2.gt(x, v);
  if (op === 3) return f64x2.lt(x, v);
  if (op === 4) return f64x2.eq(x, v);
  return f64x2.ne(x, x);
}

/** One condition of an override into its mask (see {@link compare}). */
export function condition(mask: usize, src: usize, n: i32, op: i32, value: f64): void {
  const v = splat(value);
  for (let t = 0; t < n; t += 2) {
    const c = compare(v128.load(at(src, t)), op, v);
    v128.store(at(mask, t), v128.and(v128.load(at(mask, t)), c));
  }
}

/**
 * An override with one condition in one pass: where it holds, the override `index` fires with the colour
 * `code` (applied last to first). `first`: no override was applied before, so the rest get -1.
 */
export function override1(
  src: usize,
  op: i32,
  value: f64,
  overrides: usize,
  colours: usize,
  n: i32,
  index: i32,
  code: i32,
  first: bool,
): void {
  const v = splat(value);
  const vi = i64x2.splat(<i64>index);
  const vc = i64x2.splat(<i64>code);
  const none = i64x2.splat(-1);
  for (let t = 0; t < n; t += 2) {
    const m = compare(v128.load(at(src, t)), op, v);
    const ov = first ? none : v128.load(at(overrides, t));
    const cl = first ? none : v128.load(at(colours, t));
    v128.store(at(overrides, t), v128.bitselect(vi, ov, m));
    v128.store(at(colours, t), v128.bitselect(vc, cl, m));
  }
}

/**
 * Where the mask holds, the override `index` fires with the colour `code` (applied last to first, so the
 * first firing override is the one left).
 */
export function applyOverride(
  mask: usize,
  overrides: usize,
  colours: usize,
  n: i32,
  index: i32,
  code: i32,
): void {
  const vi = i64x2.splat(<i64>index);
  const vc = i64x2.splat(<i64>code);
  for (let t = 0; t < n; t += 2) {
    const m = v128.load(at(mask, t));
    v128.store(at(overrides, t), v128.bitselect(vi, v128.load(at(overrides, t)), m));
    v128.store(at(colours, t), v128.bitselect(vc, v128.load(at(colours, t)), m));
  }
}

/** Points a measure loses: `w · f · gap`, gap = `(100 - v) · q` under `reweight`, else `100 - v`. */
@inline
function lossOf(st: v128, f: v128, vw: v128, vfill: v128, reweight: bool, fillZero: bool, zero: v128, hundred: v128): v128 {
  const q = f64x2.ge(st, zero);
  const gap = f64x2.sub(hundred, fillZero ? v128.and(st, q) : v128.bitselect(st, vfill, q));
  const g = reweight ? v128.and(gap, q) : gap;
  return f64x2.mul(f64x2.mul(vw, f), g);
}

/**
 * Everything after the sub-scores, for four rows at a time (two vectors): the weighted means inside groups and
 * over groups, coverage, score and colour, the first firing override (from {@link applyOverride}'s columns),
 * then the top driver's tournament, and the results written out (score and coverage as doubles, colour as u8,
 * override and top driver as i16).
 *
 * Per group `g` (`count` groups) and its measures in plan order: `q = s >= 0` (present), `v` the sub-score or
 * `fill`, `sw += w·q` (`w` unless `reweight`), `sws += w·v`, `cov += share·q`; then `k = sw > 0`,
 * `total += gw · (k ? sws / sw : 0)`, `gwp += gw · k`. The score is `total / gwp` (`noData` when no group
 * entered); the colour `red` minus one per edge reached, `unknown` when coverage is 0 or below its edge.
 * The top driver: each group's factor `k ? gw / (gwp · sw) : 0`, each measure's loss (see {@link lossOf}) as a
 * contestant, then the matches in order (the first round, measure 2k against 2k + 1, straight from the
 * losses in registers), the right contestant winning only when strictly larger (`pmax(a, b)` is exactly
 * `a < b ? b : a`); the winner's
 * index when its loss is above 0, else -1; `noDataDriver` when no group entered.
 * @param measures - per measure, 24 bytes: weight (f64), nominal share (f64), sub-score column (i32), group (i32)
 * @param groups - per group, 16 bytes: weight (f64), first measure (i32), number of measures (i32)
 * @param matches - per match, 8 bytes: left and right contestant (i32); contestant `m + t` is match t's winner
 * @param scratch - `32 · (count + 2 · (m + matchCount))` bytes for the groups' sums and the contestants
 */
export function score(
  measures: usize,
  m: i32,
  groups: usize,
  count: i32,
  matches: usize,
  matchCount: i32,
  winner: i32,
  scratch: usize,
  overrides: usize,
  colours: usize,
  hasOverrides: bool,
  scoreOut: usize,
  coverageOut: usize,
  bandOut: usize,
  overrideOut: usize,
  topOut: usize,
  n: i32,
  fill: f64,
  reweight: bool,
  yellowEdge: f64,
  greenEdge: f64,
  coverageEdge: f64,
  noData: f64,
  red: i32,
  unknown: i32,
  drivers: bool,
  noDataDriver: i32,
): void {
  const zero = splat(0);
  const hundred = kf(C_HUNDRED);
  const vfill = splat(fill);
  const ye = splat(yellowEdge);
  const ge = splat(greenEdge);
  const ce = splat(coverageEdge);
  const nd = splat(noData);
  const vred = i64x2.splat(<i64>red);
  const vunk = i64x2.splat(<i64>unknown);
  const none = i64x2.splat(-1);
  const ndd = i64x2.splat(<i64>noDataDriver);
  // a fill of +0 (reweight, zero) selects by a bitwise and: the same doubles
  const fillZero = reinterpret<i64>(fill) === 0;
  const values = scratch + (<usize>count << 5);
  const indices = values + (<usize>(m + matchCount) << 5);
  // the measures' own indices, for the contestants that are measures
  for (let i = 0; i < m; i++) {
    const c = i64x2.splat(<i64>i);
    v128.store(indices + (<usize>i << 5), c);
    v128.store(indices + (<usize>i << 5), c, 16);
  }
  for (let t = 0; t < n; t += 4) {
    const o = <usize>t << 3;
    let cov0 = zero;
    let cov1 = zero;
    let total0 = zero;
    let total1 = zero;
    let wp0 = zero;
    let wp1 = zero;
    for (let g = 0; g < count; g++) {
      const ge_ = groups + (<usize>g << 4);
      const vg = v128.load64_splat(ge_);
      const first = load<i32>(ge_, 8);
      const end = first + load<i32>(ge_, 12);
      let a0 = zero;
      let a1 = zero;
      let b0 = zero;
      let b1 = zero;
      for (let i = first; i < end; i++) {
        const e = measures + <usize>i * 24;
        const vw = v128.load64_splat(e);
        const vshare = v128.load64_splat(e, 8);
        const col = <usize>load<i32>(e, 16) + o;
        const s0 = v128.load(col);
        const s1 = v128.load(col, 16);
        const q0 = f64x2.ge(s0, zero);
        const q1 = f64x2.ge(s1, zero);
        a0 = f64x2.add(a0, reweight ? v128.and(vw, q0) : vw);
        a1 = f64x2.add(a1, reweight ? v128.and(vw, q1) : vw);
        b0 = f64x2.add(b0, f64x2.mul(vw, fillZero ? v128.and(s0, q0) : v128.bitselect(s0, vfill, q0)));
        b1 = f64x2.add(b1, f64x2.mul(vw, fillZero ? v128.and(s1, q1) : v128.bitselect(s1, vfill, q1)));
        cov0 = f64x2.add(cov0, v128.and(vshare, q0));
        cov1 = f64x2.add(cov1, v128.and(vshare, q1));
      }
      const k0 = f64x2.gt(a0, zero);
      const k1 = f64x2.gt(a1, zero);
      total0 = f64x2.add(total0, f64x2.mul(vg, v128.and(f64x2.div(b0, a0), k0)));
      total1 = f64x2.add(total1, f64x2.mul(vg, v128.and(f64x2.div(b1, a1), k1)));
      wp0 = f64x2.add(wp0, v128.and(vg, k0));
      wp1 = f64x2.add(wp1, v128.and(vg, k1));
      v128.store(scratch + (<usize>g << 5), a0);
      v128.store(scratch + (<usize>g << 5), a1, 16);
    }
    const sc0 = v128.bitselect(nd, f64x2.div(total0, wp0), f64x2.le(wp0, zero));
    const sc1 = v128.bitselect(nd, f64x2.div(total1, wp1), f64x2.le(wp1, zero));
    let bd0 = i64x2.add(i64x2.add(vred, f64x2.ge(sc0, ye)), f64x2.ge(sc0, ge));
    let bd1 = i64x2.add(i64x2.add(vred, f64x2.ge(sc1, ye)), f64x2.ge(sc1, ge));
    bd0 = v128.bitselect(vunk, bd0, v128.or(f64x2.le(cov0, zero), f64x2.lt(cov0, ce)));
    bd1 = v128.bitselect(vunk, bd1, v128.or(f64x2.le(cov1, zero), f64x2.lt(cov1, ce)));
    let ov0 = none;
    let ov1 = none;
    if (hasOverrides) {
      ov0 = v128.load(overrides + o);
      ov1 = v128.load(overrides + o, 16);
      bd0 = v128.bitselect(v128.load(colours + o), bd0, i64x2.gt_s(ov0, none));
      bd1 = v128.bitselect(v128.load(colours + o, 16), bd1, i64x2.gt_s(ov1, none));
    }
    v128.store(scoreOut + o, sc0);
    v128.store(scoreOut + o, sc1, 16);
    v128.store(coverageOut + o, cov0);
    v128.store(coverageOut + o, cov1, 16);
    const b = bandOut + <usize>t;
    v128.store8_lane(b, bd0, 0);
    v128.store8_lane(b, bd0, 8, 1);
    v128.store8_lane(b, bd1, 0, 2);
    v128.store8_lane(b, bd1, 8, 3);
    const ovp = overrideOut + (<usize>t << 1);
    v128.store16_lane(ovp, ov0, 0);
    v128.store16_lane(ovp, ov0, 4, 2);
    v128.store16_lane(ovp, ov1, 0, 4);
    v128.store16_lane(ovp, ov1, 4, 6);
    if (!drivers) continue;
    for (let g = 0; g < count; g++) {
      const vg = v128.load64_splat(groups + (<usize>g << 4));
      const at0 = scratch + (<usize>g << 5);
      const sw0 = v128.load(at0);
      const sw1 = v128.load(at0, 16);
      v128.store(at0, v128.and(f64x2.div(vg, f64x2.mul(wp0, sw0)), f64x2.gt(sw0, zero)));
      v128.store(at0, v128.and(f64x2.div(vg, f64x2.mul(wp1, sw1)), f64x2.gt(sw1, zero)), 16);
    }
    // first round, matches 0 .. m/2 - 1 between measures 2k and 2k + 1: both losses in registers
    const pairs = m >> 1;
    for (let k = 0; k < pairs; k++) {
      const ea = measures + <usize>(2 * k) * 24;
      const eb = ea + 24;
      const ca = <usize>load<i32>(ea, 16) + o;
      const cb = <usize>load<i32>(eb, 16) + o;
      const fa = scratch + (<usize>load<i32>(ea, 20) << 5);
      const fb = scratch + (<usize>load<i32>(eb, 20) << 5);
      const wa = v128.load64_splat(ea);
      const wb = v128.load64_splat(eb);
      const la0 = lossOf(v128.load(ca), v128.load(fa), wa, vfill, reweight, fillZero, zero, hundred);
      const la1 = lossOf(v128.load(ca, 16), v128.load(fa, 16), wa, vfill, reweight, fillZero, zero, hundred);
      const lb0 = lossOf(v128.load(cb), v128.load(fb), wb, vfill, reweight, fillZero, zero, hundred);
      const lb1 = lossOf(v128.load(cb, 16), v128.load(fb, 16), wb, vfill, reweight, fillZero, zero, hundred);
      const w0 = f64x2.gt(lb0, la0);
      const w1 = f64x2.gt(lb1, la1);
      const po = <usize>(m + k) << 5;
      const ia = v128.load(indices + (<usize>(2 * k) << 5));
      const ib = v128.load(indices + (<usize>(2 * k + 1) << 5));
      v128.store(values + po, f64x2.pmax(la0, lb0));
      v128.store(values + po, f64x2.pmax(la1, lb1), 16);
      v128.store(indices + po, v128.bitselect(ib, ia, w0));
      v128.store(indices + po, v128.bitselect(ib, ia, w1), 16);
    }
    if (m & 1) {
      // the odd measure out meets a winner later: its loss goes to its slot
      const i = m - 1;
      const e = measures + <usize>i * 24;
      const vw = v128.load64_splat(e);
      const col = <usize>load<i32>(e, 16) + o;
      const f = scratch + (<usize>load<i32>(e, 20) << 5);
      const l = values + (<usize>i << 5);
      v128.store(l, lossOf(v128.load(col), v128.load(f), vw, vfill, reweight, fillZero, zero, hundred));
      v128.store(l, lossOf(v128.load(col, 16), v128.load(f, 16), vw, vfill, reweight, fillZero, zero, hundred), 16);
    }
    for (let k = pairs; k < matchCount; k++) {
      const pa = <usize>load<i32>(matches + (<usize>k << 3)) << 5;
      const pb = <usize>load<i32>(matches + (<usize>k << 3), 4) << 5;
      const po = <usize>(m + k) << 5;
      const la0 = v128.load(values + pa);
      const la1 = v128.load(values + pa, 16);
      const lb0 = v128.load(values + pb);
      const lb1 = v128.load(values + pb, 16);
      const w0 = f64x2.gt(lb0, la0);
      const w1 = f64x2.gt(lb1, la1);
      v128.store(values + po, f64x2.pmax(la0, lb0));
      v128.store(values + po, f64x2.pmax(la1, lb1), 16);
      v128.store(indices + po, v128.bitselect(v128.load(indices + pb), v128.load(indices + pa), w0));
      v128.store(indices + po, v128.bitselect(v128.load(indices + pb, 16), v128.load(indices + pa, 16), w1), 16);
    }
    const pw = <usize>winner << 5;
    let top0 = v128.bitselect(v128.load(indices + pw), none, f64x2.gt(v128.load(values + pw), zero));
    let top1 = v128.bitselect(v128.load(indices + pw, 16), none, f64x2.gt(v128.load(values + pw, 16), zero));
    top0 = v128.bitselect(ndd, top0, f64x2.eq(wp0, zero));
    top1 = v128.bitselect(ndd, top1, f64x2.eq(wp1, zero));
    const tp = topOut + (<usize>t << 1);
    v128.store16_lane(tp, top0, 0);
    v128.store16_lane(tp, top0, 4, 2);
    v128.store16_lane(tp, top1, 0, 4);
    v128.store16_lane(tp, top1, 4, 6);
  }
}
