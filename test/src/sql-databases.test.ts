/**
 * @module The scorecard compiled to SQL (`compileScorecardSql`) and run in real databases, an in-memory
 * DuckDB and a throwaway PostgreSQL server (`postgres-server.ts`), each with its own dialect, agrees
 * with the engine (`scoreBatch` and `scoreCustomer`) on score (|diff| < 1e-9), colour, coverage, fired
 * override, segment scorecard and top driver: a fast-check property over random scorecards (every
 * normaliser in both directions, every missing policy and coverage threshold, every override operator, segment
 * scorecards) and random data (values on thresholds, NULL and NaN as missing), plus fixed cases.
 */
import {
  BAND_CODES,
  type CustomerMetrics,
  compileScorecardSql,
  DEFAULT_SCORECARD,
  fitScorecard,
  type MetricColumns,
  parseScorecard,
  type Scorecard,
  type ScorecardInput,
  type ScorecardStats,
  type SqlDialect,
  scoreBatch,
  scoreCustomer,
} from '@chi/core';
import { METRICS, NAMES, SEGMENTS, scorecardArb } from '@chi/core/testing';
import { closeStore, openStore, queryRows, type Store } from '@chi/data';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from './postgres-server.js';

/** A row to score: segment and one value per metric; `null` is written as SQL NULL, NaN as a stored NaN. */
interface Row {
  segment: string | null;
  values: Record<string, number | null>;
}

/** What the two engines disagreed on, and the largest differences seen. */
interface Comparison {
  mismatches: string[];
  maxScoreDiff: number;
  maxCoverageDiff: number;
  /** Per row: band, scorecard used, fired override reason (from the engine). */
  seen: { band: string; scorecard: string; override: string | null }[];
}

const missing = (v: number | null | undefined): boolean => v === null || v === undefined || Number.isNaN(v);

/** A database the compiled SQL runs in. */
interface SqlDatabase {
  dialect: SqlDialect;
  /** Replaces table `t` (customer_id, segment, one double per metric) with the rows, values exactly. */
  load(metrics: readonly string[], rows: readonly Row[]): Promise<void>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** An in-memory DuckDB, rows loaded with the appender. */
async function openDuckDb(): Promise<SqlDatabase> {
  const store: Store = await openStore(':memory:', { threads: 1 });
  return {
    dialect: 'duckdb',
    async load(metrics, rows) {
      const cols = metrics.map((m) => `"${m}" DOUBLE`).join(', ');
      await store.connection.run(`CREATE OR REPLACE TABLE t (customer_id VARCHAR, segment VARCHAR, ${cols})`);
      const appender = await store.connection.createAppender('t');
      rows.forEach((r, i) => {
        appender.appendVarchar(`c${i}`);
        if (r.segment === null) appender.appendNull();
        else appender.appendVarchar(r.segment);
        for (const m of metrics) {
          const v = r.values[m];
          if (v === null || v === undefined) appender.appendNull();
          else appender.appendDouble(v);
        }
        appender.endRow();
      });
      appender.flushSync();
      appender.closeSync();
    },
    query: (sql) => queryRows(store, sql),
    close: async () => closeStore(store),
  };
}

/**
 * A throwaway PostgreSQL server, rows inserted as query parameters: numbers travel as their shortest
 * round-trip text, which \`float8in\` reads back exactly, with -0 and NaN spelled out.
 */
async function openPostgres(): Promise<SqlDatabase> {
  const server = await startPostgres();
  const { client } = server;
  return {
    dialect: 'postgres',
    async load(metrics, rows) {
      const cols = metrics.map((m) => `"${m}" double precision`).join(', ');
      await client.query(`DROP TABLE IF EXISTS t; CREATE TABLE t (customer_id text, segment text, ${cols})`);
      const width = 2 + metrics.length;
      for (let start = 0; start < rows.length; start += 500) {
        const chunk = rows.slice(start, start + 500);
        const params: (string | null)[] = [];
        const tuples = chunk.map((r, k) => {
          params.push(`c${start + k}`, r.segment);
          for (const m of metrics) {
            const v = r.values[m];
            params.push(v === null || v === undefined ? null : Object.is(v, -0) ? '-0' : String(v));
          }
          return `(${Array.from({ length: width }, (_, j) => `$${k * width + j + 1}`).join(', ')})`;
        });
        await client.query(`INSERT INTO t VALUES ${tuples.join(', ')}`, params);
      }
    },
    query: async (sql) => (await client.query(sql)).rows,
    close: () => server.stop(),
  };
}

/** Scores rows with the compiled SQL in the database, with `scoreBatch` and with `scoreCustomer`, and compares. */
async function compareEngines(
  db: SqlDatabase,
  card: Scorecard,
  stats: ScorecardStats,
  metrics: readonly string[],
  rows: readonly Row[],
): Promise<Comparison> {
  await db.load(metrics, rows);
  const sql = compileScorecardSql(card, stats, { dialect: db.dialect, table: 't', idColumn: 'customer_id' });
  const sqlRows = new Map((await db.query(sql)).map((r) => [String(r.customer_id), r]));
  const columns: MetricColumns = {
    length: rows.length,
    customer_id: rows.map((_, i) => `c${i}`),
    segment: rows.map((r) => r.segment),
    measures: Object.fromEntries(
      metrics.map((m) => [m, Float64Array.from(rows, (r) => r.values[m] ?? Number.NaN)]),
    ),
  };
  const batch = scoreBatch(columns, card, stats);
  const out: Comparison = { mismatches: [], maxScoreDiff: 0, maxCoverageDiff: 0, seen: [] };
  if (sqlRows.size !== rows.length)
    out.mismatches.push(`SQL returned ${sqlRows.size} of ${rows.length} rows`);
  rows.forEach((r, i) => {
    const id = `c${i}`;
    const single = scoreCustomer(
      {
        customer_id: id,
        segment: r.segment,
        metrics: Object.fromEntries(metrics.map((m) => [m, missing(r.values[m]) ? null : r.values[m]])),
      },
      card,
      stats,
    );
    const s = sqlRows.get(id);
    if (!s) return;
    const engine = {
      score: batch.score[i] as number,
      band: BAND_CODES[batch.band[i] as number],
      coverage: batch.coverage[i] as number,
      scorecard: batch.scorecards[batch.scorecard[i] as number],
      override: single.fired_override?.reason ?? null,
      top_driver: batch.topDriverOf(i),
    };
    const fromSql = {
      score: Number(s.score),
      band: String(s.band),
      coverage: Number(s.coverage),
      scorecard: String(s.scorecard),
      override: s.override == null ? null : String(s.override),
      top_driver: s.top_driver == null ? null : String(s.top_driver),
    };
    const scoreDiff = Math.abs(engine.score - fromSql.score);
    const coverageDiff = Math.abs(engine.coverage - fromSql.coverage);
    out.maxScoreDiff = Math.max(out.maxScoreDiff, Number.isNaN(scoreDiff) ? Infinity : scoreDiff);
    out.maxCoverageDiff = Math.max(out.maxCoverageDiff, Number.isNaN(coverageDiff) ? Infinity : coverageDiff);
    out.seen.push({
      band: engine.band as string,
      scorecard: engine.scorecard as string,
      override: engine.override,
    });
    const same =
      scoreDiff < 1e-9 &&
      // a zero score has the engine's sign (no -0 from SQL)
      (engine.score !== 0 || Object.is(engine.score, fromSql.score)) &&
      coverageDiff < 1e-12 &&
      engine.band === fromSql.band &&
      engine.scorecard === fromSql.scorecard &&
      engine.override === fromSql.override &&
      engine.top_driver === fromSql.top_driver &&
      // the single-record path is the batch path (checked exactly in packages/core); here only as a guard
      Object.is(single.score, engine.score) &&
      single.band === engine.band;
    if (!same) {
      out.mismatches.push(
        `${id} ${JSON.stringify(r)}: engine ${JSON.stringify(engine)} vs SQL ${JSON.stringify(fromSql)}`,
      );
    }
  });
  return out;
}

// Random scorecards: the shared generators of `@chi/core/testing`; the data generators below add NULL beside
// NaN as missing.

const valueArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: fc.integer({ min: -10, max: 120 }) },
  { weight: 4, arbitrary: fc.double({ min: -20, max: 150, noNaN: true }) },
);

/** Rows per random case: 200 cases × 25 rows = 5,000 random customers. */
const ROWS = 25;
const RUNS = 200;

const rowsArb = fc.array(
  fc.record({
    segment: fc.constantFrom(null, ...SEGMENTS),
    values: fc.array(valueArb, { minLength: NAMES.length, maxLength: NAMES.length }),
  }),
  { minLength: ROWS, maxLength: ROWS },
);

const populationArb = fc.array(
  fc.record({
    segment: fc.constantFrom(null, ...SEGMENTS),
    values: fc.array(
      fc.oneof(fc.integer({ min: -10, max: 120 }), fc.double({ min: -20, max: 150, noNaN: true })),
      {
        minLength: METRICS.length,
        maxLength: METRICS.length,
      },
    ),
  }),
  { minLength: 1, maxLength: 60 },
);

/** Feature labels a scorecard exercises (normaliser kind and direction, policy, override operators). */
function features(card: Scorecard): string[] {
  const bodies = [card, ...Object.values(card.scorecards)];
  const out: string[] = [];
  for (const b of bodies) {
    for (const m of b.measures) {
      const n = m.normalize;
      if (n.kind === 'linear') out.push(`linear ${n.good > n.bad ? 'higher' : 'lower'}`);
      else if (n.kind === 'zscore') out.push(`zscore${n.log ? ' log' : ''} ${m.direction}`);
      else out.push(`${n.kind} ${m.direction}`);
    }
    if (b.missing) out.push(`policy ${b.missing.policy}`);
    for (const o of b.overrides ?? []) {
      for (const c of Array.isArray(o.when) ? o.when : [o.when]) {
        out.push(
          `op ${(['gte', 'lte', 'gt', 'lt', 'eq', 'missing'] as const).find((k) => c[k] !== undefined)}`,
        );
      }
    }
  }
  return out;
}

const DATABASES: [string, () => Promise<SqlDatabase>][] = [
  ['DuckDB', openDuckDb],
  ['PostgreSQL', openPostgres],
];

describe.each(DATABASES)('compiled scorecard SQL in %s equals the engine', (_name, open) => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await open();
  }, 60_000);
  afterAll(() => db.close());

  /** Compares the engines (no mismatch allowed) and returns the SQL rows in input order. */
  async function agreed(
    card: Scorecard,
    stats: ScorecardStats,
    metrics: readonly string[],
    rows: readonly Row[],
  ): Promise<Record<string, unknown>[]> {
    const result = await compareEngines(db, card, stats, metrics, rows);
    expect(result.mismatches).toEqual([]);
    const sql = compileScorecardSql(card, stats, {
      dialect: db.dialect,
      table: 't',
      idColumn: 'customer_id',
    });
    const byId = new Map((await db.query(sql)).map((r) => [String(r.customer_id), r]));
    return rows.map((_, i) => byId.get(`c${i}`) as Record<string, unknown>);
  }
  const oneMeasure = (
    normalize: ScorecardInput['measures'][number]['normalize'],
    direction?: 'higher' | 'lower',
  ) =>
    parseScorecard({
      name: 'one',
      version: 1,
      bands: { green: 70, yellow: 40 },
      groups: [{ id: 'g', weight: 1 }],
      measures: [{ id: 'x', group: 'g', weight: 1, normalize, ...(direction ? { direction } : {}) }],
      missing: { policy: 'reweight', minCoverage: 0.5 },
    });
  const xs = (values: (number | null)[]): Row[] => values.map((x) => ({ segment: null, values: { x } }));
  const EDGE_VALUES = [-1e308, -50, -1, -0, 0, 0.5, 1, 2, 2.5, 3, 4, 5, 10, 11, 100, 1e308, Number.NaN, null];

  it('scores linear (both directions), steps and boolean at and around their edges as documented', async () => {
    const cases: [
      ScorecardInput['measures'][number]['normalize'],
      'higher' | 'lower' | undefined,
      [number, number][],
    ][] = [
      [
        { kind: 'linear', bad: 0, good: 10 },
        undefined,
        [
          [-50, 0],
          [0, 0],
          [2.5, 25],
          [10, 100],
          [11, 100],
        ],
      ],
      [
        { kind: 'linear', good: 1, bad: 3 },
        undefined,
        [
          [0, 100],
          [1, 100],
          [2, 50],
          [2.5, 25],
          [3, 0],
          [4, 0],
        ],
      ],
      [
        {
          kind: 'steps',
          steps: [
            [0, 100],
            [2, 70],
            [5, 30],
            [null, 0],
          ],
        },
        'lower',
        [
          [-1, 100],
          [0, 100],
          [0.5, 70],
          [2, 70],
          [2.5, 30],
          [5, 30],
          [10, 0],
        ],
      ],
      [
        { kind: 'boolean' },
        'higher',
        [
          [0, 0],
          [-0, 0],
          [1, 100],
          [-1, 100],
          [0.5, 100],
        ],
      ],
      [
        { kind: 'boolean' },
        'lower',
        [
          [0, 100],
          [1, 0],
          [-50, 0],
        ],
      ],
    ];
    for (const [normalize, direction, expected] of cases) {
      const card = oneMeasure(normalize, direction);
      const stats = fitScorecard({ length: 0, measures: {} }, card);
      const sql = await agreed(card, stats, ['x'], xs([...expected.map(([x]) => x), ...EDGE_VALUES]));
      expected.forEach(([x, score], i) => {
        expect({ x, score: sql[i]?.score }).toEqual({ x, score });
      });
      // missing (a stored NaN, or NULL) leaves no weight: coverage 0, unknown
      expect(sql.slice(-2).map((r) => [r.coverage, r.band])).toEqual([
        [0, 'unknown'],
        [0, 'unknown'],
      ]);
    }
  });

  it('scores percentile and zscore (plain and log, both directions) from the fitted statistics', async () => {
    const population: MetricColumns = {
      length: 9,
      measures: { x: Float64Array.of(0, 0, 1, 2, 3, 5, 8, 13, 200) },
    };
    for (const normalize of [
      { kind: 'percentile' as const },
      { kind: 'zscore' as const },
      { kind: 'zscore' as const, log: true },
    ]) {
      for (const direction of ['higher', 'lower'] as const) {
        const card = oneMeasure(normalize, direction);
        const stats = fitScorecard(population, card, { minRows: 1 });
        await agreed(card, stats, ['x'], xs([...EDGE_VALUES, 6, 7.5, 13, 199, 1e6]));
        if (normalize.kind === 'zscore') {
          // at the fitted mean Φ(0) = 0.5 either way
          const mean = stats.default.x?.mean as number;
          const t = normalize.log ? Math.expm1(mean) : mean;
          const [atMean] = await agreed(card, stats, ['x'], xs([t]));
          expect(Math.abs(Number(atMean?.score) - 50)).toBeLessThan(1e-9);
        }
      }
    }
    // a population without spread scores 50
    const flat = oneMeasure({ kind: 'zscore' });
    const flatStats = fitScorecard({ length: 3, measures: { x: Float64Array.of(4, 4, 4) } }, flat, {
      minRows: 1,
    });
    expect((await agreed(flat, flatStats, ['x'], xs([0, 4, 1e6]))).map((r) => r.score)).toEqual([50, 50, 50]);
  });

  it('applies reweight, neutral and zero to missing values; coverage below minCoverage is unknown', async () => {
    const rows: Row[] = [
      { segment: null, values: { m1: 80, m2: null, m3: 60 } },
      { segment: null, values: { m1: null, m2: 90, m3: null } },
      { segment: null, values: { m1: null, m2: Number.NaN, m3: null } },
      { segment: null, values: { m1: null, m2: null, m3: 40 } },
      { segment: null, values: { m1: Number.NaN, m2: 100, m3: 100 } },
    ];
    // shares: m1 3/4 × 1/2 = 0.375, m2 0.125, m3 0.5; minCoverage 0.5 (inclusive)
    const expected = {
      reweight: [
        [70, 'green'],
        [90, 'unknown'],
        [50, 'unknown'],
        [40, 'yellow'],
        [100, 'green'],
      ],
      neutral: [
        [66.25, 'yellow'],
        [55, 'unknown'],
        [50, 'unknown'],
        [45, 'yellow'],
        [81.25, 'green'],
      ],
      zero: [
        [60, 'yellow'],
        [11.25, 'unknown'],
        [0, 'unknown'],
        [20, 'red'],
        [62.5, 'yellow'],
      ],
    } as const;
    for (const policy of ['reweight', 'neutral', 'zero'] as const) {
      const card = parseScorecard({
        name: policy,
        version: 1,
        bands: { green: 70, yellow: 40 },
        groups: [
          { id: 'g1', weight: 1 },
          { id: 'g2', weight: 1 },
        ],
        measures: [
          { id: 'm1', group: 'g1', weight: 3, normalize: { kind: 'linear', bad: 0, good: 100 } },
          { id: 'm2', group: 'g1', weight: 1, normalize: { kind: 'linear', bad: 0, good: 100 } },
          { id: 'm3', group: 'g2', weight: 1, normalize: { kind: 'linear', bad: 0, good: 100 } },
        ],
        missing: { policy, minCoverage: 0.5 },
      });
      const stats = fitScorecard({ length: 0, measures: {} }, card);
      const sql = await agreed(card, stats, ['m1', 'm2', 'm3'], rows);
      expect(sql.map((r) => [Math.round(Number(r.score) * 1e9) / 1e9, r.band])).toEqual(expected[policy]);
      expect(sql.map((r) => r.coverage)).toEqual([0.875, 0.125, 0, 0.5, 0.625]);
    }
  });

  it('fires every override operator at its boundary, first match wins, and beats unknown', async () => {
    const values = [4, 5, 6, null, Number.NaN];
    const fires = {
      gte: [5, 6],
      gt: [6],
      lte: [4, 5],
      lt: [4],
      eq: [5],
      missing: [null, Number.NaN],
    } as const;
    for (const [op, firing] of Object.entries(fires)) {
      const card = parseScorecard({
        name: op,
        version: 1,
        bands: { green: 70, yellow: 40 },
        groups: [{ id: 'g', weight: 1 }],
        measures: [{ id: 'x', group: 'g', weight: 1, normalize: { kind: 'linear', bad: 0, good: 10 } }],
        overrides: [
          {
            when: { measure: 'flag', ...(op === 'missing' ? { missing: true } : { [op]: 5 }) },
            band: 'green',
            reason: op,
          },
        ],
      });
      const stats = fitScorecard({ length: 0, measures: {} }, card);
      const rows = values.map((flag) => ({ segment: null, values: { x: 1, flag } }));
      const sql = await agreed(card, stats, ['x', 'flag'], rows);
      expect(sql.map((r) => r.override)).toEqual(
        values.map((v) => ((firing as readonly (number | null)[]).some((f) => Object.is(f, v)) ? op : null)),
      );
      expect(sql.map((r) => r.band)).toEqual(sql.map((r) => (r.override ? 'green' : 'red')));
    }
    const card = parseScorecard({
      name: 'order',
      version: 1,
      bands: { green: 70, yellow: 40 },
      groups: [{ id: 'g', weight: 1 }],
      measures: [{ id: 'x', group: 'g', weight: 1, normalize: { kind: 'linear', bad: 0, good: 10 } }],
      overrides: [
        {
          when: [
            { measure: 'x', lt: 5 },
            { measure: 'flag', missing: true },
          ],
          band: 'green',
          reason: 'both',
        },
        { when: { measure: 'x', lt: 5 }, band: 'yellow', reason: 'x only' },
        { when: { measure: 'x', missing: true }, band: 'red', reason: 'no x' },
      ],
    });
    const stats = fitScorecard({ length: 0, measures: {} }, card);
    const rows: Row[] = [
      { segment: null, values: { x: 1, flag: null } },
      { segment: null, values: { x: 1, flag: 1 } },
      { segment: null, values: { x: 9, flag: null } },
      { segment: null, values: { x: null, flag: null } },
    ];
    const sql = await agreed(card, stats, ['x', 'flag'], rows);
    expect(sql.map((r) => [r.override, r.band])).toEqual([
      ['both', 'green'],
      ['x only', 'yellow'],
      [null, 'green'],
      ['no x', 'red'],
    ]);
  });

  it('routes segments to the first matching segment scorecard, inheriting bands and overrides', async () => {
    const linear = { kind: 'linear' as const, bad: 0, good: 100 };
    const card = parseScorecard({
      name: 'routed',
      version: 2,
      bands: { green: 70, yellow: 40 },
      groups: [{ id: 'g', weight: 1 }],
      measures: [{ id: 'x', group: 'g', weight: 1, normalize: linear }],
      overrides: [{ when: { measure: 'flag', gte: 1 }, band: 'red', reason: 'parent flag' }],
      scorecards: {
        ent: {
          groups: [{ id: 'v', weight: 1 }],
          measures: [{ id: 'y', group: 'v', weight: 1, normalize: { kind: 'percentile' } }],
          bands: { green: 90, yellow: 10 },
        },
        smb: {
          groups: [{ id: 'g', weight: 1 }],
          measures: [
            { id: 'x', group: 'g', weight: 1, direction: 'lower', normalize: { kind: 'zscore', log: true } },
          ],
          overrides: [{ when: { measure: 'flag', gte: 1 }, band: 'yellow', reason: "smb's flag" }],
        },
      },
      segments: [
        { match: { segment: ['enterprise', "o'brien"] }, scorecard: 'ent' },
        { match: { segment: 'smb' }, scorecard: 'smb' },
        { match: { segment: 'enterprise' }, scorecard: 'smb' },
      ],
    });
    const population: CustomerMetrics[] = [1, 5, 20, 50, 100, 400].map((v, i) => ({
      customer_id: `p${i}`,
      segment: i % 2 ? 'enterprise' : 'smb',
      metrics: { x: v, y: v * 3 },
    }));
    const stats = fitScorecard(population, card, { minRows: 2 });
    const segments = ['enterprise', "o'brien", 'smb', 'other', null, 'Enterprise'];
    const rows: Row[] = segments.flatMap((segment) =>
      [0, 1].map((flag) => ({ segment, values: { x: 60, y: 45, flag } })),
    );
    const sql = await agreed(card, stats, ['x', 'y', 'flag'], rows);
    expect(sql.map((r) => r.scorecard)).toEqual(
      ['ent', 'ent', 'smb', 'default', 'default', 'default'].flatMap((s) => [s, s]),
    );
    expect(sql.map((r) => r.override)).toEqual(
      ['parent flag', 'parent flag', "smb's flag", 'parent flag', 'parent flag', 'parent flag'].flatMap(
        (o) => [null, o],
      ),
    );
  });

  it('agrees on the default scorecard over snapshot-like rows', async () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const metrics = [...new Set(DEFAULT_SCORECARD.measures.map((m) => m.id))];
    const ranges: Record<string, [number, number, boolean]> = {
      nps_last: [0, 10, true],
      csat_avg: [1, 5, false],
      recency_ratio: [0, 5, false],
      p_alive: [0, 1, false],
      tickets_count: [0, 14, true],
      channels_count: [0, 5, true],
      revenue: [0, 3000, false],
      tenure_days: [0, 1500, true],
      orders_count: [0, 20, true],
    };
    const rows: Row[] = Array.from({ length: 2000 }, () => ({
      segment: null,
      values: Object.fromEntries(
        metrics.map((m) => {
          const [lo, hi, integer] = ranges[m] ?? [0, 100, false];
          const v = lo + rand() * (hi - lo);
          return [m, rand() < 0.15 ? null : integer ? Math.round(v) : v];
        }),
      ),
    }));
    const columns: MetricColumns = {
      length: rows.length,
      measures: Object.fromEntries(
        metrics.map((m) => [m, Float64Array.from(rows, (r) => r.values[m] ?? Number.NaN)]),
      ),
    };
    const stats = fitScorecard(columns, DEFAULT_SCORECARD);
    const sql = await agreed(DEFAULT_SCORECARD, stats, metrics, rows);
    expect(new Set(sql.map((r) => r.band))).toEqual(new Set(['green', 'yellow', 'red', 'unknown']));
  });

  it('agrees on 5,000 random customers over random scorecards (every normaliser, policy, operator, segments)', async () => {
    let customers = 0;
    let maxScoreDiff = 0;
    let maxCoverageDiff = 0;
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        scorecardArb,
        rowsArb,
        populationArb,
        fc.integer({ min: 1, max: 40 }),
        async (card, raw, pop, minRows) => {
          const population: CustomerMetrics[] = pop.map((p, i) => ({
            customer_id: `p${i}`,
            segment: p.segment,
            metrics: Object.fromEntries(METRICS.map((m, k) => [m, p.values[k]])),
          }));
          const stats = fitScorecard(population, card, { minRows });
          const rows: Row[] = raw.map((r) => ({
            segment: r.segment,
            values: Object.fromEntries(NAMES.map((m, k) => [m, r.values[k] ?? null])),
          }));
          const result = await compareEngines(db, card, stats, NAMES, rows);
          expect(result.mismatches).toEqual([]);
          customers += rows.length;
          maxScoreDiff = Math.max(maxScoreDiff, result.maxScoreDiff);
          maxCoverageDiff = Math.max(maxCoverageDiff, result.maxCoverageDiff);
          for (const f of features(card)) seen.add(f);
          for (const s of result.seen) {
            seen.add(`band ${s.band}`);
            if (s.scorecard !== 'default') seen.add('routed to a segment scorecard');
            if (s.override !== null)
              seen.add(`override fired (${s.scorecard === 'default' ? 'default' : 'segment'})`);
          }
        },
      ),
      { numRuns: RUNS, seed: 20_240_601 },
    );
    expect(customers).toBe(RUNS * ROWS);
    expect(maxScoreDiff).toBeLessThan(1e-9);
    expect(maxCoverageDiff).toBeLessThan(1e-12);
    console.info(
      `SQL vs engine on ${customers} random customers: max |score diff| ${maxScoreDiff}, max |coverage diff| ${maxCoverageDiff}`,
    );
    // the generators really exercised every feature the test title claims
    const expected = [
      'linear higher',
      'linear lower',
      'steps higher',
      'percentile higher',
      'percentile lower',
      'zscore higher',
      'zscore lower',
      'zscore log higher',
      'zscore log lower',
      'boolean higher',
      'boolean lower',
      'policy reweight',
      'policy neutral',
      'policy zero',
      ...['gte', 'lte', 'gt', 'lt', 'eq', 'missing'].map((op) => `op ${op}`),
      ...['green', 'yellow', 'red', 'unknown'].map((b) => `band ${b}`),
      'routed to a segment scorecard',
      'override fired (default)',
      'override fired (segment)',
    ];
    expect(expected.filter((f) => !seen.has(f))).toEqual([]);
  }, 240_000);
});
