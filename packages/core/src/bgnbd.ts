/**
 * @module BG/NBD ("beta-geometric / negative binomial distribution") model of repeat purchasing
 * (Fader, Hardie & Lee 2005, "Counting your customers the easy way"). Pure maths: log-likelihood,
 * maximum-likelihood fit (Nelder-Mead on log-parameters), P(alive), expected purchases of a new customer
 * and the conditional expectation for a customer with a known history. Time is in any unit, used
 * consistently (the CDNOW reference uses weeks; snapshots use days).
 */

/** Fitted BG/NBD parameters: purchase rates ~ Gamma(r, alpha), dropout probability ~ Beta(a, b). */
export interface BgNbdParams {
  /** Shape of the gamma distribution of purchase rates (> 0). */
  r: number;
  /** Scale of the gamma distribution of purchase rates, in time units (> 0). */
  alpha: number;
  /** First shape of the beta distribution of the dropout probability (> 0). */
  a: number;
  /** Second shape of the beta distribution of the dropout probability (> 0). */
  b: number;
}

/**
 * Per-customer summary over a calibration period, as parallel columns of equal length.
 * `frequency` = repeat purchases (count, integer >= 0), `recency` = time of the last purchase since the
 * first (`t_x`, 0 when frequency is 0), `T` = time since the first purchase (age), `weights` = how many
 * customers share the row (default 1).
 */
export interface BgNbdSummary {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  weights?: ArrayLike<number>;
}

/** Result of {@link fitBgNbd}: parameters plus the maximised log-likelihood and optimiser diagnostics. */
export interface BgNbdFit extends BgNbdParams {
  /** Total log-likelihood at the optimum (natural log). */
  ll: number;
  /** Nelder-Mead iterations used (over all restarts). */
  iterations: number;
  /** Whether the simplex met the tolerance before the iteration cap. */
  converged: boolean;
  /** Number of customers (sum of weights) the fit used. */
  customers: number;
}

/** Options of {@link fitBgNbd}. */
export interface BgNbdFitOptions {
  /** [initial={r:1,alpha:1,a:1,b:1}] Starting point of the search. */
  initial?: BgNbdParams;
  /** [penalizer=0] L2 penalty on the parameters (as in `lifetimes`), stabilises small samples. */
  penalizer?: number;
  /**
   * [tolerance=1e-10] Stop when the simplex's spread in mean log-likelihood falls below this (relative) and
   * its size in log-parameters below 10 × this.
   */
  tolerance?: number;
  /** [maxIterations=5000] Iteration cap per restart. */
  maxIterations?: number;
}

/** Raised when BG/NBD input or parameters are invalid; the message names the field and the expectation. */
export class BgNbdError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BgNbdError';
  }
}

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * Natural log of the gamma function for x > 0 (Lanczos, g = 7; relative error ~1e-15).
 * @param x - argument, > 0
 * @returns ln Γ(x)
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 and positive a, b, c, by its power series
 * (all terms positive, so no cancellation; convergence is geometric in z).
 * @returns the series value
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new BgNbdError(`hyp2f1: z must be in [0, 1), got ${z}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 1_000_000; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum)) return sum;
  }
  return sum;
}

function checkParams(p: BgNbdParams): void {
  for (const key of ['r', 'alpha', 'a', 'b'] as const) {
    if (!(p[key] > 0) || !Number.isFinite(p[key])) {
      throw new BgNbdError(`BG/NBD parameter ${key} must be a finite number > 0, got ${p[key]}`);
    }
  }
}

function checkSummary(s: BgNbdSummary): number {
  const n = s.frequency.length;
  if (s.recency.length !== n || s.T.length !== n || (s.weights && s.weights.length !== n)) {
    throw new BgNbdError('BG/NBD summary: frequency, recency, T (and weights) must have the same length');
  }
  for (let i = 0; i < n; i++) {
    const x = s.frequency[i] as number;
    const tx = s.recency[i] as number;
    const T = s.T[i] as number;
    if (!(x >= 0) || !Number.isInteger(x)) {
      throw new BgNbdError(`BG/NBD summary row ${i}: frequency must be an integer >= 0, got ${x}`);
    }
    if (!(tx >= 0) || !(T >= tx)) {
      throw new BgNbdError(`BG/NBD summary row ${i}: expected 0 <= recency <= T, got recency ${tx}, T ${T}`);
    }
  }
  return n;
}

/**
 * Total BG/NBD log-likelihood of a population (eq. 6 of Fader, Hardie & Lee 2005), computed in log space.
 * @param params - model parameters
 * @param summary - per-customer (frequency, recency, T[, weights]) columns
 * @returns sum over customers of weight × ln L(r, alpha, a, b | x, t_x, T)
 * @example bgNbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, summary) // ≈ -9582.4 on CDNOW
 */
export function bgNbdLogLikelihood(params: BgNbdParams, summary: BgNbdSummary): number {
  checkParams(params);
  const n = checkSummary(summary);
  return sumLogLikelihood(params, summary, n);
}

function sumLogLikelihood(p: BgNbdParams, s: BgNbdSummary, n: number): number {
  const { r, alpha, a, b } = p;
  const lgR = logGamma(r);
  const lgAB = logGamma(a + b);
  const lgB = logGamma(b);
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  // Terms that depend on x only are computed once per distinct x (x is a small integer).
  const perX = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = s.weights ? (s.weights[i] as number) : 1;
    if (w === 0) continue;
    const x = s.frequency[i] as number;
    let head = perX.get(x);
    if (head === undefined) {
      head = logGamma(r + x) - lgR + r * logAlpha + lgAB + logGamma(b + x) - lgB - logGamma(a + b + x);
      perX.set(x, head);
    }
    const a3 = -(r + x) * Math.log(alpha + (s.T[i] as number));
    if (x === 0) {
      total += w * (head + a3);
      continue;
    }
    const a4 = logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + (s.recency[i] as number));
    const hi = Math.max(a3, a4);
    total += w * (head + hi + Math.log1p(Math.exp(Math.min(a3, a4) - hi)));
  }
  return total;
}

/** Collapses identical (x, t_x, T) rows into weighted rows: the likelihood is the same, evaluated fewer times. */
function compress(s: BgNbdSummary, n: number): { summary: BgNbdSummary; customers: number } {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const w: number[] = [];
  let customers = 0;
  for (let i = 0; i < n; i++) {
    const wi = s.weights ? (s.weights[i] as number) : 1;
    customers += wi;
    const key = `${s.frequency[i]}|${s.recency[i]}|${s.T[i]}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, x.length);
      x.push(s.frequency[i] as number);
      tx.push(s.recency[i] as number);
      T.push(s.T[i] as number);
      w.push(wi);
    } else {
      w[at] = (w[at] as number) + wi;
    }
  }
  return { summary: { frequency: x, recency: tx, T, weights: w }, customers };
}

interface SimplexResult {
  point: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

/** Nelder-Mead minimisation (standard coefficients 1, 2, 0.5, 0.5). */
function nelderMead(
  f: (v: number[]) => number,
  start: number[],
  tolerance: number,
  maxIterations: number,
): SimplexResult {
  const dim = start.length;
  const simplex: number[][] = [start.slice()];
  for (let i = 0; i < dim; i++) {
    const v = start.slice();
    v[i] = (v[i] as number) + 0.5;
    simplex.push(v);
  }
  let values = simplex.map(f);
  let iterations = 0;
  const combine = (p: number[], q: number[], t: number): number[] =>
    p.map((pi, j) => pi + t * ((q[j] as number) - pi));
  while (iterations < maxIterations) {
    iterations++;
    const order = values.map((_, i) => i).sort((i, j) => (values[i] as number) - (values[j] as number));
    const s = order.map((i) => simplex[i] as number[]);
    const fv = order.map((i) => values[i] as number);
    simplex.splice(0, simplex.length, ...s);
    values = fv;
    const best = values[0] as number;
    const worst = values[dim] as number;
    const size = Math.max(
      ...simplex
        .slice(1)
        .map((v) => Math.max(...v.map((vj, j) => Math.abs(vj - ((simplex[0] as number[])[j] as number))))),
    );
    if (Math.abs(worst - best) <= tolerance * (1 + Math.abs(best)) && size < 10 * tolerance) {
      return { point: simplex[0] as number[], value: best, iterations, converged: true };
    }
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++)
      for (let j = 0; j < dim; j++)
        centroid[j] = (centroid[j] as number) + ((simplex[i] as number[])[j] as number) / dim;
    const worstPoint = simplex[dim] as number[];
    const reflected = combine(centroid, worstPoint, -1);
    const fr = f(reflected);
    if (fr < best) {
      const expanded = combine(centroid, worstPoint, -2);
      const fe = f(expanded);
      if (fe < fr) {
        simplex[dim] = expanded;
        values[dim] = fe;
      } else {
        simplex[dim] = reflected;
        values[dim] = fr;
      }
    } else if (fr < (values[dim - 1] as number)) {
      simplex[dim] = reflected;
      values[dim] = fr;
    } else {
      const outside = fr < worst;
      const contracted = outside ? combine(centroid, reflected, 0.5) : combine(centroid, worstPoint, 0.5);
      const fc = f(contracted);
      if (fc < (outside ? fr : worst)) {
        simplex[dim] = contracted;
        values[dim] = fc;
      } else {
        const b0 = simplex[0] as number[];
        for (let i = 1; i <= dim; i++) {
          simplex[i] = combine(b0, simplex[i] as number[], 0.5);
          values[i] = f(simplex[i] as number[]);
        }
      }
    }
  }
  const bestAt = values.indexOf(Math.min(...values));
  return {
    point: simplex[bestAt] as number[],
    value: values[bestAt] as number,
    iterations,
    converged: false,
  };
}

/**
 * Maximum-likelihood fit of the BG/NBD model. Minimises the negative log-likelihood over the logs of
 * (r, alpha, a, b) with Nelder-Mead, restarting from each optimum until it no longer improves.
 * Identical customer rows are collapsed first, so populations with coarse time units fit quickly.
 * @param summary - per-customer (frequency, recency, T[, weights]) columns; at least one customer
 * @param options - starting point, penalizer, tolerance
 * @returns parameters, log-likelihood (without the penalty) and diagnostics
 * @example fitBgNbd(cdnowSummary) // { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, ll: -9582.43, ... }
 */
export function fitBgNbd(summary: BgNbdSummary, options: BgNbdFitOptions = {}): BgNbdFit {
  const n = checkSummary(summary);
  if (n === 0) throw new BgNbdError('BG/NBD fit needs at least one customer, got an empty summary');
  const { summary: compact, customers } = compress(summary, n);
  const m = compact.frequency.length;
  const penalizer = options.penalizer ?? 0;
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 5000;
  const objective = (v: number[]): number => {
    const p = {
      r: Math.exp(v[0] as number),
      alpha: Math.exp(v[1] as number),
      a: Math.exp(v[2] as number),
      b: Math.exp(v[3] as number),
    };
    if (![p.r, p.alpha, p.a, p.b].every((q) => Number.isFinite(q) && q > 0)) return Number.POSITIVE_INFINITY;
    const ll = sumLogLikelihood(p, compact, m);
    const penalty = penalizer * (p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2);
    const value = -ll / customers + penalty;
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  const init = options.initial ?? { r: 1, alpha: 1, a: 1, b: 1 };
  checkParams(init);
  let start = [Math.log(init.r), Math.log(init.alpha), Math.log(init.a), Math.log(init.b)];
  let result = nelderMead(objective, start, tolerance, maxIterations);
  let iterations = result.iterations;
  for (let restart = 0; restart < 5; restart++) {
    start = result.point;
    const next = nelderMead(objective, start, tolerance, maxIterations);
    iterations += next.iterations;
    const improved = next.value < result.value - 1e-12;
    result = next.value <= result.value ? next : result;
    if (!improved) break;
  }
  const [lr, la, lA, lB] = result.point as [number, number, number, number];
  const params = { r: Math.exp(lr), alpha: Math.exp(la), a: Math.exp(lA), b: Math.exp(lB) };
  return {
    ...params,
    ll: sumLogLikelihood(params, compact, m),
    iterations,
    converged: result.converged,
    customers,
  };
}

/**
 * Probability that a customer with history (x, t_x, T) is still active (eq. 13 of the paper).
 * @param params - fitted parameters
 * @param x - repeat purchases
 * @param tx - time of the last purchase since the first
 * @param T - time since the first purchase
 * @returns probability in (0, 1]; exactly 1 when x = 0
 */
export function pAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  checkParams(params);
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logRatio = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/**
 * Expected number of repeat purchases of a newly acquired customer in (0, t] (eq. 7 of the paper).
 * @param params - fitted parameters; a must differ from 1
 * @param t - length of the period, same time unit as the fit
 * @returns E[X(t)] (purchases)
 * @example expectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 78) // ≈ 1.8576
 */
export function expectedPurchases(params: BgNbdParams, t: number): number {
  checkParams(params);
  const { r, alpha, a, b } = params;
  if (t <= 0) return 0;
  const z = t / (alpha + t);
  const bracket = 1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, z);
  return ((a + b - 1) / (a - 1)) * bracket;
}

/**
 * Expected purchases in the next t time units of a customer with history (x, t_x, T) (eq. 10 of the paper).
 * @param params - fitted parameters
 * @param t - future period length, same time unit as the fit
 * @param x - repeat purchases so far
 * @param tx - time of the last purchase since the first
 * @param T - time since the first purchase
 * @returns E[Y(t) | x, t_x, T] (purchases)
 * @example conditionalExpectedPurchases(cdnowParams, 39, 2, 30.43, 38.86) // ≈ 1.226
 */
export function conditionalExpectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  checkParams(params);
  const { r, alpha, a, b } = params;
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const hyper = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyper);
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 1;
  return numerator / denominator;
}
