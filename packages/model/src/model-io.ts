/**
 * @module Saving and loading a model directory: `model.json` + `weights.bin` in the standard TF.js layers
 * format (through a custom IOHandler, since `file://` needs tfjs-node), `preprocessing.json` and
 * `card.json`. Loading checks every file and names the one at fault.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from './atomic.js';
import type { Calibration } from './calibrate.js';
import type { ModelCard } from './card.js';
import { ModelError } from './errors.js';
import { baselineVector, type Preprocessing, parsePreprocessing } from './preprocess.js';

/** A loaded model, ready for {@link predictHealth}. */
export interface ChurnModel {
  dir: string;
  version: string;
  network: tf.LayersModel;
  preprocessing: Preprocessing;
  card: ModelCard;
  calibration: Calibration;
  /** attribution baseline in model-input space */
  baseline: Float32Array;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, complex64: 8, string: 0 };

/**
 * Saves a network as `model.json` + `weights.bin` in `dir`, each file written atomically.
 *
 * @param network - trained TF.js layers model
 * @param dir - target directory (created)
 */
export async function saveNetwork(network: tf.LayersModel, dir: string): Promise<void> {
  await network.save({
    save: async (artifacts) => {
      const weightData = artifacts.weightData;
      const buffers = weightData === undefined ? [] : Array.isArray(weightData) ? weightData : [weightData];
      const bytes = Buffer.concat(buffers.map((b) => Buffer.from(b)));
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileAtomic(path.join(dir, 'weights.bin'), bytes);
      writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs).length,
          weightDataBytes: bytes.length,
        },
      };
    },
  });
}

function readJson(dir: string, name: string): unknown {
  const file = path.join(dir, name);
  if (!existsSync(file))
    throw new ModelError(
      `${file}: missing (a model directory needs model.json, weights.bin, preprocessing.json and card.json)`,
    );
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ModelError(`${file}: not valid JSON (corrupt or truncated, ${text.length} bytes)`, {
      cause: error,
    });
  }
}

/**
 * Loads a network saved by {@link saveNetwork}, checking the weights file against the manifest.
 *
 * @param dir - model directory
 * @returns the network
 */
export async function loadNetwork(dir: string): Promise<tf.LayersModel> {
  const modelJson = readJson(dir, 'model.json') as {
    modelTopology?: object;
    weightsManifest?: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  };
  const manifest = modelJson.weightsManifest?.[0];
  if (!modelJson.modelTopology || !manifest || !Array.isArray(manifest.weights)) {
    throw new ModelError(
      `${path.join(dir, 'model.json')}: not a TF.js layers model (modelTopology or weightsManifest missing)`,
    );
  }
  const weightsFile = path.join(dir, 'weights.bin');
  if (!existsSync(weightsFile)) throw new ModelError(`${weightsFile}: missing`);
  const expected = manifest.weights.reduce(
    (sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * (BYTES[w.dtype] ?? 4),
    0,
  );
  const actual = statSync(weightsFile).size;
  if (actual !== expected) {
    throw new ModelError(
      `${weightsFile}: ${actual < expected ? 'truncated' : 'wrong size'}: model.json expects ${expected} bytes, found ${actual}`,
    );
  }
  const data = readFileSync(weightsFile);
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  try {
    return await tf.loadLayersModel({
      load: async () => ({
        modelTopology: modelJson.modelTopology,
        weightSpecs: manifest.weights,
        weightData,
      }),
    });
  } catch (error) {
    throw new ModelError(
      `${path.join(dir, 'model.json')}: cannot build the network: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Writes the JSON side files of a model directory (atomically).
 *
 * @param dir - model directory
 * @param preprocessing - fitted preprocessing
 * @param card - model card
 */
export function saveSideFiles(dir: string, preprocessing: Preprocessing, card: ModelCard): void {
  writeFileAtomic(path.join(dir, 'preprocessing.json'), JSON.stringify(preprocessing, null, 2));
  writeFileAtomic(path.join(dir, 'card.json'), JSON.stringify(card, null, 2));
}

/**
 * Loads a model directory: network, preprocessing and card, checked against each other.
 *
 * @param dir - a `models/<version>/` directory
 * @returns the model; throws `ModelError` naming the file and problem when anything is missing, corrupt,
 *   truncated or inconsistent
 */
export async function loadModel(dir: string): Promise<ChurnModel> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ModelError(`model directory not found: ${dir}`);
  const preprocessing = parsePreprocessing(
    readJson(dir, 'preprocessing.json'),
    path.join(dir, 'preprocessing.json'),
  );
  const card = readJson(dir, 'card.json') as ModelCard;
  if (card?.format !== 'chi-model-card' || typeof card.version !== 'string' || !card.calibration) {
    throw new ModelError(
      `${path.join(dir, 'card.json')}: not a CHI model card (format, version or calibration missing)`,
    );
  }
  const network = await loadNetwork(dir);
  const width = network.inputs[0]?.shape[1];
  if (width !== preprocessing.featureNames.length) {
    network.dispose();
    throw new ModelError(
      `${dir}: feature mismatch: the network takes ${width} inputs but preprocessing.json describes ${preprocessing.featureNames.length}`,
    );
  }
  const { fitted_on: _f, validation: _v, test: _t, ...calibration } = card.calibration;
  return {
    dir,
    version: card.version,
    network,
    preprocessing,
    card,
    calibration: calibration as Calibration,
    baseline: baselineVector(preprocessing),
  };
}
