/**
 * @module `chi train`: trains the churn model on a snapshot history or any tabular CSV/Parquet with a
 * binary label, evaluates it against the logistic baseline (and the rule CHI on snapshot data), writes
 * the model directory with its report, and updates the registry's champion by its rule.
 */
import path from 'node:path';
import {
  type BackendName,
  type Confusion,
  type EpochLog,
  type MetricsSummary,
  selectBackend,
  type TrainOptions,
  trainChurnModel,
} from '@chi/model';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';

interface TrainCliOptions {
  input: string;
  label: string;
  positive?: string;
  id?: string;
  time?: string;
  gap?: string;
  features?: string;
  exclude?: string;
  epochs: string;
  batchSize?: string;
  patience: string;
  seed: string;
  hidden: string;
  dropout: string;
  l2: string;
  learningRate: string;
  classWeight: string;
  calibration: string;
  red: string;
  yellow: string;
  models: string;
  promote?: boolean;
  backend?: string;
  json?: boolean;
  quiet?: boolean;
}

/**
 * Parses a numeric flag, naming it when the value is not a number in range.
 *
 * @param flag - flag name for the message, e.g. `--epochs`
 * @param value - raw text
 * @param check - `int` for integers >= 1, `unit` for (0, 1), `nonneg` for >= 0, `prob` for [0, 1)
 * @returns the number
 */
export function numberOption(flag: string, value: string, check: 'int' | 'unit' | 'nonneg' | 'prob'): number {
  const n = Number(value);
  const ok =
    value.trim() !== '' &&
    Number.isFinite(n) &&
    (check === 'int'
      ? Number.isInteger(n) && n >= 1
      : check === 'unit'
        ? n > 0 && n < 1
        : check === 'prob'
          ? n >= 0 && n < 1
          : n >= 0);
  if (!ok) {
    const expected = {
      int: 'a whole number >= 1',
      unit: 'a number between 0 and 1',
      prob: 'a number in [0, 1)',
      nonneg: 'a number >= 0',
    }[check];
    throw new Error(`${flag}: expected ${expected}, got "${value}"`);
  }
  return n;
}

/**
 * Activates the TF.js backend named by `--backend` (default: fastest available) and says which one ran.
 *
 * @param requested - `tensorflow`, `wasm`, `cpu` or undefined
 * @param quiet - print nothing
 * @returns the backend now active
 */
export async function startBackend(requested: string | undefined, quiet: boolean): Promise<BackendName> {
  if (requested && !['tensorflow', 'wasm', 'cpu'].includes(requested)) {
    throw new Error(`--backend: expected tensorflow, wasm or cpu, got "${requested}"`);
  }
  const backend = await selectBackend(requested as BackendName | undefined);
  if (!quiet) console.error(`backend: ${backend}`);
  return backend;
}

const list = (value?: string) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Turns the command-line flags into {@link TrainOptions}. */
export function trainOptionsFromCli(opts: TrainCliOptions): TrainOptions {
  const red = numberOption('--red', opts.red, 'unit');
  const yellow = numberOption('--yellow', opts.yellow, 'unit');
  if (yellow >= red) throw new Error(`--yellow (${yellow}) must be below --red (${red})`);
  if (!['balanced', 'none'].includes(opts.classWeight)) {
    throw new Error(`--class-weight: expected balanced or none, got "${opts.classWeight}"`);
  }
  if (!['platt', 'isotonic', 'none'].includes(opts.calibration)) {
    throw new Error(`--calibration: expected platt, isotonic or none, got "${opts.calibration}"`);
  }
  const hidden = (list(opts.hidden) ?? []).map((h) => numberOption('--hidden', h, 'int'));
  return {
    input: opts.input,
    label: opts.label,
    positive: opts.positive,
    id: opts.id,
    time: opts.time,
    gap: opts.gap === undefined ? undefined : numberOption('--gap', opts.gap, 'nonneg'),
    features: list(opts.features),
    exclude: list(opts.exclude),
    epochs: numberOption('--epochs', opts.epochs, 'int'),
    batchSize: opts.batchSize === undefined ? undefined : numberOption('--batch-size', opts.batchSize, 'int'),
    patience: numberOption('--patience', opts.patience, 'int'),
    seed: numberOption('--seed', opts.seed, 'nonneg'),
    hidden,
    dropout: numberOption('--dropout', opts.dropout, 'prob'),
    l2: numberOption('--l2', opts.l2, 'nonneg'),
    learningRate: numberOption('--learning-rate', opts.learningRate, 'nonneg'),
    classWeight: opts.classWeight as 'balanced' | 'none',
    calibration: opts.calibration as 'platt' | 'isotonic' | 'none',
    thresholds: { red, yellow },
    modelsDir: opts.models,
    promote: opts.promote ?? false,
  };
}

/**
 * An epoch progress display: a bar on a terminal, a line every 10 epochs otherwise. When early stopping ends a
 * stage before its epoch budget, the bar closes full at the last epoch and says so, rather than staying part-filled.
 */
function epochProgress(quiet: boolean) {
  const stream = process.stderr;
  let bar: cliProgress.SingleBar | null = null;
  let stage = '';
  let label = '';
  let last: EpochLog | null = null;
  let budget = 0;
  const finish = () => {
    if (last && last.epoch < budget) {
      if (bar) {
        bar.setTotal(last.epoch);
        bar.update(last.epoch, { note: ' | stopped early' });
      } else {
        stream.write(
          `${label} stopped early at epoch ${last.epoch}/${budget} (validation loss no longer improving)\n`,
        );
      }
    }
    bar?.stop();
    bar = null;
    last = null;
  };
  return {
    onEpoch(name: 'baseline' | 'model', log: EpochLog, total: number) {
      if (quiet) return;
      if (stage !== name) {
        finish();
        stage = name;
        label = name === 'baseline' ? 'logistic baseline' : 'MLP';
        budget = total;
        if (stream.isTTY) {
          bar = new cliProgress.SingleBar(
            {
              stream,
              format: `${label.padEnd(17)} [{bar}] epoch {value}/{total} | loss {loss} | val_loss {val}{note} | {duration_formatted}`,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0, { loss: '-', val: '-', note: '' });
        }
      }
      last = log;
      if (bar) {
        bar.update(log.epoch, { loss: log.loss.toFixed(4), val: log.val_loss.toFixed(4) });
      } else if (log.epoch === 1 || log.epoch % 10 === 0) {
        stream.write(
          `${label} epoch ${log.epoch}/${total} loss ${log.loss.toFixed(4)} val_loss ${log.val_loss.toFixed(4)}\n`,
        );
      }
    },
    stop() {
      finish();
    },
  };
}

/**
 * Formats a metrics row for the terminal.
 *
 * @param name - predictor name
 * @param m - its test metrics
 * @returns one aligned line
 */
export function metricsLine(name: string, m: MetricsSummary): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '  —  ');
  return `${name.padEnd(22)} ${f(m.roc_auc)}   ${f(m.pr_auc)}   ${f(m.log_loss)}   ${f(m.brier)}   ${f(m.lift_at_10)}   ${f(m.capture_at_10)}`;
}

/**
 * Formats the confusion counts at one colour threshold for the terminal.
 *
 * @param colour - `red` (rows flagged red) or `yellow` (rows flagged yellow or red)
 * @param k - the counts at that threshold on the test split
 * @returns one line with flagged rows, tp/fp/tn/fn, precision and recall
 */
export function confusionLine(colour: 'red' | 'yellow', k: Confusion): string {
  return `test rows ${colour === 'red' ? 'red' : 'yellow or red'} (p >= ${k.threshold}): ${k.tp + k.fp} flagged, tp ${k.tp} fp ${k.fp} tn ${k.tn} fn ${k.fn}, precision ${k.precision.toFixed(3)}, recall ${k.recall.toFixed(3)}`;
}

/** Registers `chi train`. */
export function register(program: Command): void {
  program
    .command('train')
    .description(
      'Train the churn model (MLP + logistic baseline), evaluate it, save it to the model registry',
    )
    .requiredOption('--input <file>', 'snapshot history or any tabular data (.csv or .parquet)')
    .requiredOption('--label <column>', 'binary label column (Yes/No, True/False, 1/0; else see --positive)')
    .option('--positive <value>', 'label value meaning churn, for other label formats')
    .option('--id <column>', 'customer id column (left out of the features)')
    .option('--time <column>', 'as_of column: split by time (earlier dates train, later ones test)')
    .option(
      '--gap <days>',
      "with --time: days left out before the validation dates (default: the data's horizon_days, else 0)",
    )
    .option('--features <a,b>', 'use only these columns as features')
    .option('--exclude <a,b>', 'leave these columns out')
    .option('--epochs <n>', 'most epochs (early stopping usually ends sooner)', '100')
    .option('--batch-size <n>', 'rows per gradient step (default: about rows/30, 16-128)')
    .option('--patience <n>', 'early-stopping patience in epochs', '10')
    .option('--seed <n>', 'seed of split, initialisation, shuffling and dropout', '42')
    .option('--hidden <n,n>', 'MLP hidden layer sizes', '16')
    .option('--dropout <rate>', 'dropout after each hidden layer', '0.3')
    .option('--l2 <penalty>', 'L2 penalty on the weights', '0.001')
    .option('--learning-rate <lr>', 'Adam learning rate', '0.001')
    .option('--class-weight <mode>', 'balanced or none', 'balanced')
    .option('--calibration <method>', 'platt, isotonic or none (fitted on the validation split)', 'platt')
    .option('--red <p>', 'red when the churn probability is at least this', '0.5')
    .option('--yellow <p>', 'yellow when the churn probability is at least this', '0.2')
    .option('--models <dir>', 'model registry directory', 'models')
    .option('--promote', 'make the new model champion even if it does not beat the current one')
    .option('--backend <name>', 'tensorflow, wasm or cpu (default: fastest available)')
    .option('--json', 'print one JSON object with the results')
    .option('--quiet', 'no progress output')
    .action(async (opts: TrainCliOptions) => {
      const options = trainOptionsFromCli(opts);
      const quiet = opts.quiet ?? false;
      const backend = await startBackend(opts.backend, quiet);
      const progress = epochProgress(quiet);
      let result: Awaited<ReturnType<typeof trainChurnModel>>;
      try {
        result = await trainChurnModel({
          ...options,
          backend,
          onEpoch: progress.onEpoch,
          onWarning: (message) => {
            if (!quiet) console.error(`warning: ${message}`);
          },
        });
      } finally {
        progress.stop();
      }
      const report = result.dir ? path.join(result.dir, 'report.html') : undefined;
      if (opts.json) {
        const { card, model, calibration, ...rest } = result;
        console.log(
          JSON.stringify({
            ...rest,
            calibration: {
              method: calibration.method,
              validation: calibration.validation,
              test: calibration.test,
            },
            report,
          }),
        );
        model.network.dispose();
        return;
      }
      const c = result.calibration;
      console.log(`model ${result.version} (backend ${result.backend})`);
      console.log(
        `rows ${result.rows}: ${result.labelled_rows} labelled, ${result.unlabeled_rows} unlabelled left out; ${result.features.length} columns -> ${result.inputs} inputs`,
      );
      console.log(`\ntest split              ROC-AUC PR-AUC  logloss Brier   lift@10 capture@10`);
      console.log(metricsLine('model (calibrated)', result.test));
      console.log(metricsLine('logistic baseline', result.baseline));
      if (result.rule_chi) console.log(metricsLine('rule CHI (100-score)', result.rule_chi));
      console.log(
        `\ncalibration (${c.method}, fitted on validation): test Brier ${c.test.before.brier.toFixed(4)} -> ${c.test.after.brier.toFixed(4)}, log loss ${c.test.before.log_loss.toFixed(4)} -> ${c.test.after.log_loss.toFixed(4)}`,
      );
      const { yellow, red } = result.card.metrics.test.confusion;
      console.log(confusionLine('yellow', yellow));
      console.log(confusionLine('red', red));
      if (result.champion) {
        console.log(
          `champion: ${result.champion.promoted ? 'promoted' : 'not promoted'} (${result.champion.reason})`,
        );
      }
      console.log(`saved ${result.dir}\nreport ${report}`);
      result.model.network.dispose();
    });
}
