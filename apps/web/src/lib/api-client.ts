/**
 * @module Typed client of the CHI HTTP API. Every answer is checked against the same zod schemas the API
 * validates and publishes (`@chi/core` api-schemas), so a contract drift surfaces as a clear error naming
 * the field instead of a blank page.
 */
import {
  type CustomerDetail,
  CustomerDetailSchema,
  type CustomerListResponse,
  CustomerListResponseSchema,
  ErrorResponseSchema,
  type ModelCard,
  ModelCardSchema,
  type PortfolioMetrics,
  PortfolioMetricsSchema,
  type ScorecardEnvelope,
  ScorecardEnvelopeSchema,
  type Summary,
  SummarySchema,
} from '@chi/core';
import type { z } from 'zod';

/** Filters and paging of the customer list (`GET /v1/customers`); every field optional. */
export interface CustomerListParams {
  band?: string | undefined;
  predicted_band?: string | undefined;
  segment?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** One problem reported by the API: JSON path and what was expected. */
export interface ApiProblem {
  path: string;
  problem: string;
}

/** A failed API call: HTTP status (0 = network failure), the API's error code, message and details. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /**
   * @param status - HTTP status; 0 when the server could not be reached
   * @param code - the API's machine-readable code, e.g. `validation_failed`, or `network` / `bad_response`
   * @param message - human-readable message
   * @param details - per-field problems
   * @param options - the underlying cause
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ApiProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Columns of the portfolio's metrics at the latest snapshot (`GET /v1/portfolio/metrics`). */
export type { PortfolioMetrics };

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /** Prefix of every path, e.g. `http://127.0.0.1:8787`; default `''` (same origin). */
  baseUrl?: string;
  /** The fetch implementation; default the global one. */
  fetch?: typeof fetch;
}

/** The typed API client used by every page. */
export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * Creates the API client.
 * @param options - base URL and fetch implementation
 * @returns one method per route the explorer uses; each rejects with {@link ApiError}
 */
export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function request<S extends z.ZodType>(
    schema: S,
    path: string,
    init: RequestInit = {},
    signal?: AbortSignal,
  ): Promise<z.infer<S>> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, { ...init, ...(signal ? { signal } : {}) });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError(0, 'network', `Cannot reach the API (${path}): ${String(cause)}`, [], { cause });
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch (cause) {
      throw new ApiError(
        response.status,
        'bad_response',
        `${path} answered ${response.status} with a body that is not JSON`,
        [],
        { cause },
      );
    }
    if (!response.ok) {
      const parsed = ErrorResponseSchema.safeParse(body);
      if (parsed.success) {
        const { code, message, details } = parsed.data.error;
        throw new ApiError(response.status, code, message, details);
      }
      throw new ApiError(response.status, 'http_error', `${path} answered HTTP ${response.status}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        problem: issue.message,
      }));
      const first = details[0];
      throw new ApiError(
        response.status,
        'bad_response',
        `${path} answered with an unexpected shape${first ? ` at ${first.path || '(root)'}: ${first.problem}` : ''}`,
        details,
      );
    }
    return parsed.data;
  }

  return {
    /**
     * Portfolio summary: counts per colour per mode, transitions, histograms, segments.
     * @param signal - cancels the request
     */
    summary: (signal?: AbortSignal): Promise<Summary> => request(SummarySchema, '/v1/summary', {}, signal),

    /**
     * One page of the portfolio list.
     * @param params - filters, sort, page size and cursor
     * @param signal - cancels the request
     */
    customers: (params: CustomerListParams, signal?: AbortSignal): Promise<CustomerListResponse> => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(params)) {
        if (value !== undefined && value !== '') search.set(key, String(value));
      }
      const query = search.toString();
      return request(CustomerListResponseSchema, `/v1/customers${query ? `?${query}` : ''}`, {}, signal);
    },

    /**
     * One customer: both modes with explanations, raw metrics, score history.
     * @param id - customer id
     * @param signal - cancels the request
     */
    customer: (id: string, signal?: AbortSignal): Promise<CustomerDetail> =>
      request(CustomerDetailSchema, `/v1/customers/${encodeURIComponent(id)}`, {}, signal),

    /**
     * The champion model's card.
     * @param signal - cancels the request
     */
    model: (signal?: AbortSignal): Promise<ModelCard> => request(ModelCardSchema, '/v1/model', {}, signal),

    /**
     * The active scorecard.
     * @param signal - cancels the request
     */
    scorecard: (signal?: AbortSignal): Promise<ScorecardEnvelope> =>
      request(ScorecardEnvelopeSchema, '/v1/scorecard', {}, signal),

    /**
     * Metrics of every customer at the latest snapshot, column-wise (for what-if rescoring).
     * @param signal - cancels the request
     */
    portfolioMetrics: (signal?: AbortSignal): Promise<PortfolioMetrics> =>
      request(PortfolioMetricsSchema, '/v1/portfolio/metrics', {}, signal),

    /**
     * Replaces the active scorecard (admin).
     * @param scorecard - the scorecard document
     * @param apiKey - an admin API key, sent as a bearer token
     * @param editedVersion - version the draft was edited from, sent as `If-Match` (409 when stale)
     * @returns the new active scorecard
     */
    saveScorecard: (scorecard: unknown, apiKey: string, editedVersion?: number): Promise<ScorecardEnvelope> =>
      request(ScorecardEnvelopeSchema, '/v1/scorecard', {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${apiKey}`,
          ...(editedVersion === undefined ? {} : { 'if-match': `"${editedVersion}"` }),
        },
        body: JSON.stringify(scorecard),
      }),
  };
}
