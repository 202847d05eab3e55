/**
 * @module Table layout of the store: the touchpoint tables of the data contract (known columns typed,
 * extra columns kept in `attributes` JSON), the `snapshots` table and the `ingested_files` log.
 */

/** Kind of a touchpoint column, driving its validation rule. */
export type ColumnKind = 'id' | 'date' | 'timestamp' | 'amount' | 'text' | 'survey_kind' | 'survey_score';

/** One known column of a touchpoint table. */
export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** Whether a value is required in every row (and the column in the file). */
  required: boolean;
  /** DuckDB type of the stored column. */
  sqlType: string;
}

/** Names of the touchpoint tables. */
export type TouchpointTable = 'customers' | 'orders' | 'tickets' | 'surveys' | 'interactions';

/** Every touchpoint table in ingest order (customers first: the others reference them). */
export const TOUCHPOINT_TABLES: readonly TouchpointTable[] = [
  'customers',
  'orders',
  'tickets',
  'surveys',
  'interactions',
];

/** Event tables: every row has a `customer_id` and a timestamp `ts`. */
export const EVENT_TABLES: readonly Exclude<TouchpointTable, 'customers'>[] = [
  'orders',
  'tickets',
  'surveys',
  'interactions',
];

const id: ColumnSpec = { name: 'customer_id', kind: 'id', required: true, sqlType: 'VARCHAR' };
const ts: ColumnSpec = { name: 'ts', kind: 'timestamp', required: true, sqlType: 'TIMESTAMP' };
const channel: ColumnSpec = { name: 'channel', kind: 'text', required: false, sqlType: 'VARCHAR' };

/** Known columns of each touchpoint table, in stored order. */
export const TABLE_COLUMNS: Readonly<Record<TouchpointTable, readonly ColumnSpec[]>> = {
  customers: [
    id,
    { name: 'signup_date', kind: 'date', required: false, sqlType: 'DATE' },
    { name: 'segment', kind: 'text', required: false, sqlType: 'VARCHAR' },
    { name: 'churn_date', kind: 'date', required: false, sqlType: 'DATE' },
  ],
  orders: [id, ts, { name: 'amount', kind: 'amount', required: true, sqlType: 'DOUBLE' }, channel],
  tickets: [id, ts, channel, { name: 'severity', kind: 'text', required: false, sqlType: 'VARCHAR' }],
  surveys: [
    id,
    ts,
    { name: 'kind', kind: 'survey_kind', required: true, sqlType: 'VARCHAR' },
    { name: 'score', kind: 'survey_score', required: true, sqlType: 'DOUBLE' },
  ],
  interactions: [id, ts, channel],
};

/** Columns of the `snapshots` table (and of snapshot files), in order. */
export const SNAPSHOT_COLUMNS = [
  'customer_id',
  'as_of',
  'segment',
  'tenure_days',
  'nps_last',
  'csat_avg',
  'orders_count',
  'revenue',
  'revenue_trend',
  'avg_order_value',
  'days_since_last_order',
  'expected_interval_days',
  'recency_ratio',
  'p_alive',
  'expected_orders_next',
  'tickets_count',
  'interactions_count',
  'channels_count',
  'churned',
  'window_days',
  'horizon_days',
] as const;

/** Numeric metric columns of a snapshot (the inputs of scorecards and models). */
export const SNAPSHOT_METRICS = [
  'tenure_days',
  'nps_last',
  'csat_avg',
  'orders_count',
  'revenue',
  'revenue_trend',
  'avg_order_value',
  'days_since_last_order',
  'expected_interval_days',
  'recency_ratio',
  'p_alive',
  'expected_orders_next',
  'tickets_count',
  'interactions_count',
  'channels_count',
] as const;

/** Name of one snapshot metric column. */
export type SnapshotMetric = (typeof SNAPSHOT_METRICS)[number];

function tableSql(table: TouchpointTable): string {
  const cols = TABLE_COLUMNS[table].map((c) => `${c.name} ${c.sqlType}${c.required ? ' NOT NULL' : ''}`);
  return `CREATE TABLE IF NOT EXISTS ${table} (${[...cols, 'attributes JSON'].join(', ')});`;
}

/** DDL creating every table of the store (idempotent). */
export const SCHEMA_SQL = [
  ...TOUCHPOINT_TABLES.map(tableSql),
  `CREATE TABLE IF NOT EXISTS snapshots (
    customer_id VARCHAR NOT NULL, as_of DATE NOT NULL, segment VARCHAR, tenure_days INTEGER,
    nps_last DOUBLE, csat_avg DOUBLE, orders_count INTEGER, revenue DOUBLE, revenue_trend DOUBLE,
    avg_order_value DOUBLE, days_since_last_order INTEGER, expected_interval_days DOUBLE, recency_ratio DOUBLE,
    p_alive DOUBLE, expected_orders_next DOUBLE, tickets_count INTEGER, interactions_count INTEGER,
    channels_count INTEGER, churned INTEGER, window_days INTEGER NOT NULL, horizon_days INTEGER NOT NULL);`,
  `CREATE TABLE IF NOT EXISTS ingested_files (
    file VARCHAR NOT NULL, table_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, rows_read BIGINT NOT NULL,
    rows_added BIGINT NOT NULL, ingested_at TIMESTAMP NOT NULL);`,
].join('\n');
