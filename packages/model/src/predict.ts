/**
 * @module Predicted health: calibrated churn probability, score = 100 x (1 - p), colour from the
 * thresholds on p, and the top drivers by integrated gradients in score points.
 */
import { predictedBand, type RiskThresholds } from '@chi/core';
import * as tf from '@tensorflow/tfjs';
import { integratedGradients } from './attribution.js';
import { calibrate, calibrateAll } from './calibrate.js';
import type { ChurnModel } from './model-io.js';
import { isMissing, transform } from './preprocess.js';
import { type Table, tableFromRows } from './table.js';
import { predictRaw } from './train.js';

/** One driver of a prediction: `effect` in score points (negative = pulls the predicted score down). */
export interface Driver {
  /** input column (one-hot groups aggregated back to their column) */
  feature: string;
  /** the customer's value for numeric columns, `null` for missing or string columns */
  value: number | null;
  /** for string columns, the customer's category */
  category?: string;
  effect: number;
}

/** DESIGN.md's health result in predicted mode. */
export interface PredictedHealth {
  customer_id: string;
  mode: 'predicted';
  /** 0-100, 100 x (1 - churn_probability), one decimal */
  score: number;
  band: 'green' | 'yellow' | 'red' | 'unknown';
  /** calibrated churn probability */
  churn_probability: number;
  drivers: Driver[];
  model_version: string;
}

/** Options of {@link predictHealth}. */
export interface PredictOptions {
  /** [drivers=true] compute integrated-gradient drivers (costs about `steps` extra passes) */
  drivers?: boolean;
  /** [topDrivers=3] drivers kept per customer, by absolute effect */
  topDrivers?: number;
  /** [steps=16] integrated-gradient path points */
  steps?: number;
  /** colour thresholds on p (default: the model card's, else red 0.5 / yellow 0.2) */
  thresholds?: RiskThresholds;
}

/**
 * Calibrated churn probabilities for a table of rows.
 *
 * @param model - loaded model
 * @param table - rows with the model's input columns
 * @returns raw (network) and calibrated probabilities, one per row
 */
export function predictProbabilities(
  model: ChurnModel,
  table: Table,
): { raw: Float32Array; p: Float64Array } {
  const x = transform(model.preprocessing, table);
  const raw = predictRaw(model.network, x);
  return { raw, p: calibrateAll(model.calibration, raw) };
}

/**
 * Per-column effects in score points for each row: integrated gradients of the raw probability, mapped
 * through the calibration (scaled so that a row's effects sum to its score minus the baseline's score),
 * summed within one-hot groups.
 *
 * @param model - loaded model
 * @param table - rows
 * @param steps - integrated-gradient path points
 * @returns effects, row-major [rows, features.length] (columns in `preprocessing.features` order)
 */
export function columnEffects(model: ChurnModel, table: Table, steps = 16): Float64Array {
  const pre = model.preprocessing;
  const x = transform(pre, table);
  const raw = predictRaw(model.network, x);
  const attributions = integratedGradients(model.network, x, model.baseline, steps);
  const baseRaw = tf.tidy(
    () =>
      (model.network.predict(tf.tensor2d(model.baseline, [1, x.cols])) as tf.Tensor).dataSync()[0] as number,
  );
  const baseCal = calibrate(model.calibration, baseRaw);
  const nCols = pre.features.length;
  const out = new Float64Array(x.rows * nCols);
  for (let r = 0; r < x.rows; r++) {
    const rawR = raw[r] as number;
    const dRaw = rawR - baseRaw;
    const k =
      Math.abs(dRaw) > 1e-6
        ? (calibrate(model.calibration, rawR) - baseCal) / dRaw
        : (calibrate(model.calibration, rawR + 1e-4) - calibrate(model.calibration, rawR - 1e-4)) / 2e-4;
    for (let j = 0; j < x.cols; j++) {
      const source = pre.featureSource[j] as number;
      out[r * nCols + source] =
        (out[r * nCols + source] as number) - 100 * k * (attributions[r * x.cols + j] as number);
    }
  }
  return out;
}

/**
 * Predicted health for a batch of customers.
 *
 * @param model - from `loadModel` / `loadChampion`
 * @param rows - plain objects of snapshot columns (or a column-oriented table)
 * @param options - drivers, thresholds, see {@link PredictOptions}
 * @returns one health result per row, in input order
 */
export function predictHealth(
  model: ChurnModel,
  rows: ReadonlyArray<Record<string, unknown>> | Table,
  options: PredictOptions = {},
): PredictedHealth[] {
  const table = Array.isArray(rows) ? tableFromRows(rows) : (rows as Table);
  const pre = model.preprocessing;
  const thresholds = options.thresholds ?? model.card.thresholds ?? { red: 0.5, yellow: 0.2 };
  const { p } = predictProbabilities(model, table);
  const withDrivers = options.drivers ?? true;
  const effects = withDrivers && table.length > 0 ? columnEffects(model, table, options.steps ?? 16) : null;
  const top = options.topDrivers ?? 3;
  const idValues = table.data[pre.idColumn ?? 'customer_id'];
  const nCols = pre.features.length;
  const results: PredictedHealth[] = [];
  for (let r = 0; r < table.length; r++) {
    const prob = p[r] as number;
    const drivers: Driver[] = [];
    if (effects) {
      const order = Array.from({ length: nCols }, (_, j) => j).sort(
        (a, b) => Math.abs(effects[r * nCols + b] as number) - Math.abs(effects[r * nCols + a] as number),
      );
      for (const j of order.slice(0, top)) {
        const spec = pre.features[j];
        const effect = effects[r * nCols + j] as number;
        if (!spec || Math.abs(effect) < 0.005) continue;
        const cell = table.data[spec.column]?.[r];
        const driver: Driver = { feature: spec.column, value: null, effect: Math.round(effect * 100) / 100 };
        if (spec.kind === 'numeric') driver.value = isMissing(cell) ? null : Number(cell);
        else driver.category = isMissing(cell) ? '(missing)' : String(cell);
        drivers.push(driver);
      }
    }
    results.push({
      customer_id: idValues ? String(idValues[r]) : String(r + 1),
      mode: 'predicted',
      score: Math.round(1000 * (1 - prob)) / 10,
      band: predictedBand(prob, thresholds),
      churn_probability: prob,
      drivers,
      model_version: model.version,
    });
  }
  return results;
}
