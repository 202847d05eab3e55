/** @module Network definitions: the MLP churn model and the logistic-regression baseline, both compiled. */
import * as tf from '@tensorflow/tfjs';

/** Architecture and optimiser settings of the MLP. */
export interface MlpOptions {
  /** [hidden=[16]] units of each hidden ReLU layer */
  hidden?: number[];
  /** [dropout=0.3] dropout rate after each hidden layer */
  dropout?: number;
  /** [l2=0.001] L2 penalty on every kernel */
  l2?: number;
  /** [learningRate=0.001] Adam learning rate */
  learningRate?: number;
  /** [seed=42] seed of the weight initialisers */
  seed?: number;
}

/** Defaults of {@link MlpOptions}. */
export const MLP_DEFAULTS = { hidden: [16], dropout: 0.3, l2: 0.001, learningRate: 0.001, seed: 42 } as const;

/**
 * Creates the churn MLP: dense ReLU layers with dropout, then one sigmoid unit.
 *
 * @param numFeatures - width of the input matrix
 * @param options - architecture, see {@link MlpOptions}
 * @returns a compiled model mapping [batch, numFeatures] to churn probabilities [batch, 1]
 */
export function createChurnModel(numFeatures: number, options: MlpOptions = {}): tf.LayersModel {
  const o = { ...MLP_DEFAULTS, ...options };
  const model = tf.sequential({ name: 'chi_churn_mlp' });
  o.hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: o.seed + i }),
        kernelRegularizer: o.l2 > 0 ? tf.regularizers.l2({ l2: o.l2 }) : undefined,
        ...(i === 0 ? { inputShape: [numFeatures] } : {}),
      }),
    );
    if (o.dropout > 0) model.add(tf.layers.dropout({ rate: o.dropout }));
  });
  model.add(
    tf.layers.dense({
      units: 1,
      activation: 'sigmoid',
      kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + 100 }),
      ...(o.hidden.length === 0 ? { inputShape: [numFeatures] } : {}),
    }),
  );
  model.compile({ optimizer: tf.train.adam(o.learningRate), loss: 'binaryCrossentropy' });
  return model;
}

/**
 * Creates the logistic-regression baseline: one sigmoid unit over the same inputs, L2-penalised.
 *
 * @param numFeatures - width of the input matrix
 * @param options - `l2` [0.001], `learningRate` [0.01], `seed` [42]
 * @returns a compiled model mapping [batch, numFeatures] to [batch, 1]
 */
export function createLogisticModel(
  numFeatures: number,
  options: { l2?: number; learningRate?: number; seed?: number } = {},
): tf.LayersModel {
  return createChurnModel(numFeatures, {
    hidden: [],
    dropout: 0,
    l2: options.l2 ?? 0.001,
    learningRate: options.learningRate ?? 0.01,
    seed: options.seed ?? 42,
  });
}
