/**
 * @module The active scorecard on disk: read at start (the default scorecard when the file does not exist
 * yet), validated with `parseScorecard`, written atomically (temp file + rename) on every change; every
 * version, including the one replaced first, is kept as `<name>.history/v<N>.json` for rollback.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_SCORECARD, parseScorecard, type Scorecard, ScorecardError } from '@chi/core';
import type { ScorecardRepository } from '../runtime.js';
import { createScorer, scorecardProblem } from './scorer.js';

/** A scorecard file that cannot be read or parsed at start-up. */
export class ScorecardFileError extends Error {
  /**
   * @param message - the file and the problem
   * @param options - `cause`
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScorecardFileError';
  }
}

/**
 * Directory keeping every saved scorecard version (`v<N>.json`) next to the scorecard file.
 *
 * @param file - the scorecard file, e.g. `.chi/scorecard.json`
 * @returns e.g. `.chi/scorecard.history`
 */
export function historyDir(file: string): string {
  return path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.history`);
}

async function writeAtomic(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, file);
}

function parse(input: unknown): Scorecard {
  try {
    return parseScorecard(input);
  } catch (error) {
    if (error instanceof ScorecardError) throw scorecardProblem(error);
    throw error;
  }
}

/**
 * @param file - scorecard JSON file, or undefined to keep it in memory only
 * @param initial - scorecard used when the file does not exist [default DEFAULT_SCORECARD]
 * @returns the repository
 */
export function createScorecardRepository(
  file: string | undefined,
  initial: Scorecard = DEFAULT_SCORECARD,
): ScorecardRepository {
  let memory: Scorecard = initial;
  return {
    async load() {
      if (file === undefined || !existsSync(file)) return memory as unknown as Record<string, unknown>;
      let json: unknown;
      try {
        json = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new ScorecardFileError(`${file}: not valid JSON (${String(error)})`, { cause: error });
      }
      try {
        memory = parseScorecard(json);
        return memory as unknown as Record<string, unknown>;
      } catch (error) {
        throw new ScorecardFileError(`${file}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    },
    parse: (input) => parse(input) as unknown as Record<string, unknown>,
    async save(document) {
      const previous = memory;
      memory = parse(document);
      if (file === undefined) return;
      const history = historyDir(file);
      await mkdir(history, { recursive: true });
      const archived = path.join(history, `v${previous.version}.json`);
      if (!existsSync(archived)) await writeAtomic(archived, previous);
      await writeAtomic(path.join(history, `v${memory.version}.json`), document);
      await writeAtomic(file, document);
    },
    build: (document, population) => createScorer(parse(document), population),
  };
}
