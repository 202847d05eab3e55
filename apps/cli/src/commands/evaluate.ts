/**
 * @module `chi evaluate`: scores a saved model (or the registry's champion) on labelled rows, e.g. a later
 * snapshot whose outcome window has closed, beside the rule CHI on snapshot data.
 */
import path from 'node:path';
import { type ChurnModel, evaluateModel, loadChampion, loadModel, summarise } from '@chi/model';
import type { Command } from 'commander';
import { metricsLine, numberOption, startBackend } from './train.js';

interface EvaluateCliOptions {
  model?: string;
  models: string;
  input: string;
  red?: string;
  yellow?: string;
  backend?: string;
  json?: boolean;
}

/**
 * Loads `--model DIR`, or the champion of `--models DIR`.
 *
 * @param opts - the command's flags
 * @returns the loaded model
 */
export async function resolveModel(opts: { model?: string; models: string }): Promise<ChurnModel> {
  return opts.model ? loadModel(path.resolve(opts.model)) : loadChampion(path.resolve(opts.models));
}

/**
 * Colour thresholds on the churn probability: `--red` / `--yellow` when given, else the model card's.
 *
 * @param opts - the command's options
 * @param model - the loaded model
 * @returns `{ red, yellow }`
 */
export function colourThresholds(
  opts: { red?: string; yellow?: string },
  model: ChurnModel,
): { red: number; yellow: number } {
  return {
    red: opts.red ? numberOption('--red', opts.red, 'unit') : model.card.thresholds.red,
    yellow: opts.yellow ? numberOption('--yellow', opts.yellow, 'unit') : model.card.thresholds.yellow,
  };
}

/** Registers `chi evaluate`. */
export function register(program: Command): void {
  program
    .command('evaluate')
    .description('Evaluate a saved churn model on labelled data (ROC-AUC, PR-AUC, log loss, Brier, lift)')
    .requiredOption('--input <file>', "labelled rows (.csv or .parquet) with the model's columns and label")
    .option('--model <dir>', 'model directory (default: the champion of --models)')
    .option('--models <dir>', 'model registry directory', 'models')
    .option('--red <p>', "red threshold on the churn probability (default: the model's)")
    .option('--yellow <p>', "yellow threshold on the churn probability (default: the model's)")
    .option('--backend <name>', 'tensorflow, wasm or cpu (default: fastest available)')
    .option('--json', 'print the metrics as JSON')
    .action(async (opts: EvaluateCliOptions) => {
      const backend = await startBackend(opts.backend, false);
      const model = await resolveModel(opts);
      try {
        const thresholds = colourThresholds(opts, model);
        const result = await evaluateModel(model, opts.input, thresholds);
        if (opts.json) {
          console.log(JSON.stringify({ backend, ...result }));
          return;
        }
        console.log(`model ${result.version} on ${opts.input} (backend ${backend})`);
        console.log(
          `rows ${result.rows}: ${result.labelled_rows} labelled, ${result.unlabeled_rows} unlabelled left out`,
        );
        console.log(`\n                       ROC-AUC PR-AUC  logloss Brier   lift@10 capture@10`);
        console.log(metricsLine('model', summarise(result.metrics)));
        if (result.rule_chi) console.log(metricsLine('rule CHI (100-score)', summarise(result.rule_chi)));
        console.log('\ncalibration   rows   mean p   observed');
        for (const b of result.metrics.calibration.filter((bin) => bin.count > 0)) {
          console.log(
            `${b.lower.toFixed(1)}-${b.upper.toFixed(1)}   ${String(b.count).padStart(6)}   ${b.mean_predicted.toFixed(3)}    ${b.observed_rate.toFixed(3)}`,
          );
        }
        console.log('');
        for (const [name, c] of Object.entries(result.metrics.confusion)) {
          console.log(
            `flagged ${name} (p >= ${c.threshold}): ${c.tp + c.fp} rows, precision ${c.precision.toFixed(3)}, recall ${c.recall.toFixed(3)}`,
          );
        }
      } finally {
        model.network.dispose();
      }
    });
}
