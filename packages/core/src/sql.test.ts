/** @module Golden-text tests of compileScorecardSql for DuckDB and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORECARD } from './default-scorecard.js';
import { fitScorecard } from './fit.js';
import type { MetricColumns } from './metrics.js';
import { parseScorecard } from './scorecard-schema.js';
import { compileScorecardSql } from './sql.js';

/** A scorecard using every feature: each normaliser kind, each missing policy, overrides, segments. */
const card = parseScorecard({
  name: "golden's",
  version: 4,
  bands: { green: 70, yellow: 40 },
  groups: [
    { id: 'satisfaction', weight: 35 },
    { id: 'engagement', weight: 40 },
    { id: 'value', weight: 25 },
  ],
  measures: [
    { id: 'nps_last', group: 'satisfaction', weight: 60, normalize: { kind: 'linear', bad: 0, good: 10 } },
    { id: 'recency_ratio', group: 'engagement', weight: 50, normalize: { kind: 'linear', good: 1, bad: 3 } },
    {
      id: 'tickets_count',
      group: 'engagement',
      weight: 20,
      normalize: {
        kind: 'steps',
        steps: [
          [0, 100],
          [2, 70],
          [5, 30],
          [null, 0],
        ],
      },
    },
    { id: 'has_app', group: 'engagement', weight: 10, normalize: { kind: 'boolean' } },
    { id: 'revenue', group: 'value', weight: 100, normalize: { kind: 'percentile' } },
  ],
  missing: { policy: 'reweight', minCoverage: 0.6 },
  overrides: [
    { when: { measure: 'tickets_count', gte: 10 }, band: 'red', reason: 'support escalation' },
    {
      when: [
        { measure: 'nps_last', missing: true },
        { measure: 'open_disputes', gt: 0 },
      ],
      band: 'red',
      reason: "customer's dispute",
    },
  ],
  scorecards: {
    enterprise: {
      groups: [{ id: 'value', weight: 1 }],
      measures: [
        { id: 'revenue', group: 'value', weight: 2, normalize: { kind: 'zscore', log: true } },
        { id: 'tenure_days', group: 'value', weight: 1, direction: 'lower', normalize: { kind: 'zscore' } },
      ],
      missing: { policy: 'neutral', minCoverage: 0.5 },
    },
  },
  segments: [{ match: { segment: ['enterprise', 'strategic'] }, scorecard: 'enterprise' }],
});

/** A small deterministic reference population: revenue takes four values so the quantile table is short. */
const population: MetricColumns = {
  length: 8,
  segment: ['smb', 'smb', 'smb', 'smb', 'enterprise', 'enterprise', 'strategic', null],
  measures: {
    revenue: Float64Array.of(0, 0, 0, 100, 1000, 5000, 20000, 100),
    tenure_days: Float64Array.of(10, 20, 30, 40, 400, 800, 1600, 50),
  },
};
const stats = fitScorecard(population, card, { minRows: 2 });

describe('compileScorecardSql', () => {
  it('writes the DuckDB query of every feature (golden text)', async () => {
    const sql = compileScorecardSql(card, stats, {
      dialect: 'duckdb',
      table: 'snapshots',
      idColumn: 'customer_id',
    });
    await expect(sql).toMatchFileSnapshot('./__golden__/features.duckdb.sql');
  });

  it('writes the PostgreSQL query of every feature (golden text)', async () => {
    const sql = compileScorecardSql(card, stats, {
      dialect: 'postgres',
      table: 'analytics.snapshots',
      idColumn: 'Customer ID',
      segmentColumn: 'tier',
    });
    await expect(sql).toMatchFileSnapshot('./__golden__/features.postgres.sql');
  });

  it('writes the default scorecard query (golden text)', async () => {
    const columns: MetricColumns = {
      length: 5,
      measures: { revenue: Float64Array.of(0, 50, 120, 900, 4000) },
    };
    const sql = compileScorecardSql(DEFAULT_SCORECARD, fitScorecard(columns, DEFAULT_SCORECARD), {
      dialect: 'duckdb',
      table: "read_parquet('snapshots.parquet')",
      idColumn: 'customer_id',
    });
    await expect(sql).toMatchFileSnapshot('./__golden__/default.duckdb.sql');
  });

  it('differs between dialects only in type names and the materialised stages of PostgreSQL', () => {
    const options = { table: 'snapshots', idColumn: 'customer_id' };
    const duck = compileScorecardSql(card, stats, { ...options, dialect: 'duckdb' });
    const pg = compileScorecardSql(card, stats, { ...options, dialect: 'postgres' });
    expect(
      pg
        .replaceAll('double precision', 'DOUBLE')
        .replaceAll('text', 'VARCHAR')
        .replaceAll(' AS MATERIALIZED (', ' AS (')
        .replace('(postgres)', '(duckdb)'),
    ).toBe(duck);
  });

  it('types every numeric constant as a double so no dialect does integer or decimal arithmetic', () => {
    const sql = compileScorecardSql(card, stats, { dialect: 'postgres', table: 't', idColumn: 'id' });
    const body = sql
      .replace(/^--.*$/m, '')
      .replace(/'(?:[^']|'')*'/g, "''")
      .replace(/"(?:[^"]|"")*"/g, '""');
    const bare = body.match(/(?<![\w:'.])\d+(?:\.\d+)?(?:e[+-]?\d+)?(?!\s*::|['\w])/g) ?? [];
    // only plan numbers (0, 1) compared with the integer routing column remain untyped
    expect(new Set(bare)).toEqual(new Set(['0', '1']));
  });

  it('routes segments with CASE and scores each segment scorecard in its own branch', () => {
    const sql = compileScorecardSql(card, stats, { dialect: 'duckdb', table: 't', idColumn: 'id' });
    expect(sql).toContain(`CASE WHEN "segment" IN ('enterprise', 'strategic') THEN 1 ELSE 0 END AS ":plan"`);
    expect(sql.match(/UNION ALL/g)).toHaveLength(1);
    expect(sql).toContain(`'enterprise' AS "scorecard"`);
  });

  it('escapes quotes in names and reasons', () => {
    const sql = compileScorecardSql(card, stats, { dialect: 'duckdb', table: 't', idColumn: 'id' });
    expect(sql).toContain(`THEN 'customer''s dispute'`);
    expect(sql.split('\n')[0]).toBe(`-- CHI scorecard "golden's" v4 (duckdb)`);
  });

  it('rejects an unknown dialect and statistics of another version', () => {
    expect(() =>
      compileScorecardSql(card, stats, { dialect: 'sqlite' as 'duckdb', table: 't', idColumn: 'id' }),
    ).toThrow('dialect: must be duckdb or postgres, got sqlite');
    expect(() =>
      compileScorecardSql({ ...card, version: 5 }, stats, { dialect: 'duckdb', table: 't', idColumn: 'id' }),
    ).toThrow(/statistics were fitted for scorecard "golden's" v4/);
  });
});
