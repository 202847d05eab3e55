/**
 * @module Wire schemas of the CHI HTTP API (zod), shared by the API, which validates requests and publishes
 * its OpenAPI document from them, and the web explorer, which types its client with them. Each schema
 * carries an OpenAPI component id through `.meta({ id })`.
 */
import { z } from 'zod';

/** Largest number of customers accepted in one batch request. */
export const MAX_BATCH_CUSTOMERS = 10_000;

/** Largest page size of `GET /v1/customers`. */
export const MAX_PAGE_LIMIT = 1_000;

/** Traffic-light colour; `unknown` (grey) when too few measures are present to score honestly. */
export const BandSchema = z.enum(['green', 'yellow', 'red', 'unknown']).meta({
  id: 'Band',
  description: 'Traffic light: green, yellow, red, or unknown (grey) when coverage is too low.',
});

/** A colour that a customer can actually be assigned by both modes (no `unknown`). */
export const KnownBandSchema = z.enum(['green', 'yellow', 'red']).meta({ id: 'KnownBand' });

/** One problem in a request: where (JSON path such as `customers[3].metrics.nps_last`) and what is wrong. */
export const ErrorDetailSchema = z
  .object({
    path: z.string().meta({ description: 'JSON path of the offending value, `""` for the whole input.' }),
    problem: z.string().meta({ description: 'What was expected.' }),
  })
  .meta({ id: 'ErrorDetail' });

/** The one error shape of every non-2xx answer. */
export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. `validation_failed`.' }),
      message: z.string(),
      details: z.array(ErrorDetailSchema),
    }),
  })
  .meta({ id: 'ErrorResponse' });

/** Metric values of one customer, keyed by snapshot metric name; `null` = missing. */
export const MetricsSchema = z.record(z.string().min(1).max(200), z.number().finite().nullable()).meta({
  id: 'Metrics',
  description: 'Snapshot metrics by name (e.g. `nps_last`, `recency_ratio`); null = missing.',
  example: { nps_last: 9, recency_ratio: 1.4, tickets_count: 1, revenue: 1250 },
});

/** One customer to score: id, optional segment, metrics. */
export const CustomerInputSchema = z
  .object({
    customer_id: z.string().min(1).max(200),
    segment: z.string().max(200).nullable().optional(),
    metrics: MetricsSchema,
  })
  .meta({ id: 'CustomerInput' });

/** A batch of customers to score in one request. */
export const BatchInputSchema = z
  .object({ customers: z.array(CustomerInputSchema).min(1).max(MAX_BATCH_CUSTOMERS) })
  .meta({ id: 'BatchInput' });

/** Body of `POST /v1/score`, `/v1/predict` and `/v1/health`: one customer or a batch. */
export const ScoreRequestSchema = z
  .union([BatchInputSchema, CustomerInputSchema])
  .meta({ id: 'ScoreRequest', description: 'One customer, or `{ "customers": [...] }` (up to 10,000).' });

/** Query of the scoring routes: how much explanation to return. */
export const ScoreQuerySchema = z
  .object({
    detail: z.enum(['drivers', 'full']).optional().meta({
      description:
        'Current mode: `full` adds every measure and group; default `full` for one customer, `drivers` for a batch.',
    }),
  })
  .meta({ id: 'ScoreQuery' });

/** One explanation term: the feature, its value, and the points it adds (+) or costs (-) on the 0-100 scale. */
export const DriverSchema = z
  .object({
    feature: z.string(),
    value: z.number().nullable(),
    category: z
      .string()
      .optional()
      .meta({ description: 'Value of a categorical model input (e.g. segment).' }),
    effect: z.number().meta({ description: 'Score points gained (+) or lost (-), 0-100 scale.' }),
  })
  .meta({ id: 'Driver' });

/** How one scorecard measure shaped a customer's current score. */
export const MeasureExplanationSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    unit: z.string().optional(),
    group: z.string(),
    value: z.number().nullable(),
    missing: z.boolean(),
    subScore: z.number().nullable().meta({ description: 'Sub-score 0-100, null when left out.' }),
    weightShare: z.number().meta({ description: 'Share of the score this measure carries (0-1).' }),
    points: z.number().meta({ description: 'Points contributed: weightShare × subScore.' }),
    pointsLost: z.number().meta({ description: 'Points lost against a perfect sub-score.' }),
  })
  .meta({ id: 'MeasureExplanation' });

/** Score of one scorecard group. */
export const GroupExplanationSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    score: z.number().nullable(),
    weightShare: z.number(),
    points: z.number(),
  })
  .meta({ id: 'GroupExplanation' });

/** Health of one customer in one mode (DESIGN.md's health-result shape). */
export const HealthResultSchema = z
  .object({
    customer_id: z.string(),
    mode: z.enum(['current', 'predicted']),
    score: z.number().meta({ description: '0-100.' }),
    band: BandSchema,
    coverage: z.number().optional().meta({ description: 'Share (0-1) of measure weight with a value.' }),
    churn_probability: z.number().optional().meta({ description: 'Calibrated churn probability (0-1).' }),
    drivers: z.array(DriverSchema),
    model_version: z.string().optional(),
    scorecard_version: z.number().int().optional(),
    override: z
      .string()
      .optional()
      .meta({ description: 'Reason of a scorecard override that set the band.' }),
    scorecard: z.string().optional().meta({ description: 'Current mode: name of the scorecard document.' }),
    segment_scorecard: z
      .string()
      .optional()
      .meta({ description: 'Current mode: `default` or the segment scorecard that scored the customer.' }),
    score_band: BandSchema.optional().meta({ description: 'Current mode: colour from the score alone.' }),
    fired_override: z
      .object({ index: z.number().int(), band: KnownBandSchema, reason: z.string() })
      .nullable()
      .optional(),
    measures: z
      .array(MeasureExplanationSchema)
      .optional()
      .meta({ description: 'Current mode, full detail: every measure with its sub-score and points.' }),
    groups: z.array(GroupExplanationSchema).optional(),
  })
  .meta({ id: 'HealthResult' });

/** A batch answer: one result per input customer, in input order. */
export const HealthResultsSchema = z
  .object({ results: z.array(HealthResultSchema) })
  .meta({ id: 'HealthResults' });

/** Answer of `POST /v1/score` and `POST /v1/predict`. */
export const ScoreResponseSchema = z
  .union([HealthResultsSchema, HealthResultSchema])
  .meta({ id: 'ScoreResponse' });

/** How the predicted health compares with the current one (`compareHealth`). */
export const ComparisonSchema = z
  .object({
    delta: z.number().meta({ description: 'predicted score − current score, points.' }),
    direction: z.enum(['up', 'down', 'flat']).meta({ description: 'flat when |delta| <= 1 point.' }),
    from: BandSchema,
    to: BandSchema,
    transition: z
      .enum(['better', 'worse', 'same', 'unknown'])
      .meta({ description: 'Along red < yellow < green; unknown when either colour is unknown.' }),
    changed: z.boolean(),
  })
  .meta({ id: 'Comparison' });

/** Both modes side by side for one customer. */
export const HealthPairSchema = z
  .object({
    customer_id: z.string(),
    current: HealthResultSchema,
    predicted: HealthResultSchema,
    comparison: ComparisonSchema,
  })
  .meta({ id: 'HealthPair' });

/** Answer of `POST /v1/health`: one pair, or `{ results: [...] }` for a batch. */
export const HealthPairResponseSchema = z
  .union([z.object({ results: z.array(HealthPairSchema) }), HealthPairSchema])
  .meta({ id: 'HealthPairResponse' });

/** Sort keys of `GET /v1/customers`; a leading `-` sorts descending. */
export const CUSTOMER_SORT_KEYS = [
  'customer_id',
  'score',
  'predicted_score',
  'churn_probability',
  'delta',
] as const;

const SORT_VALUES = CUSTOMER_SORT_KEYS.flatMap((k) => [k, `-${k}`]) as [string, ...string[]];

/** Query of `GET /v1/customers`. */
export const CustomerListQuerySchema = z
  .object({
    band: BandSchema.optional().meta({ description: 'Current colour.' }),
    predicted_band: BandSchema.optional(),
    segment: z.string().min(1).max(200).optional(),
    q: z.string().min(1).max(200).optional().meta({ description: 'Customer id prefix.' }),
    sort: z
      .enum(SORT_VALUES)
      .default('customer_id')
      .meta({ description: `One of ${CUSTOMER_SORT_KEYS.join(', ')}; prefix \`-\` for descending.` }),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(50),
    cursor: z
      .string()
      .max(500)
      .optional()
      .meta({ description: 'Opaque `next_cursor` of the previous page.' }),
  })
  .meta({ id: 'CustomerListQuery' });

/** One row of the portfolio list. */
export const CustomerListItemSchema = z
  .object({
    customer_id: z.string(),
    segment: z.string().nullable(),
    current: z.object({
      score: z.number().nullable(),
      band: BandSchema,
      coverage: z.number().nullable(),
      top_driver: DriverSchema.nullable().meta({
        description:
          'The measure costing the most points (the first of `drivers`), null when none loses any.',
      }),
    }),
    predicted: z
      .object({
        score: z.number().nullable(),
        band: BandSchema,
        churn_probability: z.number().nullable(),
        top_driver: DriverSchema.nullable().meta({
          description: 'The model input costing the most points, null when none lowers the score.',
        }),
      })
      .nullable()
      .meta({ description: 'Null when no model is loaded.' }),
  })
  .meta({ id: 'CustomerListItem' });

/**
 * The driver costing the most points (most negative effect), null when none lowers the score.
 * @param drivers - a health result's drivers
 * @returns one of them, or null
 */
export function worstDriver<D extends { effect: number }>(drivers: readonly D[]): D | null {
  let worst: D | null = null;
  for (const d of drivers) if (d.effect < 0 && (worst === null || d.effect < worst.effect)) worst = d;
  return worst;
}

/** Answer of `GET /v1/customers`. */
export const CustomerListResponseSchema = z
  .object({
    as_of: z.string().nullable().meta({ description: 'Snapshot date (YYYY-MM-DD) of the portfolio.' }),
    total: z.number().int().meta({ description: 'Customers matching the filters, all pages.' }),
    items: z.array(CustomerListItemSchema),
    offset: z.number().int().meta({
      description: 'Matching customers before this page (0 on the first page; page = offset / limit + 1).',
    }),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: 'Cursor of the next page, null on the last one.' }),
    prev_cursor: z.string().nullable().meta({
      description:
        'Cursor of the previous page; null when the previous page is the first one (no cursor) or there is none (offset 0).',
    }),
  })
  .meta({ id: 'CustomerListResponse' });

/** One point of a customer's score history: both modes at one snapshot date. */
export const HistoryPointSchema = z
  .object({
    as_of: z.string(),
    current: z.object({ score: z.number().nullable(), band: BandSchema }),
    predicted: z
      .object({ score: z.number().nullable(), band: BandSchema, churn_probability: z.number().nullable() })
      .nullable(),
    churned: z
      .number()
      .nullable()
      .meta({ description: 'Observed label (1/0) when the horizon is observed.' }),
  })
  .meta({ id: 'HistoryPoint' });

/** Answer of `GET /v1/customers/{id}`. */
export const CustomerDetailSchema = z
  .object({
    customer_id: z.string(),
    segment: z.string().nullable(),
    as_of: z.string(),
    current: HealthResultSchema,
    predicted: HealthResultSchema.nullable(),
    comparison: ComparisonSchema.nullable(),
    metrics: z.record(z.string(), z.number().nullable()),
    history: z.array(HistoryPointSchema),
  })
  .meta({ id: 'CustomerDetail' });

/** Answer of `GET /v1/portfolio/metrics`: the latest snapshot's metrics, column-wise (for in-browser what-if). */
export const PortfolioMetricsSchema = z
  .object({
    as_of: z.string().nullable(),
    customer_id: z.array(z.string()),
    segment: z.array(z.string().nullable()),
    metrics: z.record(z.string(), z.array(z.number().nullable())).meta({
      description: 'Metric name -> one value per customer (same order as customer_id); null = missing.',
    }),
  })
  .meta({ id: 'PortfolioMetrics' });

/** Customers per colour. */
export const BandCountsSchema = z
  .object({
    green: z.number().int(),
    yellow: z.number().int(),
    red: z.number().int(),
    unknown: z.number().int(),
  })
  .meta({ id: 'BandCounts' });

/** Score histogram: `counts[i]` customers with a score in `[edges[i], edges[i+1])` (last bin closed). */
export const HistogramSchema = z
  .object({ edges: z.array(z.number()), counts: z.array(z.number().int()) })
  .meta({ id: 'Histogram' });

/**
 * Current → predicted colour transitions. `matrix[i][j]` counts customers whose current band is
 * `bands[i]` and predicted band is `bands[j]`. Customers with an `unknown` current band (coverage too low)
 * are counted apart in `unknown_current[j]` by predicted band; customers without a prediction in
 * `unknown_predicted`.
 */
export const TransitionsSchema = z
  .object({
    bands: z.array(KnownBandSchema),
    matrix: z.array(z.array(z.number().int())),
    unknown_current: z.array(z.number().int()),
    unknown_predicted: z.number().int(),
  })
  .meta({ id: 'Transitions' });

/** Per-segment breakdown of the portfolio. */
export const SegmentSummarySchema = z
  .object({
    segment: z.string().nullable(),
    customers: z.number().int(),
    current: BandCountsSchema,
    predicted: BandCountsSchema,
    mean_score: z.number().nullable(),
    mean_predicted_score: z.number().nullable(),
  })
  .meta({ id: 'SegmentSummary' });

/** Answer of `GET /v1/summary`. */
export const SummarySchema = z
  .object({
    as_of: z.string().nullable(),
    customers: z.number().int(),
    scorecard_version: z.number().int(),
    model_version: z.string().nullable(),
    counts: z.object({ current: BandCountsSchema, predicted: BandCountsSchema }),
    transitions: TransitionsSchema,
    histograms: z.object({ current: HistogramSchema, predicted: HistogramSchema }),
    segments: z.array(SegmentSummarySchema),
  })
  .meta({ id: 'Summary' });

/** One point of a stored ROC curve: the rates when rows with p at or above `threshold` are flagged. */
export const ModelCardRocPointSchema = z
  .object({
    fpr: z.number(),
    tpr: z.number(),
    threshold: z.number().nullable().optional().meta({ description: 'null at the (0, 0) start' }),
  })
  .meta({ id: 'ModelCardRocPoint' });

/** Model card of the champion model (`card.json` of the model registry; extra fields kept). */
export const ModelCardSchema = z
  .looseObject({
    version: z.string(),
    created: z.string().optional(),
    backend: z.string().optional(),
    features: z.array(z.string()).optional(),
    metrics: z.record(z.string(), z.unknown()).optional(),
    roc: z.record(z.string(), z.array(ModelCardRocPointSchema)).optional().meta({
      description:
        'Test-split ROC curves (at most 200 points each), keyed like `metrics`; absent in older cards.',
    }),
  })
  .meta({ id: 'ModelCard' });

/** Answer of `GET /v1/scorecard`: the active scorecard document and when its stats were fitted. */
export const ScorecardEnvelopeSchema = z
  .object({
    version: z.number().int(),
    scorecard: z.record(z.string(), z.unknown()).meta({ description: 'The scorecard document (DESIGN.md).' }),
    stats_as_of: z
      .string()
      .nullable()
      .meta({ description: 'Snapshot date the population stats were fitted on.' }),
  })
  .meta({ id: 'ScorecardEnvelope' });

/** Body of `POST /v1/model/promote`. */
export const PromoteRequestSchema = z
  .object({ version: z.string().min(1).max(200) })
  .meta({ id: 'PromoteRequest' });

/** Answer of model promote / reload. */
export const ModelSwapResponseSchema = z
  .object({ model_version: z.string(), previous_version: z.string().nullable() })
  .meta({ id: 'ModelSwapResponse' });

/** Answer of `GET /readyz`. */
export const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'loading']),
    store: z.boolean(),
    model: z.boolean(),
    scorecard: z.boolean(),
  })
  .meta({ id: 'Readiness' });

/** Error body. */
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
/** One problem of an error body. */
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;
/** One customer input. */
export type CustomerInput = z.infer<typeof CustomerInputSchema>;
/** Body of the scoring routes. */
export type ScoreRequest = z.infer<typeof ScoreRequestSchema>;
/** Health of one customer in one mode. */
export type HealthResultWire = z.infer<typeof HealthResultSchema>;
/** Both modes side by side. */
export type HealthPair = z.infer<typeof HealthPairSchema>;
/** Colour/score comparison. */
export type Comparison = z.infer<typeof ComparisonSchema>;
/** Query of the portfolio list (after defaults). */
export type CustomerListQuery = z.infer<typeof CustomerListQuerySchema>;
/** Portfolio row. */
export type CustomerListItem = z.infer<typeof CustomerListItemSchema>;
/** Portfolio page. */
export type CustomerListResponse = z.infer<typeof CustomerListResponseSchema>;
/** One customer in detail. */
export type CustomerDetail = z.infer<typeof CustomerDetailSchema>;
/** One history point. */
export type HistoryPoint = z.infer<typeof HistoryPointSchema>;
/** Portfolio summary. */
export type Summary = z.infer<typeof SummarySchema>;
/** Customers per colour. */
export type BandCounts = z.infer<typeof BandCountsSchema>;
/** Score histogram. */
export type Histogram = z.infer<typeof HistogramSchema>;
/** Transition matrix. */
export type Transitions = z.infer<typeof TransitionsSchema>;
/** Per-segment breakdown. */
export type SegmentSummary = z.infer<typeof SegmentSummarySchema>;
/** Model card. */
export type ModelCard = z.infer<typeof ModelCardSchema>;
/** Active scorecard envelope. */
export type ScorecardEnvelope = z.infer<typeof ScorecardEnvelopeSchema>;
/** Query of the scoring routes. */
export type ScoreQuery = z.infer<typeof ScoreQuerySchema>;
/** Latest snapshot metrics, column-wise. */
export type PortfolioMetrics = z.infer<typeof PortfolioMetricsSchema>;
/** Readiness answer. */
export type Readiness = z.infer<typeof ReadinessSchema>;
