/** @module Tests of chi train --json, chi evaluate and chi predict on a new CSV, and of flag errors. */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { activeBackend, syntheticChurnRows, toCsv, wasmDirectory } from '@chi/model';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register as registerEvaluate } from './evaluate.js';
import { register as registerPredict } from './predict.js';
import { confusionLine, numberOption, register as registerTrain } from './train.js';

let dir: string;
let csv: string;

/**
 * The backend the runtime should pick on this machine, found without the selection code: `tensorflow` when
 * tfjs-node loads, else `wasm` when its binary is on disk, else `cpu`.
 */
async function expectedBackend(): Promise<string> {
  try {
    await import('@tensorflow/tfjs-node' as string);
    return 'tensorflow';
  } catch {
    return existsSync(path.join(wasmDirectory(), 'tfjs-backend-wasm.wasm')) ? 'wasm' : 'cpu';
  }
}

/** Runs `chi <args>` with the model commands and returns what it printed on stdout. */
async function run(args: string[]): Promise<string> {
  const program = new Command('chi').exitOverride();
  registerTrain(program);
  registerEvaluate(program);
  registerPredict(program);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '));
  });
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'chi', ...args]);
  } finally {
    log.mockRestore();
    err.mockRestore();
    write.mockRestore();
  }
  return lines.join('\n');
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'chi-cli-model-'));
  // a label named differently, written True/False, a quarter of the outcomes not yet observed
  const rows = syntheticChurnRows(1500, { seed: 8, labelStyle: 'truefalse', unlabeledShare: 0.1 }).map(
    ({ churned, ...rest }) => ({ ...rest, cancelled: churned }),
  );
  csv = path.join(dir, 'history.csv');
  writeFileSync(csv, toCsv(rows));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chi train / evaluate / predict', { timeout: 120_000 }, () => {
  /** `chi train` on the fixture (written in beforeAll): input, label and id column. */
  const train = () => ['train', '--input', csv, '--label', 'cancelled', '--id', 'customer_id'];
  let trained: Record<string, unknown>;

  it('prints one JSON object with version, backend, rows, features, test and baseline metrics', async () => {
    const out = await run([
      ...train(),
      '--time',
      'as_of',
      '--epochs',
      '20',
      '--learning-rate',
      '0.005',
      '--models',
      path.join(dir, 'models'),
      '--json',
      '--quiet',
    ]);
    trained = JSON.parse(out);
    const backend = await expectedBackend();
    expect(activeBackend()).toBe(backend);
    expect(trained).toMatchObject({ backend, rows: 1500, champion: { promoted: true } });
    expect(trained.unlabeled_rows).toBeGreaterThan(100);
    expect(trained.labelled_rows).toBe(1500 - (trained.unlabeled_rows as number));
    expect(trained.features).toEqual([
      'segment',
      'tenure_days',
      'nps_last',
      'orders_count',
      'recency_ratio',
      'noise',
    ]);
    for (const key of ['test', 'baseline'] as const) {
      const m = trained[key] as Record<string, number>;
      expect(Object.keys(m)).toEqual(
        expect.arrayContaining(['roc_auc', 'pr_auc', 'log_loss', 'brier', 'lift_at_10']),
      );
      expect(m.roc_auc).toBeGreaterThan(0.7);
    }
    const card = JSON.parse(readFileSync(path.join(trained.dir as string, 'card.json'), 'utf8'));
    expect(card.data.split.method).toBe('time');
    expect(card.backend).toBe(backend);
  });

  it('prints the confusion counts at the yellow and red thresholds in the terminal summary', async () => {
    const out = await run([
      ...train(),
      '--epochs',
      '3',
      '--red',
      '0.6',
      '--yellow',
      '0.25',
      '--models',
      path.join(dir, 'terminal'),
      '--quiet',
    ]);
    const card = JSON.parse(
      readFileSync(path.join(/^saved (.+)$/m.exec(out)?.[1] as string, 'card.json'), 'utf8'),
    );
    const { yellow, red } = card.metrics.test.confusion;
    expect(out).toContain(confusionLine('yellow', yellow));
    expect(out).toContain(confusionLine('red', red));
    expect(out).toMatch(/yellow or red \(p >= 0\.25\): \d+ flagged, tp \d+ fp \d+ tn \d+ fn \d+/);
    expect(out).toMatch(/test rows red \(p >= 0\.6\): \d+ flagged, tp \d+ fp \d+ tn \d+ fn \d+/);
    expect(yellow.tp + yellow.fp + yellow.tn + yellow.fn).toBe(card.data.split.test);
  });

  it('evaluates the champion on labelled rows', async () => {
    const out = JSON.parse(
      await run(['evaluate', '--input', csv, '--models', path.join(dir, 'models'), '--json']),
    );
    expect(out.version).toBe(trained.version);
    expect(out.labelled_rows).toBe(trained.labelled_rows);
    expect(out.metrics.roc_auc).toBeGreaterThan(0.7);
  });

  it('writes predicted health with drivers for every row, atomically, as CSV', async () => {
    const target = path.join(dir, 'predictions.csv');
    const summary = JSON.parse(
      await run(['predict', '--input', csv, '--model', trained.dir as string, '--out', target, '--json']),
    );
    expect(summary.rows).toBe(1500);
    const lines = readFileSync(target, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1501);
    expect(lines[0]).toBe(
      'customer_id,score,band,churn_probability,model_version,driver_1,driver_1_value,driver_1_effect,driver_2,driver_2_value,driver_2_effect,driver_3,driver_3_value,driver_3_effect',
    );
    const [id, score, band, p] = (lines[1] ?? '').split(',');
    expect(id).toBe('C000000');
    expect(Number(score)).toBeCloseTo(100 * (1 - Number(p)), 0);
    expect(['green', 'yellow', 'red']).toContain(band);
  });

  it('trains on a table with a free-text label given --positive, leaving an id-like column out', async () => {
    const rows = syntheticChurnRows(800, { seed: 9 }).map(({ churned, customer_id, as_of, ...rest }, i) => ({
      member: `M-${1000 + i}`,
      ...rest,
      status: churned ? 'left' : 'stayed',
    }));
    const file = path.join(dir, 'members.csv');
    writeFileSync(file, toCsv(rows));
    await expect(run(['train', '--input', file, '--label', 'status', '--json'])).rejects.toThrow(
      /--positive/,
    );
    const out = JSON.parse(
      await run([
        'train',
        '--input',
        file,
        '--label',
        'status',
        '--positive',
        'left',
        '--epochs',
        '10',
        '--learning-rate',
        '0.01',
        '--models',
        path.join(dir, 'members'),
        '--json',
        '--quiet',
      ]),
    );
    expect(out.features).not.toContain('member');
    expect(out.rows).toBe(800);
    expect(out.test.roc_auc).toBeGreaterThan(0.6);
    const predictions = path.join(dir, 'members.json');
    await run([
      'predict',
      '--input',
      file,
      '--models',
      path.join(dir, 'members'),
      '--out',
      predictions,
      '--no-drivers',
    ]);
    const { results } = JSON.parse(readFileSync(predictions, 'utf8'));
    expect(results[0]).toMatchObject({ customer_id: 'M-1000', mode: 'predicted', drivers: [] });
  });

  it('rejects bad flags with the flag name', async () => {
    await expect(run(['train', '--input', csv, '--label', 'cancelled', '--epochs', 'ten'])).rejects.toThrow(
      /--epochs: expected a whole number >= 1, got "ten"/,
    );
    await expect(
      run([
        'predict',
        '--input',
        csv,
        '--models',
        path.join(dir, 'models'),
        '--out',
        path.join(dir, 'x.txt'),
      ]),
    ).rejects.toThrow(/--out: expected a \.csv, \.json or \.ndjson file/);
    await expect(
      run(['train', '--input', csv, '--label', 'nope', '--models', path.join(dir, 'm2')]),
    ).rejects.toThrow(/column "nope" not found/);
    expect(() => numberOption('--red', '1.5', 'unit')).toThrow(/--red: expected a number between 0 and 1/);
  });

  it('names a corrupt model directory', async () => {
    const broken = path.join(dir, 'broken');
    cpSync(trained.dir as string, broken, { recursive: true });
    writeFileSync(path.join(broken, 'weights.bin'), 'xx');
    await expect(
      run(['predict', '--input', csv, '--model', broken, '--out', path.join(dir, 'p.json')]),
    ).rejects.toThrow(/weights\.bin: truncated/);
  });
});
