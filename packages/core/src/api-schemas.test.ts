import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CustomerListQuerySchema,
  ErrorResponseSchema,
  HealthResultSchema,
  MAX_BATCH_CUSTOMERS,
  ScoreRequestSchema,
  SummarySchema,
} from './api-schemas.js';

const one = { customer_id: 'c1', segment: 'retail', metrics: { nps_last: 9, recency_ratio: 1.4 } };

describe('ScoreRequestSchema', () => {
  it('accepts one customer and a batch of customers', () => {
    expect(ScoreRequestSchema.safeParse(one).success).toBe(true);
    expect(ScoreRequestSchema.safeParse({ customers: [one, { ...one, customer_id: 'c2' }] }).success).toBe(
      true,
    );
  });

  it('accepts null metrics as missing values', () => {
    expect(ScoreRequestSchema.safeParse({ ...one, metrics: { nps_last: null } }).success).toBe(true);
  });

  it('rejects a non-numeric metric with the path of the offending value', () => {
    const result = ScoreRequestSchema.safeParse({
      customers: [one, { ...one, metrics: { nps_last: 'nine' } }],
    });
    expect(result.success).toBe(false);
    const paths = (result.error?.issues ?? []).flatMap((i) =>
      i.code === 'invalid_union' ? i.errors.flat().map((e) => e.path) : [i.path],
    );
    expect(paths).toContainEqual(['customers', 1, 'metrics', 'nps_last']);
  });

  it('rejects an empty customer id and a missing metrics object', () => {
    expect(ScoreRequestSchema.safeParse({ ...one, customer_id: '' }).success).toBe(false);
    expect(ScoreRequestSchema.safeParse({ customer_id: 'c1' }).success).toBe(false);
  });

  it(`rejects a batch over ${MAX_BATCH_CUSTOMERS} customers`, () => {
    const customers = Array.from({ length: MAX_BATCH_CUSTOMERS + 1 }, (_, i) => ({
      ...one,
      customer_id: `c${i}`,
    }));
    expect(ScoreRequestSchema.safeParse({ customers }).success).toBe(false);
    expect(ScoreRequestSchema.safeParse({ customers: customers.slice(1) }).success).toBe(true);
  });
});

describe('CustomerListQuerySchema', () => {
  it('fills defaults and coerces the limit from a query string', () => {
    const q = CustomerListQuerySchema.parse({ limit: '20' });
    expect(q).toEqual({ sort: 'customer_id', limit: 20 });
  });

  it('accepts descending sort keys and rejects unknown ones', () => {
    expect(CustomerListQuerySchema.parse({ sort: '-churn_probability' }).sort).toBe('-churn_probability');
    expect(CustomerListQuerySchema.safeParse({ sort: 'revenue' }).success).toBe(false);
  });

  it('rejects a limit of 0, over 1000, or not a number', () => {
    for (const limit of ['0', '1001', 'abc', '2.5']) {
      expect(CustomerListQuerySchema.safeParse({ limit }).success).toBe(false);
    }
  });

  it('rejects an unknown band', () => {
    expect(CustomerListQuerySchema.safeParse({ band: 'purple' }).success).toBe(false);
  });
});

describe('response schemas', () => {
  it('describes a health result with drivers in score points', () => {
    const r = {
      customer_id: 'c1',
      mode: 'current',
      score: 62.5,
      band: 'yellow',
      coverage: 1,
      drivers: [{ feature: 'recency_ratio', value: 2.2, effect: -12.5 }],
      scorecard_version: 3,
    };
    expect(HealthResultSchema.parse(r)).toEqual(r);
    expect(HealthResultSchema.safeParse({ ...r, band: 'blue' }).success).toBe(false);
  });

  it('requires details in the error shape', () => {
    expect(ErrorResponseSchema.safeParse({ error: { code: 'x', message: 'y' } }).success).toBe(false);
    expect(
      ErrorResponseSchema.safeParse({
        error: { code: 'x', message: 'y', details: [{ path: 'a', problem: 'b' }] },
      }).success,
    ).toBe(true);
  });

  it('converts to JSON Schema with component ids for OpenAPI', () => {
    const json = z.toJSONSchema(SummarySchema, { target: 'draft-2020-12' }) as {
      $defs?: Record<string, unknown>;
    };
    expect(Object.keys(json.$defs ?? {})).toEqual(
      expect.arrayContaining(['BandCounts', 'Transitions', 'Histogram']),
    );
  });
});
