/**
 * @module The scoring kernel shared by the per-record and the columnar paths. For each plan it builds, once,
 * a kernel specialised to that plan that works through the rows in blocks of {@link BLOCK}: for each measure a
 * small loop writes the block's sub-scores into a scratch column (`block-loops.ts`), then one loop over the
 * block's rows computes the weighted means inside groups and over groups under the missing-value policy,
 * coverage, colour, the first firing override and the top driver, and writes the output arrays. Small
 * monomorphic loops let the processor overlap consecutive rows, where one fused row loop with every measure's
 * locals live spilled registers and serialised long dependent chains (log, exp, searches). A single record is a
 * batch of one row, so both paths run identical arithmetic, and each row's arithmetic is the same operations
 * in the same order as the SQL compiler writes.
 *
 * Why generated source: a kernel that loops over measures and dispatches on normaliser kinds per value (or one
 * column pass per step) spends most of its time on dispatch, parameter loads and memory traffic for
 * intermediate columns. The plan is fixed once compiled, so its shape (measures, groups, normalisers,
 * overrides) is written out as straight-line JavaScript with the weights, shares and edges as literals, and
 * compiled with `new Function`, the way arquero compiles table expressions. The normalisers themselves are
 * the scalar functions of `normalize.ts`, called with their compiled parameters, so there is one definition of
 * each. The generated code reads the input columns and writes the output arrays and its own scratch (never observable:
 * a kernel runs to completion without calling out).
 *
 * Missing values: under `reweight` a missing measure is left out and the weights of the present ones are
 * renormalised inside its group; a group with nothing present is left out and the group weights are
 * renormalised. Under `neutral` / `zero` a missing sub-score counts as 50 / 0 at full weight. Coverage is the
 * nominal weight share of the present measures. When nothing at all is present under `reweight`, the score is
 * the neutral 50 (every measure at 50 with its nominal share) and the band is `unknown`.
 */
import { BAND_CODES, type Band, BandCode } from './bands.js';
import { subScoreLoopSource } from './block-loops.js';
import { numberLiteral as lit } from './normal-cdf.js';
import type { ScratchSlots } from './normalize.js';
import { POLICY, type ScorecardPlan } from './plan.js';

/** Score when no measure is present at all under `reweight`. */
export const NO_DATA_SCORE = 50;

/** Output arrays a kernel writes, one entry per row (indexed by row position in the whole batch). */
export interface KernelOutput {
  /** Score 0-100. */
  score: Float64Array;
  /** Share of nominal weight present, 0-1. */
  coverage: Float64Array;
  /** Band code after overrides. */
  band: Uint8Array;
  /** Index of the first firing override, -1 for none. */
  override: Int16Array;
  /** Plan-order position of the measure losing the most points (first on ties), -1 for none. */
  topDriver: Int16Array;
}

/** Per-row intermediate results kept for explanations (`detail`). */
export interface KernelDetail {
  /** Band code from the score and coverage alone. */
  scoreBand: Uint8Array;
  /** Sub-score columns in plan measure order, NaN = missing. */
  subs: Float64Array[];
  /** Per group, Σ of the weights of the measures that entered it. */
  groupSums: Float64Array[];
  /** Σ of the weights of the groups that entered the score (0 when nothing did). */
  groupWeight: Float64Array;
}

/** Everything the kernel computes for the rows of one plan, with the detail for explanations. */
export interface PlanResult extends KernelOutput, KernelDetail {
  n: number;
}

/**
 * A plan's row kernel.
 * @param inputs - raw input columns in `plan.inputs` order (NaN = missing)
 * @param n - number of rows to score
 * @param rows - row positions to score (`rows[j]` for j < n), or null for rows `0 .. n - 1`
 * @param out - output arrays, written at the row positions
 * @param detail - intermediate arrays, written at the row positions (detail kernels only)
 */
type RowKernel = (
  inputs: readonly Float64Array[],
  n: number,
  rows: Int32Array | null,
  out: KernelOutput,
  detail: KernelDetail | null,
) => void;

/** Kernel variants: bit 0 = top driver, bit 1 = detail, bit 2 = row positions. */
const kernelCache = new WeakMap<ScorecardPlan, Map<number, RowKernel>>();

const OP_SOURCE = { gte: '>=', lte: '<=', gt: '>', lt: '<', eq: '===' } as const;

/** Rows per block: each measure's sub-scores for a block go into a scratch column (8 KB, stays in L1/L2). */
const BLOCK = 1024;

/**
 * The top driver of a row where nothing at all is present (every measure at the neutral 50 with its nominal
 * share): the first measure with the largest nominal share, -1 for none.
 * @param plan - the plan
 * @returns plan-order position or -1
 */
export function noDataDriver(plan: ScorecardPlan): number {
  let noData = -1;
  let most = 0;
  for (let i = 0; i < plan.measures.length; i++) {
    const lost = (plan.nominalShares[i] as number) * (100 - NO_DATA_SCORE);
    if (lost > most) {
      most = lost;
      noData = i;
    }
  }
  return noData;
}

/**
 * The top-driver tournament over `count` contestants (the measures' losses in plan order): pairs, then pairs
 * of winners, an odd one out going through to the next round. In a match the right contestant wins only when
 * strictly larger, so the left keeps ties and the first largest wins, as in a scan; the tree keeps the chain
 * of dependent selections short. Contestants are numbered `0 .. count - 1`, the winner of match `t` is
 * contestant `count + t`.
 * @param count - number of contestants (>= 1)
 * @returns the matches as `[left, right]` contestant pairs in play order, and the overall winner
 */
export function tournament(count: number): { matches: [number, number][]; winner: number } {
  const matches: [number, number][] = [];
  let round = Array.from({ length: count }, (_, c) => c);
  while (round.length > 1) {
    const next: number[] = [];
    for (let p = 0; p + 1 < round.length; p += 2) {
      matches.push([round[p] as number, round[p + 1] as number]);
      next.push(count + matches.length - 1);
    }
    if (round.length % 2 === 1) next.push(round[round.length - 1] as number);
    round = next;
  }
  return { matches, winner: round[0] ?? -1 };
}

/**
 * Writes the source of a plan's row kernel.
 * @param plan - the plan
 * @param drivers - find the top driver
 * @param detail - write the intermediate arrays
 * @param indexed - score the rows listed in `rows` instead of `0 .. n - 1`
 * @returns the body of a function of `(inputs, n, rows, out, detail)`
 */
function kernelSource(
  plan: ScorecardPlan,
  drivers: boolean,
  detail: boolean,
  indexed: boolean,
  bind: (value: unknown) => string,
  scratch: ScratchSlots,
): string {
  const m = plan.measures.length;
  const reweight = plan.policy === POLICY.reweight;
  const { offsets, weights, groupWeights, nominalShares } = plan;
  const groupCount = plan.groups.length;
  const L: string[] = [];
  const w = (i: number) => lit(weights[i] as number);
  const gw = (g: number) => lit(groupWeights[g] as number);
  const bit = (c: string) => `(+(${c}))`;
  const rowOf = indexed ? 'rows[j]' : 'j';

  L.push('const { score, coverage, band, override, topDriver } = out;');
  for (let k = 0; k < plan.inputs.length; k++) L.push(`const c${k} = inputs[${k}];`);
  for (let i = 0; i < m; i++) L.push(`const S${i} = ${bind(new Float64Array(BLOCK))};`);
  if (detail) {
    L.push('const { scoreBand, groupWeight } = detail;');
    for (let i = 0; i < m; i++) L.push(`const d${i} = detail.subs[${i}];`);
    for (let g = 0; g < groupCount; g++) L.push(`const e${g} = detail.groupSums[${g}];`);
  }
  L.push(`for (let b = 0; b < n; b += ${BLOCK}) {`, `const bn = Math.min(n - b, ${BLOCK});`);
  // sub-scores, one tight loop (or a few) per measure over the block, into scratch columns
  const column = () => bind(new Float64Array(BLOCK));
  for (let i = 0; i < m; i++) {
    const normalizer = (plan.measures[i] as ScorecardPlan['measures'][number]).normalizer;
    L.push(
      subScoreLoopSource(
        normalizer,
        `c${i}[${indexed ? 'rows[b + t]' : 'b + t'}]`,
        `S${i}`,
        `u${i}`,
        bind,
        scratch,
        column,
      ),
    );
  }
  L.push('for (let t = 0; t < bn; t++) {', `const j = b + t;`, `const r = ${rowOf};`);
  for (let i = 0; i < m; i++) L.push(`const s${i} = S${i}[t];`);
  if (detail) for (let i = 0; i < m; i++) L.push(`d${i}[r] = s${i};`);
  // Weighted means inside groups, then over groups; coverage in plan order. Branch-free like the sub-scores:
  // q = 1 when the sub-score is present (sub-scores are 0-100 or NaN), and v is the sub-score, or what a
  // missing one counts as (0 and left out of the weights under reweight, the fill otherwise), picked by q.
  L.push('let cov = 0;');
  for (let g = 0; g < groupCount; g++) {
    L.push(`let sw${g} = 0;`, `let sws${g} = 0;`);
    for (let i = offsets[g] as number; i < (offsets[g + 1] as number); i++) {
      const share = lit(nominalShares[i] as number);
      const z = scratch([0, reweight ? 0 : plan.fill]);
      L.push(
        `const q${i} = ${bit(`s${i} >= 0`)};`,
        `Z[${z}] = s${i};`,
        `const v${i} = Z[${z + 1} - q${i}];`,
        reweight ? `sw${g} = sw${g} + ${w(i)} * q${i};` : `sw${g} = sw${g} + ${w(i)};`,
        `sws${g} = sws${g} + ${w(i)} * v${i};`,
        `cov = cov + ${share} * q${i};`,
      );
      // gap to a perfect sub-score, for the driver search (0 for a measure left out)
      if (drivers) L.push(reweight ? `const g${i} = (100 - v${i}) * q${i};` : `const g${i} = 100 - v${i};`);
    }
  }
  L.push('let total = 0;', 'let gwp = 0;');
  for (let g = 0; g < groupCount; g++) {
    const z = scratch([0, 0]);
    L.push(
      `const k${g} = ${bit(`sw${g} > 0`)};`,
      `Z[${z}] = sws${g} / sw${g};`,
      `total = total + ${gw(g)} * Z[${z + 1} - k${g}];`,
      `gwp = gwp + ${gw(g)} * k${g};`,
    );
    if (detail) L.push(`e${g}[r] = sw${g};`);
  }
  const zs = scratch([0, NO_DATA_SCORE]);
  L.push(`Z[${zs}] = total / gwp;`, `const sc = Z[${zs} + ${bit('gwp <= 0')}];`);
  // colour: red − (≥ yellow) − (≥ green), or unknown below the coverage edge; then the first firing override
  L.push(
    `let bd = ${BandCode.red} - ${bit(`sc >= ${lit(plan.yellowEdge)}`)} - ${bit(`sc >= ${lit(plan.greenEdge)}`)};`,
    `const unk = ${bit('cov <= 0')} | ${bit(`cov < ${lit(plan.coverageEdge)}`)};`,
    `bd = bd + unk * (${BandCode.unknown} - bd);`,
  );
  if (detail) L.push('scoreBand[r] = bd;', 'groupWeight[r] = gwp;');
  L.push('let ov = -1;');
  plan.overrides.forEach((o, k) => {
    const all = o.conditions
      .map((c) => {
        const x = `c${c.input}[r]`;
        return c.op === 'missing' ? `${x} !== ${x}` : `${x} ${OP_SOURCE[c.op]} ${lit(c.value)}`;
      })
      .join(' && ');
    const code = BAND_CODES.indexOf(o.band as Band);
    L.push(`${k > 0 ? 'else ' : ''}if (${all}) { ov = ${k}; bd = ${code}; }`);
  });
  L.push('score[r] = sc;', 'coverage[r] = cov;', 'band[r] = bd;', 'override[r] = ov;');
  // Top driver: points lost = share × (100 − sub-score), share = w × gw / (gwp × sw); the first largest loss
  // above 0 wins. A measure left out has gap 0 and a group with nothing present gets factor 0, so no loss is
  // NaN. The maximum is found as a tournament (pairs, then pairs of winners) with the winner of each match
  // picked by selection; the left one keeps ties, so the first largest wins as in a scan, and the tree keeps
  // the chain of dependent selections short.
  if (drivers) {
    L.push('let top = -1;', `if (gwp === 0) top = ${noDataDriver(plan)};`, 'else {');
    for (let g = 0; g < groupCount; g++) {
      const z = scratch([0, 0]);
      L.push(`Z[${z}] = ${gw(g)} / (gwp * sw${g});`, `const f${g} = Z[${z + 1} - k${g}];`);
    }
    // contestant c: its loss `l${c}` and index expression; match t's winner is contestant m + t
    const value: string[] = [];
    const index: string[] = [];
    for (let g = 0; g < groupCount; g++) {
      for (let i = offsets[g] as number; i < (offsets[g + 1] as number); i++) {
        L.push(`const l${i} = ${w(i)} * f${g} * g${i};`);
        value.push(`l${i}`);
        index.push(String(i));
      }
    }
    const { matches, winner } = tournament(m);
    matches.forEach(([a, b], t) => {
      const z = scratch([0, 0]);
      const [va, vb, ia, ib] = [value[a], value[b], index[a], index[b]] as [string, string, string, string];
      L.push(
        `const w${t} = ${bit(`${vb} > ${va}`)};`,
        `Z[${z}] = ${va};`,
        `Z[${z + 1}] = ${vb};`,
        `const m${t} = Z[${z} + w${t}];`,
        `const i${t} = ${ia} + w${t} * (${ib} - ${ia});`,
      );
      value.push(`m${t}`);
      index.push(`i${t}`);
    });
    L.push(`top = -1 + ${bit(`${value[winner]} > 0`)} * (${index[winner]} + 1);`, '}', 'topDriver[r] = top;');
  }
  L.push('}', '}');
  return L.join('\n');
}

function kernelOf(plan: ScorecardPlan, drivers: boolean, detail: boolean, indexed: boolean): RowKernel {
  let variants = kernelCache.get(plan);
  if (!variants) {
    variants = new Map();
    kernelCache.set(plan, variants);
  }
  const key = (drivers ? 1 : 0) | (detail ? 2 : 0) | (indexed ? 4 : 0);
  const hit = variants.get(key);
  if (hit) return hit;
  // Parameter arrays the source refers to by name (percentile search tables).
  const names: string[] = [];
  const values: unknown[] = [];
  const bind = (value: unknown): string => {
    values.push(value);
    return names[names.push(`K${names.length}`) - 1] as string;
  };
  // Scratch slots the selections write and read, with their initial values (a fresh copy per call).
  const initial: number[] = [];
  const scratch: ScratchSlots = (values) => initial.push(...values) - values.length;
  const body = kernelSource(plan, drivers, detail, indexed, bind, scratch);
  const zInit = bind(Float64Array.from(initial));
  const factory = new Function(
    ...names,
    `"use strict";\nreturn function kernel(inputs, n, rows, out, detail) {\nconst Z = ${zInit}.slice();\n${body}\n};`,
  ) as (...args: unknown[]) => RowKernel;
  const kernel = factory(...values);
  variants.set(key, kernel);
  return kernel;
}

/**
 * Scores rows of one plan into output arrays.
 * @param plan - the plan
 * @param inputs - raw input columns in `plan.inputs` order (NaN = missing)
 * @param out - output arrays, written at the scored row positions
 * @param rows - row positions to score, or null for every row `0 .. n - 1`
 * @param n - number of rows to score (`rows.length` when given)
 * @param drivers - find each row's top driver (else `topDriver` is left as it is)
 */
export function scoreRows(
  plan: ScorecardPlan,
  inputs: readonly Float64Array[],
  out: KernelOutput,
  rows: Int32Array | null,
  n: number,
  drivers: boolean,
): void {
  kernelOf(plan, drivers, false, rows !== null)(inputs, n, rows, out, null);
}

/**
 * Runs one plan over `n` rows with the detail explanations need. Each row's arithmetic depends only on that
 * row, so a row gives the same result alone (`n = 1`) as in any batch and as {@link scoreRows}.
 * @param plan - the plan
 * @param inputs - raw input columns in `plan.inputs` order (NaN = missing), at least `n` rows each
 * @param n - number of rows
 * @returns per-row results with sub-scores and weight sums
 */
export function runPlan(plan: ScorecardPlan, inputs: readonly Float64Array[], n: number): PlanResult {
  const res: PlanResult = {
    n,
    score: new Float64Array(n),
    coverage: new Float64Array(n),
    band: new Uint8Array(n),
    override: new Int16Array(n),
    topDriver: new Int16Array(n),
    scoreBand: new Uint8Array(n),
    subs: plan.measures.map(() => new Float64Array(n)),
    groupSums: plan.groups.map(() => new Float64Array(n)),
    groupWeight: new Float64Array(n),
  };
  kernelOf(plan, true, true, false)(inputs, n, null, res, res);
  return res;
}

/**
 * Share of the score carried by a present (or filled) measure: `w × gw / (Σgw present × Σw present in group)`.
 * @param w - the measure's weight
 * @param gw - its group's weight
 * @param gwp - Σ of the weights of groups in the score
 * @param sw - Σ of the weights of measures in the score within the group
 * @returns 0-1
 */
export function shareOf(w: number, gw: number, gwp: number, sw: number): number {
  return w * (gw / (gwp * sw));
}

/**
 * Share of the score carried by measure `i` in row `r` of a detailed result (0 for a measure left out).
 * @param plan - the plan
 * @param i - measure position in plan order
 * @param res - the plan's result, computed with `detail`
 * @param r - row position
 * @returns 0-1; a row's shares sum to 1
 */
export function measureShare(plan: ScorecardPlan, i: number, res: PlanResult, r: number): number {
  const gwp = res.groupWeight[r] as number;
  if (gwp === 0) return plan.nominalShares[i] as number;
  const present = !Number.isNaN((res.subs[i] as Float64Array)[r] as number);
  if (!present && plan.policy === POLICY.reweight) return 0;
  const g = (plan.measures[i] as ScorecardPlan['measures'][number]).groupIndex;
  return shareOf(
    plan.weights[i] as number,
    plan.groupWeights[g] as number,
    gwp,
    (res.groupSums[g] as Float64Array)[r] as number,
  );
}

/**
 * Sub-score measure `i` enters row `r`'s score with: its own, the policy's fill for a missing one, or 50 when
 * nothing at all is present; NaN when it is left out (reweight).
 * @param plan - the plan
 * @param i - measure position in plan order
 * @param res - the plan's result, computed with `detail`
 * @param r - row position
 * @returns 0-100 or NaN
 */
export function effectiveSubScore(plan: ScorecardPlan, i: number, res: PlanResult, r: number): number {
  const s = (res.subs[i] as Float64Array)[r] as number;
  if (!Number.isNaN(s)) return s;
  if ((res.groupWeight[r] as number) === 0) return NO_DATA_SCORE;
  return plan.fill;
}
