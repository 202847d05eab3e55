/** @module @chi/model public API: the TF.js churn model behind predicted health. */

export { writeFileAtomic } from './atomic.js';
export { integratedGradients } from './attribution.js';
export type { BackendName as Backend } from './backend.js';
// backend (entry points only)
export { activeBackend, type BackendName, selectBackend, wasmDirectory } from './backend.js';
export type { Calibration, CalibrationMethod, IsotonicCalibration, PlattCalibration } from './calibrate.js';
export { calibrate, calibrateAll, fitCalibration, fitIsotonic, fitPlatt } from './calibrate.js';
export type { CalibrationCheck, ModelCard } from './card.js';
export { DataError, ModelError } from './errors.js';
export { type EvaluationResult, evaluateModel } from './evaluate-model.js';
export type { LabelRule } from './label.js';
export { applyLabelRule, fitLabelRule } from './label.js';
export type { CalibrationBin, Confusion, Metrics, RocPoint } from './metrics.js';
export {
  brier,
  calibrationTable,
  confusionAt,
  downsampleCurve,
  evaluate,
  liftAt,
  logLoss,
  prAuc,
  prCurve,
  rocAuc,
  rocCurve,
} from './metrics.js';
export type { MlpOptions } from './model.js';
export { createChurnModel, createLogisticModel, MLP_DEFAULTS } from './model.js';
export type { ChurnModel } from './model-io.js';
// registry and files
export { loadModel, loadNetwork, saveNetwork } from './model-io.js';
export type { Driver, PredictedHealth, PredictOptions } from './predict.js';
// prediction
export { columnEffects, predictHealth, predictProbabilities } from './predict.js';
export type { FeatureSpec, Matrix, Preprocessing } from './preprocess.js';
export { baselineVector, fitPreprocessing, isMissing, transform } from './preprocess.js';
export type { Registry, RegistryEntry } from './registry.js';
export { loadChampion, promoteModel, readRegistry, registerModel } from './registry.js';
export { renderReport } from './report.js';
export { ruleChiProbabilities } from './rule-chi.js';
export type { Split, SplitFractions } from './split.js';
export { DEFAULT_FRACTIONS, stratifiedSplit, timeSplit } from './split.js';
export { type SyntheticOptions, syntheticChurnRows, toCsv } from './synthetic-rows.js';
export type { Table } from './table.js';
export { readTable, tableFromRows, takeRows } from './table.js';
export type { Dataset, EpochLog, FitOptions, FitResult } from './train.js';
export { balancedClassWeight, fitModel, predictRaw } from './train.js';
// training and evaluation
export {
  type ChampionDecision,
  type MetricsSummary,
  summarise,
  type TrainOptions,
  type TrainResult,
  trainChurnModel,
} from './train-churn-model.js';
