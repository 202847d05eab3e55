import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_SCORECARD_DOCUMENT } from '@chi/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { createScorecardRepository, historyDir, ScorecardFileError } from './scorecard-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chi-scorecard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scorecard repository', () => {
  it('loads the default scorecard while the file does not exist', async () => {
    const repo = createScorecardRepository(path.join(dir, 'none.json'));
    expect(await repo.load()).toMatchObject({ name: 'default', version: 1 });
  });

  it('archives the loaded version and every saved one, leaving no temp files', async () => {
    const file = path.join(dir, 'card.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_SCORECARD_DOCUMENT, version: 4 }));
    const repo = createScorecardRepository(file);
    expect(await repo.load()).toMatchObject({ version: 4 });
    await repo.save({ ...DEFAULT_SCORECARD_DOCUMENT, version: 5 } as Record<string, unknown>);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(5);
    expect(readdirSync(historyDir(file)).sort()).toEqual(['v4.json', 'v5.json']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('names the file and the path when the stored scorecard is invalid', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_SCORECARD_DOCUMENT, bands: { green: 10, yellow: 50 } }));
    await expect(createScorecardRepository(file).load()).rejects.toThrow(ScorecardFileError);
    await expect(createScorecardRepository(file).load()).rejects.toThrow(/bad\.json: .*bands/);
    writeFileSync(file, '{not json');
    await expect(createScorecardRepository(file).load()).rejects.toThrow(/not valid JSON/);
  });

  it('rejects an invalid document with a 400 listing JSON paths', () => {
    const repo = createScorecardRepository(undefined);
    try {
      repo.parse({ ...DEFAULT_SCORECARD_DOCUMENT, groups: 'none' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status).toBe(400);
      expect((e as ApiError).details.map((d) => d.path)).toContain('groups');
    }
  });
});
