import { describe, expect, it } from 'vitest';
import { KeyRing, presentedKey } from './auth.js';
import { ConfigError, configFromEnv, DEFAULT_CONFIG } from './config.js';
import { AtomicRef } from './holder.js';

describe('KeyRing', () => {
  it('accepts configured keys only, including keys of different lengths', () => {
    const ring = new KeyRing(['alpha', 'a-much-longer-key-0123456789']);
    expect(ring.accepts('alpha')).toBe(true);
    expect(ring.accepts('a-much-longer-key-0123456789')).toBe(true);
    expect(ring.accepts('alph')).toBe(false);
    expect(ring.accepts('')).toBe(false);
    expect(new KeyRing([]).accepts('alpha')).toBe(false);
  });
});

describe('presentedKey', () => {
  it('reads a Bearer token or X-API-Key', () => {
    expect(presentedKey((h) => (h === 'authorization' ? 'Bearer  k1 ' : undefined))).toBe('k1');
    expect(presentedKey((h) => (h === 'x-api-key' ? 'k2' : undefined))).toBe('k2');
    expect(presentedKey((h) => (h === 'authorization' ? 'Basic abc' : undefined))).toBeUndefined();
    expect(presentedKey(() => undefined)).toBeUndefined();
  });
});

describe('configFromEnv', () => {
  it('parses keys, origins, the read protection and the body limit', () => {
    expect(
      configFromEnv({
        CHI_API_KEYS: ' k1, k2 ,,',
        CHI_REQUIRE_KEY: '1',
        CHI_CORS_ORIGINS: 'http://a.example,http://b.example',
        CHI_BODY_LIMIT: '2048',
      }),
    ).toEqual({
      apiKeys: ['k1', 'k2'],
      requireKeyForReads: true,
      corsOrigins: ['http://a.example', 'http://b.example'],
      bodyLimitBytes: 2048,
    });
    expect(configFromEnv({})).toEqual(DEFAULT_CONFIG);
  });

  it('names the variable when a value is unusable', () => {
    expect(() => configFromEnv({ CHI_REQUIRE_KEY: 'yes' })).toThrow(/CHI_REQUIRE_KEY/);
    expect(() => configFromEnv({ CHI_BODY_LIMIT: '12kb' })).toThrow(ConfigError);
    expect(() => configFromEnv({ CHI_REQUIRE_KEY: '1' })).toThrow(/CHI_API_KEYS/);
  });
});

describe('AtomicRef', () => {
  it('serialises swaps so none is lost, and keeps the value when an update throws', async () => {
    const ref = new AtomicRef(0);
    const taken = ref.get();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        ref.swap(async (v) => {
          await new Promise((r) => setTimeout(r, 1));
          return v + 1;
        }),
      ),
    );
    expect(ref.get()).toBe(20);
    expect(taken).toBe(0);
    await expect(
      ref.swap(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(ref.get()).toBe(20);
    expect(await ref.swap((v) => v * 2)).toBe(40);
  });
});
