/** @module @chi/api: the Hono HTTP API for current and predicted health. */
// public API
export { createModelRepository } from './adapters/model-registry.js';
export { createPredictor } from './adapters/predictor.js';
export { createScorecardRepository, ScorecardFileError } from './adapters/scorecard-file.js';
export { createScorer } from './adapters/scorer.js';
export { createStoreSource, rowsToColumns } from './adapters/snapshot-source.js';
export { createApp } from './app.js';
export { KeyRing } from './auth.js';
export type { ApiConfig } from './config.js';
export { ConfigError, configFromEnv, DEFAULT_CONFIG } from './config.js';
export type { ApiApp, ApiDeps, ApiEnv } from './context.js';
export { ApiError } from './errors.js';
export { AtomicRef } from './holder.js';
export { RequestMetrics } from './metrics.js';
export { Portfolio } from './portfolio.js';
export type {
  Band,
  ColumnScores,
  CurrentScorer,
  Predictor,
  SnapshotColumns,
  SnapshotRow,
  SnapshotSource,
} from './ports.js';
export type { HealthState, ModelRepository, RuntimeOptions, ScorecardRepository } from './runtime.js';
export { buildPortfolio, Runtime } from './runtime.js';
export type { RunningServer, ServerOptions } from './server.js';
export { startServer } from './server.js';
