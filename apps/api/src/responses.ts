/**
 * @module OpenAPI response entries shared by the routes: JSON bodies and the common error answers.
 */
import { ErrorResponseSchema } from '@chi/core';
import type { z } from 'zod';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `details` lists each problem with its JSON path.',
  401: 'An API key is required.',
  403: 'The API key is not accepted.',
  404: 'Not found.',
  409: 'Version conflict.',
  413: 'The request body is over the limit.',
  415: 'The body is not `application/json`.',
  503: 'Not ready: the store, scorecard or model is still loading, or not configured.',
};

/**
 * @param schema - body schema
 * @param description - what the answer holds
 * @returns an OpenAPI response entry with a JSON body
 */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/**
 * @param statuses - error statuses the route can answer with
 * @returns OpenAPI response entries with the shared error body
 */
export function errors<S extends number>(
  ...statuses: S[]
): Record<S, ReturnType<typeof json<typeof ErrorResponseSchema>>> {
  const out = {} as Record<S, ReturnType<typeof json<typeof ErrorResponseSchema>>>;
  for (const s of statuses) out[s] = json(ErrorResponseSchema, DESCRIPTIONS[s] ?? 'Error.');
  return out;
}
