/**
 * @module The API's one error shape `{"error":{"code","message","details":[{"path","problem"}]}}`:
 * the typed `ApiError`, the conversion of zod issues to JSON-path details, and `errorResponse`.
 */
import type { ErrorDetail, ErrorResponse } from '@chi/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** An error the API answers with a 4xx/5xx status and the shared error body. */
export class ApiError extends Error {
  /**
   * @param status - HTTP status to answer with
   * @param code - stable machine-readable code (`validation_failed`, `not_found`, ...)
   * @param message - human-readable summary
   * @param details - one entry per problem, each with the JSON path at fault
   */
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Formats a JSON path as `customers[3].metrics.nps_last` (`""` for the root).
 *
 * @param path - path segments as zod reports them
 * @param prefix - source of the value (`query`, `header`), prepended when given
 * @returns the dotted path
 */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix?: string): string {
  let out = prefix ?? '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Flattens zod issues into error details; for a union (one customer or a batch) it reports the branch that
 * got furthest (then the one with fewer problems, then the later one), so a bad metric in `customers[3]` is not drowned by "expected
 * customer_id".
 *
 * @param issues - zod issues
 * @param prefix - value source prepended to paths (e.g. `query`)
 * @returns details, at most 50
 */
export function zodDetails(issues: ReadonlyArray<z.core.$ZodIssue>, prefix?: string): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const visit = (issue: z.core.$ZodIssue, base: ReadonlyArray<PropertyKey>): void => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors;
      // rank: deepest failure first, then fewest problems, then the later branch
      const depth = (b: z.core.$ZodIssue[]) => Math.max(0, ...b.map((i) => i.path.length));
      const better = (a: z.core.$ZodIssue[], b: z.core.$ZodIssue[]) =>
        depth(b) !== depth(a) ? depth(b) > depth(a) : b.length <= a.length;
      const best = branches.reduce((a, b) => (better(a, b) ? b : a));
      for (const inner of best) visit(inner, path);
      return;
    }
    out.push({ path: formatPath(path, prefix), problem: issue.message });
  };
  for (const issue of issues) visit(issue, []);
  return out.slice(0, 50);
}

/**
 * Builds the shared error body.
 *
 * @param code - machine-readable code
 * @param message - summary
 * @param details - problems with JSON paths
 * @returns the body
 */
export function errorBody(code: string, message: string, details: ErrorDetail[] = []): ErrorResponse {
  return { error: { code, message, details } };
}

/**
 * Answers with the shared error body.
 *
 * @param c - Hono context
 * @param status - HTTP status
 * @param code - machine-readable code
 * @param message - summary
 * @param details - problems with JSON paths
 * @returns the response
 */
export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details: ErrorDetail[] = [],
): Response {
  return c.json(errorBody(code, message, details), status);
}

/** Machine-readable codes for statuses raised by Hono itself (body parsing, media type, ...). */
export const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  503: 'not_ready',
};
