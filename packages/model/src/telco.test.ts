/** @module Test of the churn model on the real IBM Telco file against the published ROC-AUC. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { type TrainResult, trainChurnModel } from './train-churn-model.js';

/** The shared datasets folder sits beside the repository root. */
const TELCO = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../datasets/ibm_telco_customer_churn.csv',
);

describe('IBM Telco churn (real data)', () => {
  let result: TrainResult;
  beforeAll(async () => {
    await selectBackend();
    result = await trainChurnModel({ input: TELCO, label: 'Churn', id: 'customerID', seed: 42 });
  });

  it('reaches the published test ROC-AUC (>= 0.84) without signs of leakage (<= 0.86)', () => {
    expect(result.test.roc_auc).toBeGreaterThanOrEqual(0.84);
    expect(result.test.roc_auc).toBeLessThanOrEqual(0.86);
    expect(result.baseline.roc_auc).toBeGreaterThan(0.82);
  });
  it('uses every column but the id, one-hot encoded', () => {
    expect(result.features).toHaveLength(19);
    expect(result.features).not.toContain('customerID');
    expect(result.card.inputs).toContain('Contract=Month-to-month');
    expect(result.card.inputs).toContain('TotalCharges__missing');
  });
  it('splits 60/20/20 stratified and counts the 11 blank TotalCharges as missing, not as a category', () => {
    expect(result.card.data.split).toMatchObject({
      method: 'stratified',
      train: 4225,
      validation: 1409,
      test: 1409,
    });
    const total = result.model.preprocessing.features.find((f) => f.column === 'TotalCharges');
    expect(total?.kind).toBe('numeric');
  });
  it('improves log loss and Brier score on the test split by calibrating on validation', () => {
    const { test } = result.calibration;
    expect(test.after.brier).toBeLessThan(test.before.brier);
    expect(test.after.log_loss).toBeLessThan(test.before.log_loss);
  });
  it('finds contract type and tenure among the three most important columns', () => {
    const top = result.card.feature_importance.slice(0, 3).map((f) => f.feature);
    expect(top).toContain('Contract');
    expect(top).toContain('tenure');
  });
});
