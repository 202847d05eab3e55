/** @module Tests of the registry promotion rule, --promote and registry errors. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { loadChampion, promoteModel, readRegistry } from './registry.js';
import { syntheticChurnRows } from './synthetic-rows.js';
import { tableFromRows } from './table.js';
import { type TrainOptions, trainChurnModel } from './train-churn-model.js';

let dir: string;
const table = tableFromRows(syntheticChurnRows(1500, { seed: 21 }));
const base: Omit<TrainOptions, 'modelsDir'> = {
  input: table,
  label: 'churned',
  id: 'customer_id',
  exclude: ['as_of'],
  epochs: 20,
  batchSize: 64,
  learningRate: 0.01,
  seed: 4,
};

beforeAll(async () => {
  await selectBackend();
  dir = mkdtempSync(path.join(tmpdir(), 'chi-registry-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('registry promotion', () => {
  it('makes the first model champion, then keeps it against a weaker model scored on the same test rows', async () => {
    const modelsDir = path.join(dir, 'a');
    const first = await trainChurnModel({ ...base, modelsDir });
    expect(first.champion).toMatchObject({ promoted: true, reason: 'first model in the registry' });
    expect(readRegistry(modelsDir).champion).toBe(first.version);

    const weak = await trainChurnModel({ ...base, modelsDir, features: ['noise', 'segment'] });
    expect(weak.champion?.promoted).toBe(false);
    expect(weak.champion?.previous_roc_auc_on_new_test).toBeGreaterThan(weak.test.roc_auc);
    expect(weak.champion?.reason).toMatch(/kept the champion/);
    const registry = readRegistry(modelsDir);
    expect(registry.champion).toBe(first.version);
    expect(registry.models.map((m) => m.version)).toEqual([first.version, weak.version]);
    expect((await loadChampion(modelsDir)).version).toBe(first.version);
  }, 120_000);

  it('promotes an equal-or-better model and honours --promote for a weaker one', async () => {
    const modelsDir = path.join(dir, 'b');
    const weak = await trainChurnModel({ ...base, modelsDir, features: ['noise', 'segment'] });
    const strong = await trainChurnModel({ ...base, modelsDir });
    expect(strong.champion?.promoted).toBe(true);
    expect(strong.champion?.reason).toMatch(/>= champion/);
    const forced = await trainChurnModel({ ...base, modelsDir, features: ['noise'], promote: true });
    expect(forced.champion).toMatchObject({ promoted: true, reason: 'promoted with --promote' });
    expect(readRegistry(modelsDir).champion).toBe(forced.version);
    await promoteModel(modelsDir, weak.version);
    expect(readRegistry(modelsDir).champion).toBe(weak.version);
    expect(readRegistry(modelsDir).history.at(-1)?.reason).toBe('promoted by hand');
  }, 120_000);

  it('does not promote over a champion whose columns the new data lacks', async () => {
    const modelsDir = path.join(dir, 'c');
    await trainChurnModel({ ...base, modelsDir });
    const rows = syntheticChurnRows(1500, { seed: 22 }).map(({ nps_last: _drop, ...rest }) => rest);
    const other = await trainChurnModel({ ...base, input: tableFromRows(rows), modelsDir });
    expect(other.champion?.promoted).toBe(false);
    expect(other.champion?.reason).toMatch(/lacks its column\(s\) nps_last/);
  }, 120_000);

  it('refuses a label with (almost) only one class, naming the counts', async () => {
    const rows = syntheticChurnRows(200, { seed: 3 }).map((r, i) => ({ ...r, churned: i < 3 ? 1 : 0 }));
    await expect(trainChurnModel({ ...base, input: tableFromRows(rows) })).rejects.toThrow(
      /label "churned": 3 churned and 197 not churned rows; each class needs at least 5/,
    );
  });

  it('writes model directories whole, leaving no temporary files', () => {
    for (const sub of ['a', 'b', 'c']) {
      const entries = readdirSync(path.join(dir, sub));
      expect(entries.filter((e) => e.includes('.tmp'))).toEqual([]);
      for (const e of entries.filter((x) => x !== 'registry.json')) {
        expect(existsSync(path.join(dir, sub, e, 'report.html'))).toBe(true);
      }
    }
  });

  it('names unknown versions and corrupt registries', async () => {
    await expect(promoteModel(path.join(dir, 'a'), 'v-nope')).rejects.toThrow(
      /model v-nope is not in .*registry\.json/,
    );
    const broken = path.join(dir, 'broken');
    rmSync(broken, { recursive: true, force: true });
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'registry.json'), '{"format":"chi-model-reg');
    expect(() => readRegistry(broken)).toThrow(/registry\.json: not valid JSON/);
    await expect(loadChampion(path.join(dir, 'empty'))).rejects.toThrow(/no champion model/);
  });
});
