/**
 * @module The columnar kernel on WebAssembly SIMD: runs a plan over many rows with the passes of
 * `assembly/kernel.ts` (two rows per 128-bit vector), giving bit for bit the results of the JavaScript kernel
 * (`engine.ts`), which stays the reference and the fallback. Rows go through in blocks of {@link ROWS}: the
 * block's input columns are copied into linear memory, one pass (three for a z-score) per measure writes its
 * sub-scores, one pass per override condition fires the overrides (last to first, so the first firing one
 * wins), and one pass does the rest four rows at a time: the weighted means, coverage, score and colour, and
 * the top driver by the same tournament as the JavaScript kernel's; the results are copied out.
 *
 * The module is compiled when this file loads: synchronously where the platform allows (Node), otherwise
 * in the background (a browser's main thread refuses to compile more than a few kilobytes synchronously),
 * the JavaScript kernel scoring until it is ready. Where WebAssembly or its SIMD is missing the JavaScript
 * kernel simply keeps scoring; the results are the same either way.
 */
import { BandCode } from './bands.js';
import { NO_DATA_SCORE, noDataDriver, tournament } from './engine.js';
import { EXP2_32, POW2 } from './fast-math.js';
import { KERNEL_CONSTANTS } from './kernel-constants.js';
import { KERNEL_WASM_BASE64 } from './kernel-wasm.generated.js';
import { POLICY, type ScorecardPlan } from './plan.js';

/** Rows per block: each column of a block is 16 KiB, so a pass's few columns stay in the L1/L2 caches. */
const ROWS = 2048;
const COLUMN = ROWS * 8;
/** Linear memory below this is the AssemblyScript module's own. */
const BASE = 65536;
const CONSTS = BASE;
const POW2_AT = CONSTS + 8 * KERNEL_CONSTANTS.length + ((8 * KERNEL_CONSTANTS.length) % 16);
const EXP2_AT = POW2_AT + POW2.byteLength;
/** Plan tables (steps, percentile points) start here, then the block's columns. */
const TABLES = EXP2_AT + EXP2_32.byteLength;

const OPS = { gte: 0, lte: 1, gt: 2, lt: 3, eq: 4, missing: 5 } as const;

/** The part of the WebAssembly JavaScript API used here (core is typed without the DOM library). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  compile(bytes: Uint8Array): Promise<object>;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** The passes `assembly/kernel.ts` exports (pointers are byte offsets, booleans 0/1). */
interface Passes {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  setTables(consts: number, pow2: number, exp2: number): void;
  linear(src: number, dst: number, n: number, bad: number, span: number): void;
  steps(src: number, dst: number, n: number, thresholds: number, points: number, count: number): void;
  boolean(src: number, dst: number, n: number, ifFalse: number, ifTrue: number): void;
  flat(src: number, dst: number, n: number): void;
  percentile(
    src: number,
    dst: number,
    n: number,
    values: number,
    points: number,
    size: number,
    last: number,
    lower: boolean,
  ): void;
  zscoreLog(src: number, dst: number, n: number): void;
  zscoreExp(src: number, zs: number, es: number, n: number, mean: number, sd: number, lower: boolean): void;
  zscoreTail(zs: number, es: number, dst: number, n: number): void;
  allLanes(column: number, n: number): void;
  condition(mask: number, src: number, n: number, op: number, value: number): void;
  applyOverride(
    mask: number,
    overrides: number,
    colours: number,
    n: number,
    index: number,
    code: number,
  ): void;
  override1(
    src: number,
    op: number,
    value: number,
    overrides: number,
    colours: number,
    n: number,
    index: number,
    code: number,
    first: boolean,
  ): void;
  score(
    measures: number,
    m: number,
    groups: number,
    count: number,
    matches: number,
    matchCount: number,
    winner: number,
    scratch: number,
    overrides: number,
    colours: number,
    hasOverrides: boolean,
    scoreOut: number,
    coverageOut: number,
    bandOut: number,
    overrideOut: number,
    topOut: number,
    n: number,
    fill: number,
    reweight: boolean,
    yellowEdge: number,
    greenEdge: number,
    coverageEdge: number,
    noData: number,
    red: number,
    unknown: number,
    drivers: boolean,
    noDataDriver: number,
  ): void;
}

let passes: Passes | null = null;

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function instantiate(api: WasmApi, module: object): void {
  const p = new api.Instance(module, {}).exports as unknown as Passes;
  const need = TABLES - p.memory.buffer.byteLength;
  if (need > 0) p.memory.grow(Math.ceil(need / 65536));
  const f64 = new Float64Array(p.memory.buffer);
  const i32 = new Int32Array(p.memory.buffer);
  KERNEL_CONSTANTS.forEach(([, value, type], slot) => {
    if (type === 'f64') f64[CONSTS / 8 + slot] = value;
    else i32[CONSTS / 4 + 2 * slot] = value;
  });
  f64.set(POW2, POW2_AT / 8);
  f64.set(EXP2_32, EXP2_AT / 8);
  p.setTables(CONSTS, POW2_AT, EXP2_AT);
  passes = p;
}

if (wasm) {
  const api = wasm;
  const bytes = decode(KERNEL_WASM_BASE64);
  try {
    instantiate(api, new api.Module(bytes));
  } catch {
    // refused synchronously (a browser's main thread) or no SIMD: try in the background; should that fail
    // too, the JavaScript kernel keeps scoring
    api.compile(bytes).then(
      (module) => instantiate(api, module),
      () => undefined,
    );
  }
}

/**
 * Whether the WebAssembly kernel is ready to score.
 * @returns false before its background compilation ends, or where WebAssembly SIMD is missing
 */
export function wasmKernelReady(): boolean {
  return passes !== null;
}

/** A plan laid out in linear memory: its tables and descriptors, and the block's columns (byte offsets). */
interface Layout {
  bytes: number;
  /** Bytes from {@link TABLES}: the plan's tables and its measure, group and match descriptors. */
  tables: Uint8Array;
  measureTable: number;
  groupTable: number;
  matchTable: number;
  matchCount: number;
  winner: number;
  input: number[];
  sub: number[];
  /** Columns for intermediate results of a normaliser (the z-score's transformed value, z and exponential). */
  scratch: number[];
  mask: number;
  overrides: number;
  colours: number;
  /** The score pass's own scratch (groups' sums, contestants). */
  work: number;
  score: number;
  coverage: number;
  bandOut: number;
  overridesOut: number;
  topOut: number;
  /** Per measure: table offsets (steps: thresholds, points; percentile: padded values, points, size). */
  params: number[][];
}

const layouts = new WeakMap<ScorecardPlan, Layout>();
let current: Layout | null = null;

function layoutOf(plan: ScorecardPlan): Layout {
  const hit = layouts.get(plan);
  if (hit) return hit;
  const table: number[] = [];
  const put = (values: ArrayLike<number>): number => {
    const at = TABLES + table.length * 8;
    for (let i = 0; i < values.length; i++) table.push(values[i] as number);
    if (table.length % 2 === 1) table.push(0);
    return at;
  };
  const params = plan.measures.map(({ normalizer: n }) => {
    if (n.kind === 'steps') return [put(n.thresholds), put(n.points)];
    if (n.kind !== 'percentile') return [];
    let size = 1;
    while (size < n.values.length) size *= 2;
    const padded = new Float64Array(size).fill(Number.NaN);
    padded.set(n.values);
    const points = n.values.flatMap((v, j) => [v, n.ranks[j] as number, n.dv[j] ?? 1, n.dr[j] ?? 0]);
    return [put(padded), put(points), size];
  });
  const m = plan.measures.length;
  const groups = plan.groups.length;
  const { matches, winner } = tournament(m);
  const measureTable = TABLES + table.length * 8;
  const groupTable = measureTable + 24 * m;
  const matchTable = groupTable + 16 * groups;
  let next = matchTable + 8 * matches.length;
  next += (16 - (next % 16)) % 16;
  const descriptorsEnd = next;
  const column = (bytes = COLUMN): number => {
    const at = next;
    next += bytes;
    return at;
  };
  const layout: Layout = {
    bytes: 0,
    tables: new Uint8Array(0),
    measureTable,
    groupTable,
    matchTable,
    matchCount: matches.length,
    winner,
    input: plan.inputs.map(() => column()),
    sub: plan.measures.map(() => column()),
    scratch: [column(), column(), column()],
    mask: column(),
    overrides: column(),
    colours: column(),
    work: column(32 * (groups + 2 * (m + matches.length))),
    score: column(),
    coverage: column(),
    bandOut: column(ROWS),
    overridesOut: column(ROWS * 2),
    topOut: column(ROWS * 2),
    params,
  };
  layout.bytes = next;
  const bytes = new ArrayBuffer(descriptorsEnd - TABLES);
  new Float64Array(bytes, 0, table.length).set(table);
  const view = new DataView(bytes);
  plan.measures.forEach((measure, i) => {
    const at = measureTable - TABLES + 24 * i;
    view.setFloat64(at, plan.weights[i] as number, true);
    view.setFloat64(at + 8, plan.nominalShares[i] as number, true);
    view.setInt32(at + 16, layout.sub[i] as number, true);
    view.setInt32(at + 20, measure.groupIndex, true);
  });
  for (let g = 0; g < groups; g++) {
    const at = groupTable - TABLES + 16 * g;
    view.setFloat64(at, plan.groupWeights[g] as number, true);
    view.setInt32(at + 8, plan.offsets[g] as number, true);
    view.setInt32(at + 12, (plan.offsets[g + 1] as number) - (plan.offsets[g] as number), true);
  }
  matches.forEach(([a, b], t) => {
    view.setInt32(matchTable - TABLES + 8 * t, a, true);
    view.setInt32(matchTable - TABLES + 8 * t + 4, b, true);
  });
  layout.tables = new Uint8Array(bytes);
  layouts.set(plan, layout);
  return layout;
}

/**
 * Scores rows of one plan with the WebAssembly kernel into output arrays, exactly as `scoreRows` in
 * `engine.ts` does with the JavaScript kernel.
 * @param plan - the plan
 * @param inputs - raw input columns in `plan.inputs` order (NaN = missing)
 * @param out - output arrays, written at the scored row positions
 * @param rows - row positions to score, or null for rows `0 .. n - 1`
 * @param n - number of rows to score
 * @param drivers - find each row's top driver (else `topDriver` is left as it is)
 * @returns false (nothing written) when the WebAssembly kernel is not available
 */
export function wasmScoreRows(
  plan: ScorecardPlan,
  inputs: readonly Float64Array[],
  out: {
    score: Float64Array;
    coverage: Float64Array;
    band: Uint8Array;
    override: Int16Array;
    topDriver: Int16Array;
  },
  rows: Int32Array | null,
  n: number,
  drivers: boolean,
): boolean {
  const p = passes;
  if (p === null || plan.measures.length === 0) return false;
  const L = layoutOf(plan);
  if (p.memory.buffer.byteLength < L.bytes)
    p.memory.grow(Math.ceil((L.bytes - p.memory.buffer.byteLength) / 65536));
  const buffer = p.memory.buffer;
  const f64 = new Float64Array(buffer);
  const u8 = new Uint8Array(buffer);
  const i16 = new Int16Array(buffer);
  if (current !== L) {
    u8.set(L.tables, TABLES);
    current = L;
  }
  const reweight = plan.policy === POLICY.reweight;
  const fill = reweight ? 0 : plan.fill;
  const { measures } = plan;
  const m = measures.length;
  const groups = plan.groups.length;
  const noData = noDataDriver(plan);
  const overrides = plan.overrides;

  for (let b = 0; b < n; b += ROWS) {
    const bn = Math.min(ROWS, n - b);
    const lanes = (bn + 3) & ~3;
    for (let k = 0; k < inputs.length; k++) {
      const col = inputs[k] as Float64Array;
      const at = (L.input[k] as number) / 8;
      if (rows === null) f64.set(col.subarray(b, b + bn), at);
      else for (let t = 0; t < bn; t++) f64[at + t] = col[rows[b + t] as number] as number;
    }
    for (let i = 0; i < m; i++) {
      const src = L.input[i] as number;
      const dst = L.sub[i] as number;
      const nz = (measures[i] as ScorecardPlan['measures'][number]).normalizer;
      const q = L.params[i] as number[];
      switch (nz.kind) {
        case 'linear':
          p.linear(src, dst, lanes, nz.bad, nz.span);
          break;
        case 'steps':
          p.steps(src, dst, lanes, q[0] as number, q[1] as number, nz.thresholds.length);
          break;
        case 'boolean':
          p.boolean(src, dst, lanes, nz.lower ? 100 : 0, nz.lower ? 0 : 100);
          break;
        case 'zscore':
          if (nz.sd === 0) p.flat(src, dst, lanes);
          else {
            if (nz.log) p.zscoreLog(src, L.scratch[0] as number, lanes);
            const t = nz.log ? (L.scratch[0] as number) : src;
            p.zscoreExp(t, L.scratch[1] as number, L.scratch[2] as number, lanes, nz.mean, nz.sd, nz.lower);
            p.zscoreTail(L.scratch[1] as number, L.scratch[2] as number, dst, lanes);
          }
          break;
        case 'percentile':
          p.percentile(
            src,
            dst,
            lanes,
            q[0] as number,
            q[1] as number,
            q[2] as number,
            nz.values.length - 1,
            nz.lower,
          );
          break;
      }
    }
    for (let k = overrides.length - 1; k >= 0; k--) {
      const o = overrides[k] as ScorecardPlan['overrides'][number];
      const code = BandCode[o.band];
      const last = k === overrides.length - 1;
      const [only] = o.conditions;
      if (o.conditions.length === 1 && only) {
        const src = L.input[only.input] as number;
        p.override1(src, OPS[only.op], only.value, L.overrides, L.colours, lanes, k, code, last);
        continue;
      }
      if (last) p.allLanes(L.overrides, lanes);
      p.allLanes(L.mask, lanes);
      for (const c of o.conditions) {
        p.condition(L.mask, L.input[c.input] as number, lanes, OPS[c.op], c.value);
      }
      p.applyOverride(L.mask, L.overrides, L.colours, lanes, k, code);
    }
    p.score(
      L.measureTable,
      m,
      L.groupTable,
      groups,
      L.matchTable,
      L.matchCount,
      L.winner,
      L.work,
      L.overrides,
      L.colours,
      overrides.length > 0,
      L.score,
      L.coverage,
      L.bandOut,
      L.overridesOut,
      L.topOut,
      lanes,
      fill,
      reweight,
      plan.yellowEdge,
      plan.greenEdge,
      plan.coverageEdge,
      NO_DATA_SCORE,
      BandCode.red,
      BandCode.unknown,
      drivers,
      noData,
    );
    const sc = L.score / 8;
    const cv = L.coverage / 8;
    const ov = L.overridesOut / 2;
    const tp = L.topOut / 2;
    if (rows === null) {
      out.score.set(f64.subarray(sc, sc + bn), b);
      out.coverage.set(f64.subarray(cv, cv + bn), b);
      out.band.set(u8.subarray(L.bandOut, L.bandOut + bn), b);
      out.override.set(i16.subarray(ov, ov + bn), b);
      if (drivers) out.topDriver.set(i16.subarray(tp, tp + bn), b);
    } else {
      for (let t = 0; t < bn; t++) {
        const r = rows[b + t] as number;
        out.score[r] = f64[sc + t] as number;
        out.coverage[r] = f64[cv + t] as number;
        out.band[r] = u8[L.bandOut + t] as number;
        out.override[r] = i16[ov + t] as number;
        if (drivers) out.topDriver[r] = i16[tp + t] as number;
      }
    }
  }
  return true;
}
