/**
 * @module API-key checks. Keys arrive as `Authorization: Bearer <key>` or `X-API-Key: <key>`; both the
 * presented and the configured keys are hashed (SHA-256) so `timingSafeEqual` compares equal-length
 * buffers and the comparison time does not depend on where a key differs.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** Checks presented keys against the configured ones in constant time. */
export class KeyRing {
  readonly #hashes: Buffer[];

  /** @param keys - accepted keys (plain text; only their hashes are kept) */
  constructor(keys: readonly string[]) {
    this.#hashes = keys.map(digest);
  }

  /** Whether any key is configured. */
  get size(): number {
    return this.#hashes.length;
  }

  /**
   * @param presented - key from the request
   * @returns whether it matches a configured key (every configured key is compared, no early exit)
   */
  accepts(presented: string): boolean {
    const h = digest(presented);
    let ok = false;
    for (const known of this.#hashes) ok = timingSafeEqual(h, known) || ok;
    return ok;
  }
}

/**
 * Extracts the key of a request from `Authorization: Bearer` or `X-API-Key`.
 *
 * @param header - reads one request header
 * @returns the key, or undefined when none is presented
 */
export function presentedKey(header: (name: string) => string | undefined): string | undefined {
  const auth = header('authorization');
  if (auth !== undefined) {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m?.[1]) return m[1].trim();
  }
  const key = header('x-api-key')?.trim();
  return key === '' ? undefined : key;
}

/**
 * Middleware that requires a valid key: 401 when none is presented, 403 when it is wrong or when no key
 * is configured at all (admin routes stay closed until `CHI_API_KEYS` is set).
 *
 * @param ring - accepted keys
 * @returns the middleware
 */
export function requireKey(ring: KeyRing): MiddlewareHandler {
  return async (c, next) => {
    const key = presentedKey((name) => c.req.header(name));
    if (key === undefined) {
      throw new ApiError(
        401,
        'unauthorized',
        'an API key is required (Authorization: Bearer <key> or X-API-Key)',
        [{ path: 'header.authorization', problem: 'missing API key' }],
      );
    }
    if (ring.size === 0 || !ring.accepts(key)) {
      throw new ApiError(403, 'forbidden', 'the API key is not accepted', [
        { path: 'header.authorization', problem: 'unknown API key' },
      ]);
    }
    await next();
  };
}
