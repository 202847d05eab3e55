/**
 * @module Pure-JavaScript natural logarithm and exponential for the scoring kernel, within about 1 ulp of
 * `Math.log` / `Math.exp` (not bit-identical to them). They exist so the kernel can inline them as straight-line
 * arithmetic into its generated loops (a call to `Math.log` / `Math.exp` costs a call per value and blocks the
 * overlap of consecutive rows). The scalar functions here and the source the generators write are the same
 * operations in the same order, so the compiled kernel and the scalar normalisers agree bit for bit.
 *
 * - `log` (musl's `log`, from fdlibm): `u = 2^k · m` with `m` in [√2/2, √2), `f = m - 1`, `s = f / (2 + f)`,
 *   `log(m) = f - f²/2 + s·(f²/2 + R(s²))` with fdlibm's minimax polynomial `R`, plus `k·ln 2` in two parts.
 *   The exponent comes from the high word of `u` (a shared `Float64Array` / `Int32Array` view); `m = u · 2^-k`
 *   is an exact multiplication by a power of two from a table.
 * - `exp`: `x = (32k + j)·ln2/32 + r` with `|r| <= ln2/64`, `exp(x) = 2^k · 2^(j/32) · (1 + q(r))`, `q` the
 *   Taylor polynomial of degree 6 of `e^r - 1` (truncation below 4e-18), `2^(j/32)` correctly rounded from a
 *   32-entry table and `2^k` from the power-of-two table; `k·ln2/32` is subtracted in two parts (Cody-Waite).
 */

/** A finite number as a JavaScript literal that reads back as the same double. */
const L = (x: number): string => (x < 0 ? `(${String(x)})` : String(x));

/** `POW2[i] = 2^(i - 1024)`, i = 0 .. 2047 (2^-1024 is subnormal but exact). */
export const POW2: Float64Array = Float64Array.from({ length: 2048 }, (_, i) => 2 ** (i - 1024));

/** `EXP2_32[j] = 2^(j/32)`, correctly rounded. */
export const EXP2_32: Float64Array = Float64Array.of(
  1.0,
  1.0218971486541166,
  1.0442737824274138,
  1.0671404006768237,
  1.0905077326652577,
  1.1143867425958924,
  1.1387886347566916,
  1.1637248587775775,
  1.189207115002721,
  1.215247359980469,
  1.241857812073484,
  1.2690509571917332,
  1.2968395546510096,
  1.3252366431597413,
  1.3542555469368927,
  1.383909881963832,
  Math.SQRT2,
  1.4451808069770467,
  1.4768261459394993,
  1.5091644275934228,
  1.5422108254079407,
  1.5759808451078865,
  1.6104903319492543,
  1.645755478153965,
  1.681792830507429,
  1.718619298122478,
  1.7562521603732995,
  1.7947090750031072,
  1.8340080864093424,
  1.8741676341103,
  1.9152065613971474,
  1.9571441241754002,
);

/** fdlibm's constants (shortest decimal forms of the same doubles). High 32 bits of ln 2 (trailing zeros, so `k · LN2_HI` is exact for |k| < 2^20) and the rest. */
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const LG1 = 0.6666666666666735;
const LG2 = 0.3999999999940942;
const LG3 = 0.2857142874366239;
const LG4 = 0.22222198432149784;
const LG5 = 0.1818357216161805;
const LG6 = 0.15313837699209373;
const LG7 = 0.14798198605116586;
/** 32 / ln 2. */
const INV_LN2_32 = 46.16624130844683;
/** 1.5 · 2^52: adding and subtracting it rounds to an integer. */
const SHIFT = 6755399441055744;
const LN2_HI_32 = LN2_HI / 32;
const LN2_LO_32 = LN2_LO / 32;
/** `0x3ff00000 - 0x3fe6a09e`: moves the exponent boundary of the high word from 1 to √2/2. */
const SQRT_HALF_OFFSET = 0x95f62;

/**
 * The constants of `fastLog` / `fastExp` by name, in the order the WebAssembly kernel's constants block holds
 * them (`kernel-constants.ts`; slots `C_LG1` .. `C_E720` of `assembly/kernel.ts`): LG1-LG7, LN2_HI, LN2_LO,
 * 32/ln 2, SHIFT, the two parts of ln2/32, and the Taylor coefficients 1/6, 1/24, 1/120, 1/720.
 */
export const FAST_MATH_CONSTANTS: Readonly<Record<string, number>> = {
  LG1,
  LG2,
  LG3,
  LG4,
  LG5,
  LG6,
  LG7,
  LN2_HI,
  LN2_LO,
  INV_LN2_32,
  SHIFT,
  LN2_HI_32,
  LN2_LO_32,
  E6: 1 / 6,
  E24: 1 / 24,
  E120: 1 / 120,
  E720: 1 / 720,
};

/** `fastLog`'s offset moving the exponent boundary of the high word from 1 to √2/2. */
export const LOG_HIGH_WORD_OFFSET: number = SQRT_HALF_OFFSET;

/** Index of the high 32-bit word of a double in an `Int32Array` view of its bytes. */
export const HI_WORD: number = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f ? 1 : 0;

const viewF = new Float64Array(1);
const viewI = new Int32Array(viewF.buffer);

/**
 * The core of {@link fastLog} for normal positive `u` (also safe for any other double: the table index stays
 * in range, the result is then meaningless).
 */
function logCore(u: number): number {
  viewF[0] = u;
  const e = ((((viewI[HI_WORD] as number) + SQRT_HALF_OFFSET) | 0) >>> 20) & 2047;
  const f = u * (POW2[2047 - e] as number) - 1;
  const dk = e - 1023;
  const hfsq = 0.5 * f * f;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  return s * (hfsq + R) + dk * LN2_LO - hfsq + f + dk * LN2_HI;
}

/**
 * Natural logarithm, within 1 ulp of `Math.log`.
 * @param u - any number
 * @returns ln u; -Infinity at 0, NaN below 0 and for NaN, Infinity at Infinity
 */
export function fastLog(u: number): number {
  if (u >= 2.2250738585072014e-308 && u < Number.POSITIVE_INFINITY) return logCore(u);
  if (u > 0) return u === Number.POSITIVE_INFINITY ? u : logCore(u * 18014398509481984) - 54 * Math.LN2;
  if (u === 0) return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

/**
 * The core of {@link fastExp} for `x` in [-708, 709], with the power of two split as `2^(k + extra) · 2^-extra`
 * (`extra` 0 in that range; -1 above it, 64 below it, where `2^k` alone would overflow or be subnormal). Any
 * other double, NaN included, keeps the table indices in range (the result is then meaningless, NaN for NaN).
 */
function expCore(x: number, extra: number): number {
  const kd = x * INV_LN2_32 + SHIFT - SHIFT;
  const ki = kd | 0;
  const r = x - kd * LN2_HI_32 - kd * LN2_LO_32;
  const r2 = r * r;
  const q = r + r2 * (0.5 + r * (1 / 6) + r2 * (1 / 24 + r * (1 / 120) + r2 * (1 / 720)));
  const s = (EXP2_32[ki & 31] as number) * (POW2[(ki >> 5) + 1024 + extra] as number);
  return extra === 0 ? s + s * q : (s + s * q) * (POW2[1024 - extra] as number);
}

/**
 * Exponential, within about 1 ulp of `Math.exp` (results below 2^-1022 are subnormal, rounded once).
 * @param x - any number
 * @returns e^x; 0 below about -745.13, Infinity above about 709.78, NaN for NaN
 */
export function fastExp(x: number): number {
  if (x >= -708 && x <= 709) return expCore(x, 0);
  if (x > 709) return x > 709.8 ? Number.POSITIVE_INFINITY : expCore(x, -1);
  if (x < -708) return x < -746 ? 0 : expCore(x, 64);
  return Number.NaN;
}

/** Names under which a kernel's source reaches the tables and the bit view (see `bind` in the engine). */
export interface FastMathNames {
  /** {@link POW2} */
  pow2: string;
  /** {@link EXP2_32} */
  exp2: string;
  /** a `Float64Array` of length 1 */
  f64: string;
  /** an `Int32Array` view of the same 8 bytes */
  i32: string;
}

/**
 * Binds the tables and a fresh bit view for generated source.
 * @param bind - makes a value available to the source; returns its name
 * @returns the names
 */
export function bindFastMath(bind: (value: unknown) => string): FastMathNames {
  const f64 = new Float64Array(1);
  return { pow2: bind(POW2), exp2: bind(EXP2_32), f64: bind(f64), i32: bind(new Int32Array(f64.buffer)) };
}

/**
 * Statements computing the core of {@link fastLog} (exactly the value `fastLog` gives for normal positive
 * finite `u`; no special cases) into `out`.
 * @param u - expression (evaluated once)
 * @param out - name of a declared local receiving the result
 * @param p - prefix for the locals the statements declare
 * @param k - bound names
 * @param hi - expression of the high 32-bit word of `u`, when the caller has it (for instance from an
 *   `Int32Array` view of a column of `u`), instead of going through the bit view
 * @returns source text
 */
export function logCoreSource(u: string, out: string, p: string, k: FastMathNames, hi?: string): string {
  return [
    `const ${p}u = ${u};`,
    hi === undefined ? `${k.f64}[0] = ${p}u;` : '',
    `const ${p}e = (((${hi ?? `${k.i32}[${HI_WORD}]`} + ${SQRT_HALF_OFFSET}) | 0) >>> 20) & 2047;`,
    `const ${p}f = ${p}u * ${k.pow2}[2047 - ${p}e] - 1;`,
    `const ${p}k = ${p}e - 1023;`,
    `const ${p}h = 0.5 * ${p}f * ${p}f;`,
    `const ${p}s = ${p}f / (2 + ${p}f);`,
    `const ${p}z = ${p}s * ${p}s;`,
    `const ${p}w = ${p}z * ${p}z;`,
    `const ${p}t1 = ${p}w * (${L(LG2)} + ${p}w * (${L(LG4)} + ${p}w * ${L(LG6)}));`,
    `const ${p}t2 = ${p}z * (${L(LG1)} + ${p}w * (${L(LG3)} + ${p}w * (${L(LG5)} + ${p}w * ${L(LG7)})));`,
    `const ${p}R = ${p}t2 + ${p}t1;`,
    `${out} = ${p}s * (${p}h + ${p}R) + ${p}k * ${L(LN2_LO)} - ${p}h + ${p}f + ${p}k * ${L(LN2_HI)};`,
  ].join('\n');
}

/**
 * Statements computing the core of {@link fastExp} (exactly the value `fastExp` gives for `x` in [-708, 709];
 * no special cases, table indices in range for any double) into `out`.
 * @param x - expression (evaluated once)
 * @param out - name of a declared local receiving the result
 * @param p - prefix for the locals the statements declare
 * @param k - bound names
 * @returns source text
 */
export function expCoreSource(x: string, out: string, p: string, k: FastMathNames): string {
  return [
    `const ${p}x = ${x};`,
    `const ${p}d = ${p}x * ${L(INV_LN2_32)} + ${SHIFT} - ${SHIFT};`,
    `const ${p}i = ${p}d | 0;`,
    `const ${p}r = ${p}x - ${p}d * ${L(LN2_HI_32)} - ${p}d * ${L(LN2_LO_32)};`,
    `const ${p}r2 = ${p}r * ${p}r;`,
    `const ${p}q = ${p}r + ${p}r2 * (0.5 + ${p}r * ${L(1 / 6)} + ${p}r2 * (${L(1 / 24)} + ${p}r * ${L(1 / 120)} + ${p}r2 * ${L(1 / 720)}));`,
    `const ${p}s = ${k.exp2}[${p}i & 31] * ${k.pow2}[(${p}i >> 5) + 1024];`,
    `${out} = ${p}s + ${p}s * ${p}q;`,
  ].join('\n');
}
