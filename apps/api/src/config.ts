/**
 * @module API settings read from the environment: API keys, whether reads need a key, CORS origins,
 * body limit. Parsed once at start-up; bad values fail with a message naming the variable.
 */

/** Settings of one API instance. */
export interface ApiConfig {
  /** Accepted API keys (`CHI_API_KEYS`, comma-separated). Empty = admin routes are closed. */
  apiKeys: string[];
  /** `CHI_REQUIRE_KEY=1`: reads need a key too. [default false] */
  requireKeyForReads: boolean;
  /** Allowed browser origins (`CHI_CORS_ORIGINS`, comma-separated, `*` for any). [default none] */
  corsOrigins: string[];
  /** Largest accepted request body in bytes (`CHI_BODY_LIMIT`). [default 8 MiB] */
  bodyLimitBytes: number;
}

/** A bad environment variable. */
export class ConfigError extends Error {
  /** @param message - the variable and what was expected */
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Default settings: no keys, open reads, no CORS, 8 MiB bodies. */
export const DEFAULT_CONFIG: ApiConfig = {
  apiKeys: [],
  requireKeyForReads: false,
  corsOrigins: [],
  bodyLimitBytes: 8 * 1024 * 1024,
};

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Reads the API settings from environment variables.
 *
 * @param env - variables, usually `process.env`
 * @returns the settings, defaults filled in
 * @throws ConfigError when a variable has an unusable value
 */
export function configFromEnv(env: Record<string, string | undefined>): ApiConfig {
  const require = env.CHI_REQUIRE_KEY?.trim() ?? '';
  if (!['', '0', '1', 'true', 'false'].includes(require)) {
    throw new ConfigError(`CHI_REQUIRE_KEY must be 1/true or 0/false, got "${require}"`);
  }
  let bodyLimitBytes = DEFAULT_CONFIG.bodyLimitBytes;
  if (env.CHI_BODY_LIMIT !== undefined && env.CHI_BODY_LIMIT.trim() !== '') {
    bodyLimitBytes = Number(env.CHI_BODY_LIMIT);
    if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1024) {
      throw new ConfigError(
        `CHI_BODY_LIMIT must be an integer number of bytes >= 1024, got "${env.CHI_BODY_LIMIT}"`,
      );
    }
  }
  const requireKeyForReads = require === '1' || require === 'true';
  const apiKeys = list(env.CHI_API_KEYS);
  if (requireKeyForReads && apiKeys.length === 0) {
    throw new ConfigError('CHI_REQUIRE_KEY=1 needs at least one key in CHI_API_KEYS');
  }
  return { apiKeys, requireKeyForReads, corsOrigins: list(env.CHI_CORS_ORIGINS), bodyLimitBytes };
}
