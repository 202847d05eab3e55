/**
 * @module Integrated gradients: how much each model input moves the churn probability away from a
 * baseline (a "typical customer": training medians for numbers, category shares for one-hot groups).
 * Straight-line path from baseline to input, midpoint Riemann sum over `steps` points.
 */
import * as tf from '@tensorflow/tfjs';
import type { Matrix } from './preprocess.js';

/**
 * Integrated-gradient attributions of the network's probability output.
 *
 * @param network - model mapping [batch, cols] to [batch, 1]
 * @param x - inputs, shape [rows, cols]
 * @param baseline - reference input, length cols
 * @param steps - [16] points on the path (more = closer completeness, slower)
 * @param chunkRows - [256] rows per gradient pass
 * @returns attributions, row-major [rows, cols], in probability units; each row sums to about
 *   p(x) - p(baseline)
 */
export function integratedGradients(
  network: tf.LayersModel,
  x: Matrix,
  baseline: Float32Array,
  steps = 16,
  chunkRows = 256,
): Float32Array {
  const { rows, cols } = x;
  const out = new Float32Array(rows * cols);
  const gradient = tf.grad((input: tf.Tensor) => (network.apply(input) as tf.Tensor).sum());
  const alphas = Float32Array.from({ length: steps }, (_, k) => (k + 0.5) / steps);
  for (let start = 0; start < rows; start += chunkRows) {
    const end = Math.min(rows, start + chunkRows);
    const r = end - start;
    const values = tf.tidy(() => {
      const input = tf.tensor2d(x.values.subarray(start * cols, end * cols), [r, cols]);
      const base = tf.tensor2d(baseline, [1, cols]);
      const diff = input.sub(base);
      const path = base
        .expandDims(0)
        .add(tf.tensor3d(alphas, [steps, 1, 1]).mul(diff.expandDims(0)))
        .reshape([steps * r, cols]);
      const grads = gradient(path).reshape([steps, r, cols]).mean(0);
      return grads.mul(diff).dataSync() as Float32Array;
    });
    out.set(values, start * cols);
  }
  return out;
}
