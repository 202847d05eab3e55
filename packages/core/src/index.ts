/** @module Public API of @chi/core: the scorecard engine and the shared API schemas. */
// Scorecard engine

export type {
  BandCounts,
  Comparison,
  CustomerDetail,
  CustomerInput,
  CustomerListItem,
  CustomerListQuery,
  CustomerListResponse,
  ErrorDetail,
  ErrorResponse,
  HealthPair,
  HealthResultWire,
  Histogram,
  HistoryPoint,
  ModelCard,
  PortfolioMetrics,
  Readiness,
  ScorecardEnvelope,
  ScoreQuery,
  ScoreRequest,
  SegmentSummary,
  Summary,
  Transitions,
} from './api-schemas.js';
// API wire schemas (shared with the web app)
export {
  BandCountsSchema,
  BandSchema,
  BatchInputSchema,
  ComparisonSchema,
  CUSTOMER_SORT_KEYS,
  CustomerDetailSchema,
  CustomerInputSchema,
  CustomerListItemSchema,
  CustomerListQuerySchema,
  CustomerListResponseSchema,
  DriverSchema,
  ErrorDetailSchema,
  ErrorResponseSchema,
  GroupExplanationSchema,
  HealthPairResponseSchema,
  HealthPairSchema,
  HealthResultSchema,
  HealthResultsSchema,
  HistogramSchema,
  HistoryPointSchema,
  KnownBandSchema,
  MAX_BATCH_CUSTOMERS,
  MAX_PAGE_LIMIT,
  MeasureExplanationSchema,
  MetricsSchema,
  ModelCardSchema,
  ModelSwapResponseSchema,
  PortfolioMetricsSchema,
  PromoteRequestSchema,
  ReadinessSchema,
  ScorecardEnvelopeSchema,
  ScoreQuerySchema,
  ScoreRequestSchema,
  ScoreResponseSchema,
  SegmentSummarySchema,
  SummarySchema,
  TransitionsSchema,
  worstDriver,
} from './api-schemas.js';
export type { Band } from './bands.js';
export { BAND_CODES, BAND_RANK, BandCode, bandOf, EDGE_TOLERANCE } from './bands.js';
// BG/NBD expected purchase cadence
export type { BgNbdFit, BgNbdFitOptions, BgNbdParams, BgNbdSummary } from './bgnbd.js';
export {
  BgNbdError,
  bgNbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  hyp2f1,
  logGamma,
  pAlive,
} from './bgnbd.js';
export { DEFAULT_SCORECARD, DEFAULT_SCORECARD_DOCUMENT } from './default-scorecard.js';
export type { FitOptions, MeasureStats, ScorecardStats } from './fit.js';
export {
  fitMeasure,
  fitScorecard,
  MeasureStatsSchema,
  needsStats,
  parseScorecardStats,
  QUANTILE_STEPS,
  ScorecardStatsSchema,
} from './fit.js';
export type {
  CurrentHealth,
  CurrentSummary,
  Driver,
  FiredOverride,
  GroupExplanation,
  HealthResult,
  MeasureExplanation,
} from './health.js';
export type { CustomerMetrics, MetricColumns } from './metrics.js';
export { normalCdf } from './normal-cdf.js';
export type { CompiledNormalizer } from './normalize.js';
export { percentilePoints, subScore } from './normalize.js';
export type { CompiledScorecard, ScorecardPlan } from './plan.js';
export { compileScorecard } from './plan.js';
export { createRandom } from './random.js';
// Predicted-health colours (thresholds on the churn probability)
export type { RiskThresholds } from './risk.js';
export { DEFAULT_RISK_THRESHOLDS, predictedBand, RiskThresholdsSchema } from './risk.js';
export type { BatchOptions, BatchScores } from './score-batch.js';
export { scoreBatch } from './score-batch.js';
export { scoreCustomer, scoreCustomers } from './score-customer.js';
export type { ScorecardIssue } from './scorecard-error.js';
export { ScorecardError } from './scorecard-error.js';
export type {
  Bands,
  Condition,
  Group,
  Measure,
  MissingPolicy,
  Normalizer,
  Override,
  Scorecard,
  ScorecardInput,
  SegmentRule,
  SubScorecard,
} from './scorecard-schema.js';
export { parseScorecard, ScorecardSchema } from './scorecard-schema.js';
export type { SqlDialect, SqlOptions } from './sql.js';
export { compileScorecardSql, SQL_RESULT_COLUMNS } from './sql.js';
export type { CompareOptions, HealthTrend } from './trend.js';
export { compareHealth, TrendError } from './trend.js';
