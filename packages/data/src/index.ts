/** @module @chi/data: DuckDB store, validated ingest, metric snapshots and labels, synthetic generator. */
// public API

export type { CadenceSummary } from './cadence.js';
export { cadenceSummaryFromStore, readCadenceSummary } from './cadence.js';
export type { CdnowResult } from './cdnow.js';
export { ingestCdnow } from './cdnow.js';
export { formatIsoDay, parseDays, parseIsoDay, snapshotDates } from './dates.js';
export type { IngestProblem } from './errors.js';
export { formatProblem, GenerateError, IngestError, SnapshotError, StoreError } from './errors.js';
export type { GenerateOptions, GenerateResult } from './generate.js';
export { generateSynthetic, HEALTH_MODEL, SEGMENTS } from './generate.js';
export type { IngestOptions, IngestResult, TouchpointFormat } from './ingest.js';
export { detectFormat, ingestFile, ingestFiles, tableForFile } from './ingest.js';
export type { ProgressEvent, ProgressListener } from './progress.js';
export type { ColumnSpec, SnapshotMetric, TouchpointTable } from './schema.js';
export {
  EVENT_TABLES,
  SNAPSHOT_COLUMNS,
  SNAPSHOT_METRICS,
  TABLE_COLUMNS,
  TOUCHPOINT_TABLES,
} from './schema.js';
export type { ScoreEngine, ScoreSnapshotOptions, SnapshotScores } from './score-snapshot.js';
export { scoreSnapshot } from './score-snapshot.js';
export type { ReadSnapshotsOptions, SnapshotOptions, SnapshotRow, SnapshotSummary } from './snapshot.js';
export {
  buildSnapshots,
  dataEndDate,
  listSnapshotDates,
  readSnapshots,
  writeSnapshotFile,
} from './snapshot.js';
export type { SnapshotColumns } from './snapshot-columns.js';
export { loadSnapshotColumns, snapshotRelation } from './snapshot-columns.js';
export type { OpenStoreOptions, Store } from './store.js';
export { closeStore, openStore, queryRows } from './store.js';
