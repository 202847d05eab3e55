/**
 * @module Predictor over `@chi/model`: the champion's calibrated churn probability, score, colour and
 * integrated-gradient drivers; column-wise without drivers for the portfolio.
 */
import type { CustomerInput, HealthResultWire, ModelCard } from '@chi/core';
import { type ChurnModel, DataError, predictHealth } from '@chi/model';
import { ApiError } from '../errors.js';
import type { Band, ColumnScores, Predictor, SnapshotColumns } from '../ports.js';

type Table = Parameters<typeof predictHealth>[1];

function inputTable(model: ChurnModel, inputs: readonly CustomerInput[]): Table {
  const columns = new Set<string>(['customer_id', 'segment']);
  for (const f of model.preprocessing.features) columns.add(f.column);
  const data: Record<string, unknown[]> = {};
  for (const column of columns) {
    data[column] = inputs.map((x) =>
      column === 'customer_id'
        ? x.customer_id
        : column === 'segment'
          ? (x.segment ?? null)
          : (x.metrics[column] ?? null),
    );
  }
  return { columns: [...columns], data, length: inputs.length };
}

function columnsTable(model: ChurnModel, snapshot: SnapshotColumns): Table {
  const data: Record<string, unknown[]> = { customer_id: snapshot.customer_id, segment: snapshot.segment };
  for (const f of model.preprocessing.features) {
    if (data[f.column]) continue;
    const col = snapshot.measures[f.column];
    data[f.column] = col ? Array.from(col) : new Array<null>(snapshot.length).fill(null);
  }
  return { columns: Object.keys(data), data, length: snapshot.length };
}

/**
 * Wraps a loaded model.
 *
 * @param model - from `loadChampion` / `loadModel`
 * @returns the predictor; `dispose()` frees the network
 */
export function createPredictor(model: ChurnModel): Predictor {
  const run = (table: Table, drivers: boolean) => {
    try {
      return predictHealth(model, table, { drivers });
    } catch (error) {
      if (error instanceof DataError) {
        throw new ApiError(400, 'validation_failed', 'the input cannot be scored by the model', [
          { path: '', problem: error.message },
        ]);
      }
      throw error;
    }
  };
  return {
    version: model.version,
    card: model.card as unknown as ModelCard,
    async predict(inputs: readonly CustomerInput[]): Promise<HealthResultWire[]> {
      if (inputs.length === 0) return [];
      return run(inputTable(model, inputs), true);
    },
    async predictColumns(snapshot: SnapshotColumns): Promise<ColumnScores> {
      const n = snapshot.length;
      const score = new Float64Array(n).fill(Number.NaN);
      const churn_probability = new Float64Array(n).fill(Number.NaN);
      const band: Band[] = new Array<Band>(n).fill('unknown');
      if (n === 0) return { score, band, churn_probability };
      const results = run(columnsTable(model, snapshot), false);
      results.forEach((r, i) => {
        score[i] = r.score;
        churn_probability[i] = r.churn_probability;
        band[i] = r.band;
      });
      return { score, band, churn_probability };
    },
    dispose(): void {
      model.network.dispose();
    },
  };
}
