/** @module Tests of seed reproducibility and of wasm/cpu parity. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { predictProbabilities } from './predict.js';
import { syntheticChurnRows } from './synthetic-rows.js';
import { tableFromRows } from './table.js';
import { type TrainOptions, trainChurnModel } from './train-churn-model.js';

const table = tableFromRows(syntheticChurnRows(1200, { seed: 31 }));
const options: TrainOptions = {
  input: table,
  label: 'churned',
  id: 'customer_id',
  exclude: ['as_of'],
  epochs: 12,
  batchSize: 64,
  learningRate: 0.01,
  seed: 17,
};

afterAll(async () => {
  await selectBackend();
});

describe('reproducibility and backends', () => {
  it('gives the same metrics for the same seed, data and backend', async () => {
    await selectBackend('wasm');
    const a = await trainChurnModel(options);
    const b = await trainChurnModel(options);
    expect(b.test).toEqual(a.test);
    expect(b.baseline).toEqual(a.baseline);
    expect(b.card.training.history).toEqual(a.card.training.history);
    const c = await trainChurnModel({ ...options, seed: 18 });
    expect(c.test.roc_auc).not.toBe(a.test.roc_auc);
  });

  it('predicts the same probabilities on wasm and cpu for one set of weights', async () => {
    await selectBackend('wasm');
    const trained = await trainChurnModel(options);
    const sample = tableFromRows(syntheticChurnRows(300, { seed: 32 }));
    const onWasm = predictProbabilities(trained.model, sample).p;
    const weights = trained.model.network
      .getWeights()
      .map((w) => ({ shape: w.shape, values: w.dataSync().slice() }));
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    trained.model.network.setWeights(weights.map((w) => tf.tensor(w.values, w.shape)));
    const onCpu = predictProbabilities(trained.model, sample).p;
    let worst = 0;
    for (let i = 0; i < onWasm.length; i++)
      worst = Math.max(worst, Math.abs((onWasm[i] as number) - (onCpu[i] as number)));
    expect(worst).toBeLessThan(1e-5);
  });

  it('trains to comparable quality on cpu and wasm with the same seed', async () => {
    await selectBackend('cpu');
    const cpu = await trainChurnModel(options);
    await selectBackend('wasm');
    const wasm = await trainChurnModel(options);
    expect(Math.abs(cpu.test.roc_auc - wasm.test.roc_auc)).toBeLessThan(0.01);
  });
});
