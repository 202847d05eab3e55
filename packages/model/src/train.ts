/**
 * @module The training loop: seeded shuffling per epoch, class weights, early stopping on validation loss
 * with the best weights restored, and a callback per epoch for progress bars.
 */
import * as tf from '@tensorflow/tfjs';
import type { Matrix } from './preprocess.js';
import { createRandom, shuffleInPlace, withSeededMathRandom } from './random.js';

/** A labelled input matrix. */
export interface Dataset {
  x: Matrix;
  /** labels 0/1, one per row */
  y: Float32Array;
}

/** One epoch of the training history. */
export interface EpochLog {
  epoch: number;
  /** weighted training loss (incl. L2) */
  loss: number;
  /** class-weighted validation log loss */
  val_loss: number;
}

/** Options of {@link fitModel}. */
export interface FitOptions {
  /** [epochs=60] most epochs */
  epochs?: number;
  /** [batchSize=128] rows per gradient step */
  batchSize?: number;
  /** [patience=8] epochs without validation improvement before stopping */
  patience?: number;
  /** [classWeight='balanced'] weight churners and stayers equally in total, or not at all */
  classWeight?: 'balanced' | 'none';
  /** [seed=42] seed of shuffling and dropout */
  seed?: number;
  /** called after each epoch */
  onEpoch?: (log: EpochLog, total: number) => void;
}

/** Outcome of {@link fitModel}. */
export interface FitResult {
  history: EpochLog[];
  bestEpoch: number;
  classWeight: { 0: number; 1: number };
}

/**
 * Balanced class weights: each class contributes half of the total weight.
 *
 * @param y - labels 0/1
 * @returns weight per class
 */
export function balancedClassWeight(y: ArrayLike<number>): { 0: number; 1: number } {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] as number;
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return { 0: 1, 1: 1 };
  return { 0: y.length / (2 * neg), 1: y.length / (2 * pos) };
}

/**
 * Predicts raw (uncalibrated) probabilities in batches.
 *
 * @param model - a model mapping [batch, cols] to [batch, 1]
 * @param x - input matrix
 * @param batchSize - [4096] rows per forward pass (large batches are much faster on wasm)
 * @returns one probability per row
 */
export function predictRaw(model: tf.LayersModel, x: Matrix, batchSize = 4096): Float32Array {
  const out = new Float32Array(x.rows);
  for (let start = 0; start < x.rows; start += batchSize) {
    const end = Math.min(x.rows, start + batchSize);
    const chunk = tf.tidy(() => {
      const input = tf.tensor2d(x.values.subarray(start * x.cols, end * x.cols), [end - start, x.cols]);
      return (model.predict(input) as tf.Tensor).dataSync();
    });
    out.set(chunk as Float32Array, start);
  }
  return out;
}

function weightedLogLoss(y: Float32Array, p: Float32Array, w: { 0: number; 1: number }): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i] as number, 1e-7), 1 - 1e-7);
    const weight = y[i] ? w[1] : w[0];
    sum -= weight * (y[i] ? Math.log(q) : Math.log(1 - q));
    total += weight;
  }
  return sum / Math.max(total, 1e-12);
}

/**
 * Trains a compiled model with early stopping; the weights of the best validation epoch are kept.
 *
 * @param model - compiled model (from `createChurnModel` / `createLogisticModel`)
 * @param train - training rows
 * @param validation - validation rows (early stopping)
 * @param options - see {@link FitOptions}
 * @returns the history, the best epoch (1-based) and the class weights used
 */
export async function fitModel(
  model: tf.LayersModel,
  train: Dataset,
  validation: Dataset,
  options: FitOptions = {},
): Promise<FitResult> {
  const epochs = options.epochs ?? 60;
  const batchSize = options.batchSize ?? 128;
  const patience = options.patience ?? 8;
  const seed = options.seed ?? 42;
  const classWeight = options.classWeight === 'none' ? { 0: 1, 1: 1 } : balancedClassWeight(train.y);
  const random = createRandom(seed);
  const history: EpochLog[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] | null = null;
  const { rows, cols } = train.x;
  const xAll = tf.tensor2d(train.x.values, [rows, cols]);
  const yAll = tf.tensor2d(train.y, [rows, 1]);
  const order = Array.from({ length: rows }, (_, i) => i);
  try {
    await withSeededMathRandom(seed, async () => {
      for (let epoch = 1; epoch <= epochs; epoch++) {
        shuffleInPlace(order, random);
        const indices = tf.tensor1d(order, 'int32');
        const x = tf.gather(xAll, indices);
        const y = tf.gather(yAll, indices);
        const fitted = await model.fit(x, y, {
          epochs: 1,
          batchSize,
          shuffle: false,
          classWeight,
          verbose: 0,
        });
        tf.dispose([indices, x, y]);
        const loss = Number(fitted.history.loss?.[0] ?? Number.NaN);
        const valLoss = weightedLogLoss(validation.y, predictRaw(model, validation.x), classWeight);
        const log = { epoch, loss, val_loss: valLoss };
        history.push(log);
        options.onEpoch?.(log, epochs);
        if (valLoss < best - 1e-5) {
          best = valLoss;
          bestEpoch = epoch;
          if (bestWeights) tf.dispose(bestWeights);
          bestWeights = model.getWeights().map((w) => w.clone());
        } else if (epoch - bestEpoch >= patience) {
          break;
        }
      }
    });
    if (bestWeights) model.setWeights(bestWeights);
  } finally {
    if (bestWeights) tf.dispose(bestWeights);
    tf.dispose([xAll, yAll]);
  }
  return { history, bestEpoch, classWeight };
}
