/** @module placeholder until the package lands */
// API wire schemas (shared with the web app)
export {
  BandCountsSchema,
  BandSchema,
  BatchInputSchema,
  CUSTOMER_SORT_KEYS,
  ComparisonSchema,
  CustomerDetailSchema,
  CustomerInputSchema,
  CustomerListItemSchema,
  CustomerListQuerySchema,
  CustomerListResponseSchema,
  DriverSchema,
  ErrorDetailSchema,
  ErrorResponseSchema,
  HealthPairResponseSchema,
  HealthPairSchema,
  HealthResultSchema,
  HealthResultsSchema,
  HistogramSchema,
  HistoryPointSchema,
  KnownBandSchema,
  MAX_BATCH_CUSTOMERS,
  MAX_PAGE_LIMIT,
  MetricsSchema,
  ModelCardSchema,
  ModelSwapResponseSchema,
  PromoteRequestSchema,
  ReadinessSchema,
  ScorecardEnvelopeSchema,
  ScoreRequestSchema,
  ScoreResponseSchema,
  SegmentSummarySchema,
  SummarySchema,
  TransitionsSchema,
} from './api-schemas.js';
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
  Readiness,
  ScorecardEnvelope,
  ScoreRequest,
  SegmentSummary,
  Summary,
  Transitions,
} from './api-schemas.js';

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

// Predicted-health colours (thresholds on the churn probability)
export type { RiskThresholds } from './risk.js';
export { DEFAULT_RISK_THRESHOLDS, predictedBand, RiskThresholdsSchema } from './risk.js';
