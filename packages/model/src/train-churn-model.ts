/**
 * @module `trainChurnModel`: the whole retraining run. Read data, parse the label, split, fit the
 * preprocessing on the training split, train the logistic baseline and the MLP, calibrate on validation,
 * evaluate on test, explain, and (with `modelsDir`) save a versioned model directory, its report and the
 * registry entry, promoting it by the registry's rule.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { RiskThresholds } from '@chi/core';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from './atomic.js';
import { type CalibrationMethod, calibrateAll, fitCalibration } from './calibrate.js';
import type { ModelCard } from './card.js';
import { DataError, ModelError } from './errors.js';
import { applyLabelRule, fitLabelRule } from './label.js';
import { brier, downsampleCurve, evaluate, logLoss, type Metrics, rocAuc, rocCurve } from './metrics.js';
import { createChurnModel, createLogisticModel, MLP_DEFAULTS } from './model.js';
import { type ChurnModel, loadModel, saveNetwork, saveSideFiles } from './model-io.js';
import { columnEffects, predictProbabilities } from './predict.js';
import { baselineVector, fitPreprocessing, transform } from './preprocess.js';
import { readRegistry, registerModel } from './registry.js';
import { renderReport } from './report.js';
import { ruleChiProbabilities } from './rule-chi.js';
import { DEFAULT_FRACTIONS, type SplitFractions, stratifiedSplit, timeSplit } from './split.js';
import { columnOf, readTable, type Table, takeRows } from './table.js';
import { type Dataset, type EpochLog, fitModel, predictRaw } from './train.js';

/** Most points of each ROC curve stored in the card. */
export const ROC_POINTS = 200;

/** Options of {@link trainChurnModel}. */
export interface TrainOptions {
  /** a CSV/Parquet path, or rows already in memory */
  input: string | Table;
  /** name of the data in the card when `input` is a table */
  source?: string;
  /** binary label column */
  label: string;
  /** the label value meaning churn, when not Yes/No, True/False or 1/0 */
  positive?: string;
  /** customer id column (left out of the features, used for result ids) */
  id?: string;
  /** as_of column: split by time when given */
  time?: string;
  /**
   * days left out between the training and validation dates (time split): the label horizon, so no
   * training outcome window reaches the validation and test periods. Default: the largest `horizon_days`
   * of the data when that column exists (metric snapshots), else 0.
   */
  gap?: number;
  /** only these feature columns */
  features?: string[];
  /** columns to leave out */
  exclude?: string[];
  /** [epochs=100] most epochs (early stopping usually ends sooner) */
  epochs?: number;
  /** [batchSize] rows per step; default a power of two near rows/30, between 16 and 128 */
  batchSize?: number;
  /** [patience=10] early-stopping patience in epochs */
  patience?: number;
  /** [seed=42] seed of split, initialisation, shuffling and dropout */
  seed?: number;
  /** [hidden=[16]] MLP hidden layer sizes */
  hidden?: number[];
  /** [dropout=0.3] */
  dropout?: number;
  /** [l2=0.001] */
  l2?: number;
  /** [learningRate=0.001] */
  learningRate?: number;
  /** [classWeight='balanced'] */
  classWeight?: 'balanced' | 'none';
  /** [calibration='platt'] */
  calibration?: CalibrationMethod;
  /** [thresholds={red: 0.5, yellow: 0.2}] colour thresholds on p */
  thresholds?: RiskThresholds;
  /** [fractions=[0.6, 0.2, 0.2]] train/validation/test shares */
  fractions?: SplitFractions;
  /** save the model here (as `<modelsDir>/<version>/`) and update `registry.json` */
  modelsDir?: string;
  /** make the new model champion whatever the comparison says */
  promote?: boolean;
  /** name of the active backend, recorded in the card (default: `tf.getBackend()`) */
  backend?: string;
  /** progress of each epoch */
  onEpoch?: (stage: 'baseline' | 'model', log: EpochLog, maxEpochs: number) => void;
  /** warnings (id-like or date columns left out, ...) */
  onWarning?: (message: string) => void;
}

/** The headline metrics printed by `chi train --json`. */
export interface MetricsSummary {
  roc_auc: number;
  pr_auc: number;
  log_loss: number;
  brier: number;
  lift_at_10: number;
  capture_at_10: number;
}

/** What became of the champion. */
export interface ChampionDecision {
  promoted: boolean;
  reason: string;
  previous: string | null;
  /** the previous champion's ROC-AUC re-scored on the new test rows, when it could be */
  previous_roc_auc_on_new_test?: number;
}

/** Outcome of {@link trainChurnModel}. */
export interface TrainResult {
  version: string;
  backend: string;
  rows: number;
  labelled_rows: number;
  unlabeled_rows: number;
  features: string[];
  inputs: number;
  test: MetricsSummary;
  baseline: MetricsSummary;
  rule_chi?: MetricsSummary;
  calibration: ModelCard['calibration'];
  /** where the model was saved; absent without `modelsDir` */
  dir?: string;
  champion?: ChampionDecision;
  card: ModelCard;
  /** the trained model, in memory */
  model: ChurnModel;
}

/** Headline numbers of a metrics object. */
export function summarise(m: Metrics): MetricsSummary {
  return {
    roc_auc: m.roc_auc,
    pr_auc: m.pr_auc,
    log_loss: m.log_loss,
    brier: m.brier,
    lift_at_10: m.lift_at_10,
    capture_at_10: m.capture_at_10,
  };
}

/**
 * Default batch size: a power of two near `rows / 30` (so even small data gets about 30 steps an epoch),
 * between 16 and 128.
 *
 * @param rows - training rows
 * @returns rows per gradient step
 */
export function defaultBatchSize(rows: number): number {
  return Math.min(128, Math.max(16, 2 ** Math.floor(Math.log2(Math.max(rows / 30, 1)))));
}

/** Largest `horizon_days` among the labelled rows (metric snapshots), else 0. */
function horizonDays(table: Table, rows: readonly number[]): number {
  const values = table.data.horizon_days;
  if (!values) return 0;
  let max = 0;
  for (const r of rows) {
    const n = Number(values[r]);
    if (Number.isFinite(n) && n > max) max = n;
  }
  return max;
}

function fingerprintTable(table: Table): string {
  const hash = createHash('sha256');
  for (const column of table.columns) {
    hash.update(column);
    hash.update(JSON.stringify(table.data[column]));
  }
  return hash.digest('hex');
}

function newVersion(created: Date, fingerprint: string, modelsDir?: string): string {
  const stamp = created.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = `${stamp}-${fingerprint.slice(0, 6)}`;
  let version = base;
  for (let n = 2; modelsDir && existsSync(path.join(modelsDir, version)); n++) version = `${base}-${n}`;
  return version;
}

/**
 * Trains, evaluates and (optionally) registers a churn model.
 *
 * @param options - data, label and training settings, see {@link TrainOptions}
 * @returns metrics, the card and the in-memory model
 * @example
 * await selectBackend();
 * const result = await trainChurnModel({ input: 'telco.csv', label: 'Churn', id: 'customerID', modelsDir: 'models' });
 */
export async function trainChurnModel(options: TrainOptions): Promise<TrainResult> {
  const started = Date.now();
  const seed = options.seed ?? 42;
  const warn = options.onWarning ?? (() => {});
  const table = typeof options.input === 'string' ? await readTable(options.input) : options.input;
  const source = typeof options.input === 'string' ? options.input : (options.source ?? 'in-memory rows');
  const fingerprint =
    typeof options.input === 'string'
      ? createHash('sha256').update(readFileSync(options.input)).digest('hex')
      : fingerprintTable(table);
  for (const column of [options.id, options.time]) if (column) columnOf(table, column);
  const rule = fitLabelRule(options.label, columnOf(table, options.label), options.positive);
  const labels = applyLabelRule(rule, columnOf(table, options.label));
  const labelled: number[] = [];
  for (let i = 0; i < labels.length; i++) if ((labels[i] as number) >= 0) labelled.push(i);
  const unlabeled = table.length - labelled.length;
  if (labelled.length < 30)
    throw new DataError(`only ${labelled.length} labelled rows; at least 30 are needed to train`);
  const churners = labelled.reduce((n, r) => n + (labels[r] as number), 0);
  if (churners < 5 || labelled.length - churners < 5) {
    throw new DataError(
      `label "${options.label}": ${churners} churned and ${labelled.length - churners} not churned rows; each class needs at least 5`,
    );
  }
  const fractions = options.fractions ?? DEFAULT_FRACTIONS;
  const gap = options.time ? (options.gap ?? horizonDays(table, labelled)) : 0;
  const split = options.time
    ? timeSplit(labelled, columnOf(table, options.time), fractions, gap)
    : stratifiedSplit(labelled, labels, seed, fractions);
  if (split.embargoed) {
    warn(`${split.embargoed} training rows less than ${gap} days before the validation dates left out (gap)`);
  }
  const trainTable = takeRows(table, split.train);
  const pre = fitPreprocessing(trainTable, {
    label: rule,
    idColumn: options.id ?? null,
    timeColumn: options.time ?? null,
    features: options.features,
    exclude: options.exclude,
  });
  for (const d of pre.dropped) warn(`column "${d.column}" left out: ${d.reason}`);
  const testTable = takeRows(table, split.test);
  const dataset = (t: Table, rows: number[]): Dataset => ({
    x: transform(pre, t),
    y: Float32Array.from(rows, (r) => labels[r] as number),
  });
  const train = dataset(trainTable, split.train);
  const validation = dataset(takeRows(table, split.validation), split.validation);
  const test = dataset(testTable, split.test);

  const epochs = options.epochs ?? 100;
  const fit = {
    epochs,
    batchSize: options.batchSize ?? defaultBatchSize(train.x.rows),
    patience: options.patience ?? 10,
    classWeight: options.classWeight ?? 'balanced',
    seed,
  } as const;
  const arch = {
    hidden: options.hidden ?? [...MLP_DEFAULTS.hidden],
    dropout: options.dropout ?? MLP_DEFAULTS.dropout,
    l2: options.l2 ?? MLP_DEFAULTS.l2,
    learningRate: options.learningRate ?? MLP_DEFAULTS.learningRate,
  };
  const method = options.calibration ?? 'platt';
  const thresholds = options.thresholds ?? { red: 0.5, yellow: 0.2 };

  // logistic baseline, calibrated the same way
  const logistic = createLogisticModel(train.x.cols, { l2: arch.l2, seed });
  await fitModel(logistic, train, validation, {
    ...fit,
    onEpoch: (log, n) => options.onEpoch?.('baseline', log, n),
  });
  const baselineCal = fitCalibration(method, validation.y, predictRaw(logistic, validation.x));
  const baselineTest = calibrateAll(baselineCal, predictRaw(logistic, test.x));
  const baselineMetrics = evaluate(test.y, baselineTest, thresholds);
  logistic.dispose();

  // the MLP
  const network = createChurnModel(train.x.cols, { ...arch, seed });
  const fitted = await fitModel(network, train, validation, {
    ...fit,
    onEpoch: (log, n) => options.onEpoch?.('model', log, n),
  });
  const rawVal = predictRaw(network, validation.x);
  const rawTest = predictRaw(network, test.x);
  const calibration = fitCalibration(method, validation.y, rawVal);
  const calVal = calibrateAll(calibration, rawVal);
  const calTest = calibrateAll(calibration, rawTest);
  const testMetrics = evaluate(test.y, calTest, thresholds);
  const uncalibrated = evaluate(test.y, rawTest, thresholds);

  const rule_chi = ruleChiProbabilities(testTable);
  const ruleMetrics = rule_chi ? evaluate(test.y, rule_chi, thresholds) : undefined;

  const created = new Date();
  const version = newVersion(created, fingerprint, options.modelsDir);
  const idColumn = options.id ?? null;
  const testKeys = split.test.map((r) =>
    [
      idColumn ? String(table.data[idColumn]?.[r]) : String(r),
      options.time ? String(table.data[options.time]?.[r]) : '',
    ].join('|'),
  );
  const card: ModelCard = {
    format: 'chi-model-card',
    version,
    created: created.toISOString(),
    backend: options.backend ?? tf.getBackend(),
    tfjs_version: tf.version.tfjs,
    features: pre.features.map((f) => f.column),
    inputs: pre.featureNames,
    dropped: pre.dropped,
    data: {
      source,
      fingerprint,
      rows: table.length,
      labelled_rows: labelled.length,
      unlabeled_rows: unlabeled,
      positives: labelled.filter((r) => labels[r] === 1).length,
      label: options.label,
      id_column: idColumn,
      time_column: options.time ?? null,
      split: {
        method: split.method,
        seed,
        train: split.train.length,
        validation: split.validation.length,
        test: split.test.length,
        ...(split.ranges ? { ranges: split.ranges } : {}),
        gap_days: gap,
        embargoed_rows: split.embargoed ?? 0,
        test_fingerprint: createHash('sha256').update(testKeys.sort().join('\n')).digest('hex'),
      },
    },
    training: {
      architecture: {
        hidden: arch.hidden,
        dropout: arch.dropout,
        l2: arch.l2,
        learning_rate: arch.learningRate,
      },
      batch_size: fit.batchSize,
      max_epochs: epochs,
      epochs_run: fitted.history.length,
      best_epoch: fitted.bestEpoch,
      class_weight: fitted.classWeight,
      seed,
      seconds: 0,
      history: fitted.history,
    },
    calibration: {
      ...calibration,
      fitted_on: 'validation',
      validation: {
        before: { log_loss: logLoss(validation.y, rawVal), brier: brier(validation.y, rawVal) },
        after: { log_loss: logLoss(validation.y, calVal), brier: brier(validation.y, calVal) },
      },
      test: {
        before: { log_loss: uncalibrated.log_loss, brier: uncalibrated.brier },
        after: { log_loss: testMetrics.log_loss, brier: testMetrics.brier },
      },
    },
    thresholds,
    metrics: {
      test: testMetrics,
      baseline: baselineMetrics,
      ...(ruleMetrics ? { rule_chi: ruleMetrics } : {}),
    },
    roc: {
      test: downsampleCurve(rocCurve(test.y, calTest), ROC_POINTS),
      baseline: downsampleCurve(rocCurve(test.y, baselineTest), ROC_POINTS),
      ...(rule_chi ? { rule_chi: downsampleCurve(rocCurve(test.y, rule_chi), ROC_POINTS) } : {}),
    },
    feature_importance: [],
    attribution: {
      method: 'integrated-gradients',
      steps: 16,
      baseline: 'training medians (numbers, scaled), missing indicators 0, category shares (one-hot groups)',
    },
  };
  const model: ChurnModel = {
    dir: '',
    version,
    network,
    preprocessing: pre,
    card,
    calibration,
    baseline: baselineVector(pre),
  };
  const sample = takeRows(
    testTable,
    Array.from({ length: Math.min(500, testTable.length) }, (_, i) => i),
  );
  const effects = columnEffects(model, sample);
  const nCols = pre.features.length;
  card.feature_importance = pre.features
    .map((f, j) => {
      let sum = 0;
      for (let r = 0; r < sample.length; r++) sum += Math.abs(effects[r * nCols + j] as number);
      return { feature: f.column, importance: sum / Math.max(sample.length, 1) };
    })
    .sort((a, b) => b.importance - a.importance);
  card.training.seconds = (Date.now() - started) / 1000;

  const result: TrainResult = {
    version,
    backend: card.backend,
    rows: table.length,
    labelled_rows: labelled.length,
    unlabeled_rows: unlabeled,
    features: card.features,
    inputs: pre.featureNames.length,
    test: summarise(testMetrics),
    baseline: summarise(baselineMetrics),
    ...(ruleMetrics ? { rule_chi: summarise(ruleMetrics) } : {}),
    calibration: card.calibration,
    card,
    model,
  };
  if (!options.modelsDir) return result;

  const modelsDir = options.modelsDir;
  const decision = await decideChampion(
    modelsDir,
    testTable,
    test.y,
    testMetrics.roc_auc,
    options.promote ?? false,
  );
  const tmp = path.join(modelsDir, `.tmp-${version}-${randomBytes(4).toString('hex')}`);
  mkdirSync(tmp, { recursive: true });
  try {
    await saveNetwork(network, tmp);
    saveSideFiles(tmp, pre, card);
    const curves = [
      { name: 'model', y: test.y, p: calTest },
      { name: 'logistic baseline', y: test.y, p: baselineTest },
    ];
    if (rule_chi) curves.push({ name: 'rule CHI', y: test.y, p: rule_chi });
    writeFileAtomic(
      path.join(tmp, 'report.html'),
      renderReport({ card, predictors: curves, calibrationBefore: uncalibrated.calibration }),
    );
    renameSync(tmp, path.join(modelsDir, version));
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  registerModel(modelsDir, card, { promote: decision.promoted, reason: decision.reason });
  model.dir = path.join(modelsDir, version);
  return { ...result, dir: model.dir, champion: decision };
}

async function decideChampion(
  modelsDir: string,
  testTable: Table,
  y: Float32Array,
  newAuc: number,
  force: boolean,
): Promise<ChampionDecision> {
  const registry = readRegistry(modelsDir);
  const previous = registry.champion;
  if (force) return { promoted: true, reason: 'promoted with --promote', previous };
  if (!previous) return { promoted: true, reason: 'first model in the registry', previous };
  let champion: ChurnModel;
  try {
    champion = await loadModel(path.join(modelsDir, previous));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { promoted: true, reason: `the champion ${previous} cannot be loaded (${why})`, previous };
  }
  try {
    const missing = champion.card.features.filter((c) => !testTable.data[c]);
    if (missing.length > 0) {
      return {
        promoted: false,
        reason: `not comparable with champion ${previous}: the new data lacks its column(s) ${missing.join(', ')}; use --promote to replace it`,
        previous,
      };
    }
    let championAuc: number;
    try {
      championAuc = rocAuc(y, predictProbabilities(champion, testTable).p);
    } catch (error) {
      if (error instanceof ModelError || error instanceof DataError) {
        return {
          promoted: false,
          reason: `not comparable with champion ${previous}: ${error.message}`,
          previous,
        };
      }
      throw error;
    }
    const promoted = newAuc >= championAuc;
    return {
      promoted,
      reason: promoted
        ? `test ROC-AUC ${newAuc.toFixed(4)} >= champion ${previous}'s ${championAuc.toFixed(4)} on the same test rows`
        : `test ROC-AUC ${newAuc.toFixed(4)} < champion ${previous}'s ${championAuc.toFixed(4)} on the same test rows; kept the champion`,
      previous,
      previous_roc_auc_on_new_test: championAuc,
    };
  } finally {
    champion.network.dispose();
  }
}
