/** @module The model card (`card.json`): what a model was trained on, how, and how well it does. */
import type { RiskThresholds } from '@chi/core';
import type { Calibration } from './calibrate.js';
import type { Metrics, RocPoint } from './metrics.js';
import type { EpochLog } from './train.js';

/** Log loss and Brier score of the probabilities, before or after calibration. */
export interface CalibrationCheck {
  log_loss: number;
  brier: number;
}

/** Contents of `card.json`. */
export interface ModelCard {
  format: 'chi-model-card';
  version: string;
  /** ISO timestamp */
  created: string;
  /** TF.js backend the model was trained on */
  backend: string;
  tfjs_version: string;
  /** input columns (before one-hot encoding) */
  features: string[];
  /** model inputs after encoding */
  inputs: string[];
  dropped: Array<{ column: string; reason: string }>;
  data: {
    source: string;
    /** sha256 of the input data */
    fingerprint: string;
    rows: number;
    labelled_rows: number;
    unlabeled_rows: number;
    positives: number;
    label: string;
    id_column: string | null;
    time_column: string | null;
    split: {
      method: 'stratified' | 'time';
      seed: number;
      train: number;
      validation: number;
      test: number;
      ranges?: { train: [string, string]; validation: [string, string]; test: [string, string] };
      /** days between the last training date and the first validation date kept free (time split) */
      gap_days: number;
      /** training rows left out by that gap */
      embargoed_rows: number;
      /** sha256 of the test rows' ids (or row numbers), to tell whether two models saw the same test rows */
      test_fingerprint: string;
    };
  };
  training: {
    architecture: { hidden: number[]; dropout: number; l2: number; learning_rate: number };
    batch_size: number;
    max_epochs: number;
    epochs_run: number;
    best_epoch: number;
    class_weight: { 0: number; 1: number };
    seed: number;
    seconds: number;
    history: EpochLog[];
  };
  calibration: Calibration & {
    fitted_on: 'validation';
    validation: { before: CalibrationCheck; after: CalibrationCheck };
    test: { before: CalibrationCheck; after: CalibrationCheck };
  };
  thresholds: RiskThresholds;
  /** test-split metrics of the model (calibrated), the logistic baseline and, on snapshot data, the rule CHI */
  metrics: { test: Metrics; baseline: Metrics; rule_chi?: Metrics };
  /**
   * test-split ROC curves of the same predictors as `metrics` (same keys), at most 200 points each with
   * their thresholds on p; absent in cards written before it was added
   */
  roc?: { test: RocPoint[]; baseline: RocPoint[]; rule_chi?: RocPoint[] };
  /** mean |effect| in score points per input column on up to 500 test rows (integrated gradients) */
  feature_importance: Array<{ feature: string; importance: number }>;
  attribution: { method: 'integrated-gradients'; steps: number; baseline: string };
}
