/** @module Tests of network shapes, the save/load round trip and corrupt model directories. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { ModelError } from './errors.js';
import { createChurnModel, createLogisticModel } from './model.js';
import { type ChurnModel, loadModel } from './model-io.js';
import { predictHealth, predictProbabilities } from './predict.js';
import { syntheticChurnRows } from './synthetic-rows.js';
import { tableFromRows } from './table.js';
import { trainChurnModel } from './train-churn-model.js';

let dir: string;
let modelDir: string;
let trained: ChurnModel;
const rows = syntheticChurnRows(1500, { seed: 11 });

beforeAll(async () => {
  await selectBackend();
  dir = mkdtempSync(path.join(tmpdir(), 'chi-model-io-'));
  const result = await trainChurnModel({
    input: tableFromRows(rows),
    label: 'churned',
    id: 'customer_id',
    exclude: ['as_of'],
    epochs: 8,
    learningRate: 0.005,
    seed: 3,
    modelsDir: path.join(dir, 'models'),
  });
  modelDir = result.dir as string;
  trained = result.model;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function copyModel(name: string): string {
  const target = path.join(dir, name);
  for (const file of ['model.json', 'weights.bin', 'preprocessing.json', 'card.json']) {
    const source = readFileSync(path.join(modelDir, file));
    writeFileSync(path.join(target, file), source, { flag: 'w' });
  }
  return target;
}

describe('network shapes', () => {
  it('maps [batch, features] to [batch, 1] probabilities', () => {
    const model = createChurnModel(7, { hidden: [8, 4] });
    const out = model.predict(tf.ones([5, 7])) as tf.Tensor;
    expect(out.shape).toEqual([5, 1]);
    const values = Array.from(out.dataSync());
    expect(values.every((v) => v > 0 && v < 1)).toBe(true);
    expect(createLogisticModel(7).layers).toHaveLength(1);
  });
});

describe('save and load', () => {
  it('writes the standard TF.js layers files beside preprocessing, card and report', () => {
    const modelJson = JSON.parse(readFileSync(path.join(modelDir, 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(readFileSync(path.join(modelDir, 'report.html'), 'utf8')).toContain('Plot.plot');
  });
  it('gives the predictions of the trained in-memory model after a reload', async () => {
    const sample = tableFromRows(rows.slice(0, 200));
    const reloaded = await loadModel(modelDir);
    const before = predictProbabilities(trained, sample).p;
    const after = predictProbabilities(reloaded, sample).p;
    expect(after).toHaveLength(before.length);
    // same float32 weights on the same backend: equal up to float32 rounding
    for (let i = 0; i < before.length; i++)
      expect(Math.abs((after[i] as number) - (before[i] as number))).toBeLessThan(1e-6);
    // the raw network outputs too, so a calibration that hides a weight change cannot pass
    const x = tf.tensor2d([
      Array.from({ length: trained.preprocessing.featureNames.length }, (_, j) => (j % 3) - 1),
    ]);
    const rawBefore = (trained.network.predict(x) as tf.Tensor).dataSync()[0] as number;
    const rawAfter = (reloaded.network.predict(x) as tf.Tensor).dataSync()[0] as number;
    expect(Math.abs(rawAfter - rawBefore)).toBeLessThan(1e-6);
    const wBefore = trained.network.getWeights().map((w) => Array.from(w.dataSync()));
    const wAfter = reloaded.network.getWeights().map((w) => Array.from(w.dataSync()));
    expect(wAfter).toEqual(wBefore);
  });
  it('fails the comparison when a saved weight is changed', async () => {
    const target = path.join(dir, 'mangled');
    mkdirSync(target, { recursive: true });
    copyModel('mangled');
    const bytes = readFileSync(path.join(target, 'weights.bin'));
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    for (let i = 0; i < floats.length; i++) floats[i] = (floats[i] as number) * 1.5;
    writeFileSync(path.join(target, 'weights.bin'), bytes);
    const mangled = await loadModel(target);
    const sample = tableFromRows(rows.slice(0, 200));
    const before = predictProbabilities(trained, sample).p;
    const after = predictProbabilities(mangled, sample).p;
    let worst = 0;
    for (let i = 0; i < before.length; i++)
      worst = Math.max(worst, Math.abs((after[i] as number) - (before[i] as number)));
    expect(worst).toBeGreaterThan(1e-3);
  });
  it('applies the saved preprocessing identically to row objects and to a table read from CSV-like strings', async () => {
    const model = await loadModel(modelDir);
    const sample = rows.slice(0, 50);
    const asStrings = sample.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])),
    );
    const a = predictHealth(model, sample, { drivers: false });
    const b = predictHealth(model, asStrings, { drivers: false });
    expect(b.map((r) => r.churn_probability)).toEqual(a.map((r) => r.churn_probability));
  });
});

describe('corrupt models', () => {
  it('names a truncated weights.bin and the byte counts', async () => {
    const target = path.join(dir, 'truncated');
    mkdirSync(target, { recursive: true });
    copyModel('truncated');
    truncateSync(path.join(target, 'weights.bin'), 10);
    await expect(loadModel(target)).rejects.toThrow(
      /weights\.bin: truncated: model\.json expects \d+ bytes, found 10/,
    );
  });
  it('names a model.json that is not valid JSON', async () => {
    const target = path.join(dir, 'corrupt');
    mkdirSync(target, { recursive: true });
    copyModel('corrupt');
    writeFileSync(path.join(target, 'model.json'), '{"format": "layers-mo');
    await expect(loadModel(target)).rejects.toThrow(/model\.json: not valid JSON/);
  });
  it('names a feature mismatch between network and preprocessing', async () => {
    const target = path.join(dir, 'mismatch');
    mkdirSync(target, { recursive: true });
    copyModel('mismatch');
    const pre = JSON.parse(readFileSync(path.join(target, 'preprocessing.json'), 'utf8'));
    pre.featureNames.push('extra');
    pre.featureSource.push(0);
    writeFileSync(path.join(target, 'preprocessing.json'), JSON.stringify(pre));
    await expect(loadModel(target)).rejects.toThrow(ModelError);
    await expect(loadModel(target)).rejects.toThrow(/feature mismatch: the network takes \d+ inputs/);
  });
  it('names a missing file and an absent directory', async () => {
    const target = path.join(dir, 'partial');
    mkdirSync(target, { recursive: true });
    copyModel('partial');
    rmSync(path.join(target, 'card.json'));
    await expect(loadModel(target)).rejects.toThrow(/card\.json: missing/);
    await expect(loadModel(path.join(dir, 'nope'))).rejects.toThrow(/model directory not found/);
  });
  it('rejects input rows that lack a model column', async () => {
    const model = await loadModel(modelDir);
    expect(() => predictHealth(model, [{ customer_id: 'x', tenure_days: 3 }])).toThrow(/lacks column\(s\)/);
  });
});
