/**
 * @module Seeded simulator of an omnichannel retailer, written as touchpoint CSV files (customers, orders,
 * tickets, surveys, interactions). Each customer carries a latent health that drifts week by week
 * (mean-reverting to their own level, with occasional service shocks); health drives the purchase rate,
 * order value, NPS and CSAT answers, the ticket rate, how many channels they use and the weekly churn
 * hazard. Churned customers stop buying; business customers often record an explicit cancellation date.
 * Output streams to disk (bounded memory) into temp files renamed at the end; same options, same bytes.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { formatIsoDay, parseIsoDay } from './dates.js';
import { GenerateError } from './errors.js';
import type { ProgressListener } from './progress.js';
import { Random } from './random.js';

/** Options of {@link generateSynthetic}. */
export interface GenerateOptions {
  /** Number of customers (>= 1). */
  customers: number;
  /** [seed=42] Seed; the same seed gives identical files. */
  seed?: number;
  /** [start='2024-01-01'] First simulated day. */
  start?: string;
  /** [end='2025-12-31'] Last simulated day. */
  end?: string;
  /** Output directory (created if missing). */
  outDir: string;
  /** Progress listener (customers done). */
  onProgress?: ProgressListener;
}

/** What {@link generateSynthetic} wrote. */
export interface GenerateResult {
  outDir: string;
  /** Rows written per table. */
  rows: Record<'customers' | 'orders' | 'tickets' | 'surveys' | 'interactions', number>;
  /** Customers who churned during the simulated period. */
  churnedCustomers: number;
  seconds: number;
}

/** Parameters of one customer segment. */
interface SegmentSpec {
  name: string;
  share: number;
  /** Mean purchases per day at neutral health. */
  rate: number;
  /** Log-normal order value: log-mean and log-sd. */
  amountMu: number;
  amountSigma: number;
  /** Order channels and their weights. */
  channels: readonly string[];
  channelWeights: readonly number[];
  /** Multiplier of the churn hazard. */
  hazard: number;
  /** Probability a churned customer has an explicit churn_date. */
  explicitChurn: number;
}

/** The generative model's segments (exported for documentation and tests). */
export const SEGMENTS: readonly SegmentSpec[] = [
  {
    name: 'retail',
    share: 0.7,
    rate: 1 / 45,
    amountMu: Math.log(55),
    amountSigma: 0.6,
    channels: ['web', 'app', 'store', 'phone'],
    channelWeights: [4, 3, 2.5, 0.5],
    hazard: 1.2,
    explicitChurn: 0,
  },
  {
    name: 'smb',
    share: 0.22,
    rate: 1 / 20,
    amountMu: Math.log(420),
    amountSigma: 0.5,
    channels: ['web', 'phone', 'app', 'store'],
    channelWeights: [5, 3, 1.5, 0.5],
    hazard: 0.8,
    explicitChurn: 0.6,
  },
  {
    name: 'enterprise',
    share: 0.08,
    rate: 1 / 9,
    amountMu: Math.log(2600),
    amountSigma: 0.45,
    channels: ['web', 'phone', 'edi', 'app'],
    channelWeights: [3, 2, 4, 0.5],
    hazard: 0.5,
    explicitChurn: 0.8,
  },
];

/** Latent-health dynamics and response curves (documented in the README). */
export const HEALTH_MODEL = {
  /** Weekly pull of health toward the customer's own level. */
  reversion: 0.08,
  /** Weekly noise of health (standard deviation, logit scale). */
  volatility: 0.3,
  /** Weekly probability of a service shock, and its size (logit scale). */
  shockRate: 0.006,
  shockSize: 1.5,
  /** Customer levels ~ Normal(levelMean, levelSd) on the logit scale. */
  levelMean: 0.7,
  levelSd: 1.0,
  /** Weekly churn hazard = baseHazard × segment hazard × exp(hazardSlope × (0.5 − s)), s = health in (0, 1). */
  baseHazard: 0.0035,
  hazardSlope: 4,
  /** NPS survey probability per week; CSAT survey probability per ticket. */
  npsPerWeek: 1 / 26,
  csatPerTicket: 0.5,
} as const;

const INTERACTION_CHANNELS = ['web', 'app', 'email', 'chat', 'store'] as const;
const TICKET_CHANNELS = ['phone', 'email', 'chat'] as const;

/** Buffered synchronous writer of one CSV file into a temp path, renamed on close. */
class CsvSink {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  rows = 0;

  constructor(
    readonly path: string,
    header: string,
  ) {
    this.fd = openSync(`${path}.tmp`, 'w');
    this.line(header);
    this.rows = 0;
  }

  line(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    this.rows++;
    if (this.size > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(`${this.path}.tmp`, this.path);
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(`${this.path}.tmp`, { force: true });
  }
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const CLOCK = Array.from({ length: 1440 }, (_, m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:00`);

/** A random timestamp between 08:00 and 22:00 on one of `span` days starting at day index `first`. */
function stamp(rng: Random, dayText: readonly string[], first: number, span: number): string {
  return `${dayText[first + rng.int(span)]} ${CLOCK[480 + rng.int(840)]}`;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * Generates a synthetic customer base and its touchpoints as CSV files in `outDir`.
 * @param options - size, seed, period, output directory, progress
 * @returns rows written per table and timing
 * @throws GenerateError for invalid options
 * @example generateSynthetic({ customers: 100_000, seed: 7, outDir: '.chi/raw' })
 */
export function generateSynthetic(options: GenerateOptions): GenerateResult {
  const started = performance.now();
  const n = options.customers;
  if (!(Number.isInteger(n) && n >= 1))
    throw new GenerateError(`customers: expected an integer >= 1, got ${n}`);
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) throw new GenerateError(`seed: expected an integer, got ${seed}`);
  const start = parseGenerateDay(options.start ?? '2024-01-01', 'start');
  const end = parseGenerateDay(options.end ?? '2025-12-31', 'end');
  if (end - start < 28)
    throw new GenerateError(
      `end must be at least 28 days after start (got ${formatIsoDay(start)} to ${formatIsoDay(end)})`,
    );
  mkdirSync(options.outDir, { recursive: true });
  const historyStart = start - 3 * 365;
  const dayText: string[] = [];
  for (let d = historyStart; d <= end + 7; d++) dayText.push(formatIsoDay(d));
  const day = (d: number): string => dayText[d - historyStart] as string;

  const sinks = {
    customers: new CsvSink(
      join(options.outDir, 'customers.csv'),
      'customer_id,signup_date,segment,churn_date,region',
    ),
    orders: new CsvSink(join(options.outDir, 'orders.csv'), 'customer_id,ts,amount,channel'),
    tickets: new CsvSink(join(options.outDir, 'tickets.csv'), 'customer_id,ts,channel,severity'),
    surveys: new CsvSink(join(options.outDir, 'surveys.csv'), 'customer_id,ts,kind,score'),
    interactions: new CsvSink(join(options.outDir, 'interactions.csv'), 'customer_id,ts,channel'),
  };
  const all = Object.values(sinks);
  const segmentShares = SEGMENTS.map((s) => s.share);
  const regions = ['north', 'south', 'east', 'west'];
  const idWidth = Math.max(6, String(n).length);
  const H = HEALTH_MODEL;
  let churnedCustomers = 0;
  try {
    for (let i = 0; i < n; i++) {
      const rng = new Random(seed, i);
      const id = `C${String(i + 1).padStart(idWidth, '0')}`;
      const seg = SEGMENTS[rng.weighted(segmentShares)] as SegmentSpec;
      const signup =
        rng.next() < 0.45 ? start - 30 - rng.int(3 * 365 - 30) : start + rng.int(end - start - 14);
      const rateMult = rng.gamma(2, 0.5);
      const level = H.levelMean + H.levelSd * rng.normal();
      let h = level + 0.6 * rng.normal();
      const primary = rng.weighted(seg.channelWeights);
      const interactRate = 0.012 * rng.gamma(2, 0.5);
      let churnDay = -1;
      const from = Math.max(signup, start);
      for (let w = from; w <= end; w += 7) {
        h += H.reversion * (level - h) + H.volatility * rng.normal();
        if (rng.next() < H.shockRate) h -= H.shockSize * (0.5 + rng.next());
        const s = 1 / (1 + Math.exp(-h));
        const days = Math.min(7, end - w + 1);
        const frac = days / 7;
        const hazard = H.baseHazard * seg.hazard * Math.exp(H.hazardSlope * (0.5 - s)) * frac;
        const churnsNow = rng.next() < hazard;
        const activeDays = churnsNow ? 1 + rng.int(days) : days;
        const orders = rng.poisson(activeDays * seg.rate * rateMult * (0.2 + 1.6 * s));
        for (let k = 0; k < orders; k++) {
          const amount = Math.exp(seg.amountMu + 0.4 * (s - 0.5) + seg.amountSigma * rng.normal());
          const channel =
            rng.next() < 0.35 + 0.55 * s
              ? seg.channels[rng.weighted(seg.channelWeights)]
              : seg.channels[primary];
          sinks.orders.line(
            `${id},${stamp(rng, dayText, w - historyStart, activeDays)},${amount.toFixed(2)},${channel}`,
          );
        }
        const interactions = rng.poisson(activeDays * interactRate * (0.3 + 1.4 * s));
        for (let k = 0; k < interactions; k++) {
          sinks.interactions.line(
            `${id},${stamp(rng, dayText, w - historyStart, activeDays)},${INTERACTION_CHANNELS[rng.int(INTERACTION_CHANNELS.length)]}`,
          );
        }
        const tickets = rng.poisson(frac * (0.005 + 0.12 * (1 - s) ** 2));
        for (let k = 0; k < tickets; k++) {
          const severity = rng.next() < 0.08 + 0.4 * (1 - s) ? 'high' : rng.next() < 0.4 ? 'medium' : 'low';
          const ticketDay = w + rng.int(activeDays);
          sinks.tickets.line(
            `${id},${day(ticketDay)} ${CLOCK[480 + rng.int(840)]},${TICKET_CHANNELS[rng.int(3)]},${severity}`,
          );
          if (rng.next() < H.csatPerTicket && ticketDay + 2 <= end) {
            const csat = clamp(Math.round(1 + 4 * s + 0.9 * rng.normal()), 1, 5);
            sinks.surveys.line(`${id},${day(ticketDay + 2)} ${CLOCK[480 + rng.int(840)]},csat,${csat}`);
          }
        }
        if (rng.next() < H.npsPerWeek * frac) {
          const nps = clamp(Math.round(10 * s + 1.8 * rng.normal()), 0, 10);
          sinks.surveys.line(`${id},${stamp(rng, dayText, w - historyStart, activeDays)},nps,${nps}`);
        }
        if (churnsNow) {
          churnDay = w + activeDays - 1;
          break;
        }
      }
      if (churnDay >= 0) churnedCustomers++;
      const explicit = churnDay >= 0 && rng.next() < seg.explicitChurn ? day(churnDay) : '';
      sinks.customers.line(`${id},${day(signup)},${seg.name},${explicit},${regions[rng.int(4)]}`);
      if (options.onProgress && ((i + 1) % 10_000 === 0 || i + 1 === n)) {
        options.onProgress({ task: 'generate', done: i + 1, total: n, unit: 'customers' });
      }
    }
    for (const sink of all) sink.close();
  } catch (error) {
    for (const sink of all) sink.abort();
    throw error;
  }
  return {
    outDir: options.outDir,
    rows: {
      customers: sinks.customers.rows,
      orders: sinks.orders.rows,
      tickets: sinks.tickets.rows,
      surveys: sinks.surveys.rows,
      interactions: sinks.interactions.rows,
    },
    churnedCustomers,
    seconds: (performance.now() - started) / 1000,
  };
}

function parseGenerateDay(value: string, field: string): number {
  try {
    return parseIsoDay(value, field);
  } catch (error) {
    throw new GenerateError((error as Error).message, { cause: error });
  }
}
