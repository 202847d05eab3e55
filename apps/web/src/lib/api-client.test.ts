import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './api-client.ts';

function fakeFetch(status: number, body: unknown, seen: string[] = []): typeof fetch {
  return async (input) => {
    seen.push(String(input));
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

describe('createApiClient', () => {
  it('sends list filters as query parameters and leaves out empty ones', async () => {
    const seen: string[] = [];
    const api = createApiClient({
      fetch: fakeFetch(
        200,
        { as_of: '2024-01-01', total: 0, items: [], offset: 0, next_cursor: null, prev_cursor: null },
        seen,
      ),
    });
    const page = await api.customers({ band: 'green', predicted_band: 'red', q: '', limit: 50 });
    expect(page.total).toBe(0);
    expect(seen).toEqual(['/v1/customers?band=green&predicted_band=red&limit=50']);
  });

  it('turns the API error shape into an ApiError with code and field details', async () => {
    const api = createApiClient({
      fetch: fakeFetch(400, {
        error: {
          code: 'validation_failed',
          message: 'bad query',
          details: [{ path: 'query.sort', problem: 'unknown key' }],
        },
      }),
    });
    const failure = await api.summary().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 400, code: 'validation_failed', message: 'bad query' });
    expect((failure as ApiError).details).toEqual([{ path: 'query.sort', problem: 'unknown key' }]);
  });

  it('names the field when an answer does not match the shared schema', async () => {
    const api = createApiClient({
      fetch: fakeFetch(200, {
        as_of: null,
        total: 'many',
        items: [],
        offset: 0,
        next_cursor: null,
        prev_cursor: null,
      }),
    });
    const failure = (await api.customers({}).catch((error: unknown) => error)) as ApiError;
    expect(failure.code).toBe('bad_response');
    expect(failure.message).toContain('total');
  });

  it('reports an unreachable server as a network error with status 0', async () => {
    const api = createApiClient({
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const failure = (await api.model().catch((error: unknown) => error)) as ApiError;
    expect(failure).toMatchObject({ status: 0, code: 'network' });
  });

  it('sends the API key as a bearer token and the edited version as If-Match when saving', async () => {
    let headers: Headers | undefined;
    const api = createApiClient({
      fetch: async (_input, init) => {
        headers = new Headers(init?.headers);
        return new Response(JSON.stringify({ version: 4, scorecard: {}, stats_as_of: null }), {
          status: 200,
        });
      },
    });
    const saved = await api.saveScorecard({ name: 'x' }, 'secret-key', 3);
    expect(saved.version).toBe(4);
    expect(headers?.get('authorization')).toBe('Bearer secret-key');
    expect(headers?.get('if-match')).toBe('"3"');
  });
});
