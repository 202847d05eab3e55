/**
 * @module `report.html`: one self-contained page (Observable Plot and d3 inlined, no network) with ROC,
 * precision-recall, calibration, feature-importance and training-loss charts, rendered in the browser.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelCard } from './card.js';
import { prCurve, rocCurve } from './metrics.js';

/** Scores of one predictor on the test split, for the curves. */
export interface PredictorCurve {
  name: string;
  y: ArrayLike<number>;
  p: ArrayLike<number>;
}

/** Curves drawn besides what the card holds. */
export interface ReportInput {
  card: ModelCard;
  /** model, baseline and (on snapshot data) rule CHI on the test split */
  predictors: PredictorCurve[];
  /** 10-bin reliability before calibration (test split) */
  calibrationBefore: ModelCard['metrics']['test']['calibration'];
}

function findUp(relative: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'node_modules', relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find node_modules/${relative} for the report`);
    dir = parent;
  }
}

function thin<T>(points: T[], max = 250): T[] {
  if (points.length <= max) return points;
  const step = points.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * step)] as T);
  out.push(points[points.length - 1] as T);
  return out;
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');
const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Renders the training report.
 *
 * @param input - card and test-split scores
 * @returns the HTML document
 */
export function renderReport(input: ReportInput): string {
  const { card } = input;
  const roc = input.predictors.flatMap((d) =>
    thin(rocCurve(d.y, d.p)).map((pt) => ({ predictor: d.name, ...pt })),
  );
  const pr = input.predictors.flatMap((d) =>
    thin(prCurve(d.y, d.p)).map((pt) => ({ predictor: d.name, ...pt })),
  );
  const calibration = [
    ...input.calibrationBefore.filter((b) => b.count > 0).map((b) => ({ stage: 'before calibration', ...b })),
    ...card.metrics.test.calibration
      .filter((b) => b.count > 0)
      .map((b) => ({ stage: 'after calibration', ...b })),
  ];
  const payload = {
    roc,
    pr,
    calibration,
    importance: card.feature_importance.slice(0, 20),
    history: card.training.history.flatMap((h) => [
      { epoch: h.epoch, loss: h.loss, set: 'train' },
      { epoch: h.epoch, loss: h.val_loss, set: 'validation' },
    ]),
  };
  const rows = [
    ['model (calibrated)', card.metrics.test],
    ['logistic baseline', card.metrics.baseline],
    ...(card.metrics.rule_chi ? [['rule CHI (100 − score)', card.metrics.rule_chi] as const] : []),
  ] as const;
  const table = rows
    .map(
      ([name, m]) =>
        `<tr><td>${name}</td><td>${fmt(m.roc_auc)}</td><td>${fmt(m.pr_auc)}</td><td>${fmt(m.log_loss)}</td><td>${fmt(m.brier)}</td><td>${fmt(m.lift_at_10)}</td><td>${fmt(m.capture_at_10)}</td></tr>`,
    )
    .join('');
  const cal = card.calibration;
  const d3 = readFileSync(findUp('d3/dist/d3.min.js'), 'utf8');
  const plot = readFileSync(findUp('@observablehq/plot/dist/plot.umd.min.js'), 'utf8');
  const json = JSON.stringify(payload).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CHI churn model ${escapeHtml(card.version)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}
table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}
td:first-child,th:first-child{text-align:left}.grid{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}
figure{margin:0}figcaption{font-weight:600;margin-bottom:.3rem}</style></head>
<body>
<h1>Churn model ${escapeHtml(card.version)}</h1>
<p>Trained ${escapeHtml(card.created)} on <code>${escapeHtml(card.data.source)}</code> (${card.data.labelled_rows} labelled rows,
${card.data.unlabeled_rows} unlabelled left out; ${card.data.split.method} split ${card.data.split.train}/${card.data.split.validation}/${card.data.split.test}),
backend <b>${escapeHtml(card.backend)}</b>, ${card.training.epochs_run} epochs (best ${card.training.best_epoch}).
Calibration: ${cal.method} on the validation split; test Brier ${fmt(cal.test.before.brier)} → ${fmt(cal.test.after.brier)},
log loss ${fmt(cal.test.before.log_loss)} → ${fmt(cal.test.after.log_loss)}.</p>
<h2>Test split</h2>
<table><thead><tr><th>predictor</th><th>ROC-AUC</th><th>PR-AUC</th><th>log loss</th><th>Brier</th><th>lift@10%</th><th>capture@10%</th></tr></thead>
<tbody>${table}</tbody></table>
<div class="grid">
<figure id="roc"><figcaption>ROC curve</figcaption></figure>
<figure id="pr"><figcaption>Precision-recall curve</figcaption></figure>
<figure id="calibration"><figcaption>Calibration (10 bins, test split)</figcaption></figure>
<figure id="importance"><figcaption>Feature importance (mean |effect|, score points)</figcaption></figure>
<figure id="history"><figcaption>Training loss</figcaption></figure>
</div>
<script type="application/json" id="report-data">${json}</script>
<script>${d3}</script>
<script>${plot}</script>
<script>
const data = JSON.parse(document.getElementById('report-data').textContent);
const put = (id, chart) => document.getElementById(id).append(chart);
put('roc', Plot.plot({ width: 520, height: 380, x: { label: 'false positive rate', domain: [0, 1] }, y: { label: 'true positive rate', domain: [0, 1] }, color: { legend: true },
  marks: [Plot.line([[0, 0], [1, 1]], { stroke: '#bbb', strokeDasharray: '4 3' }), Plot.line(data.roc, { x: 'fpr', y: 'tpr', stroke: 'predictor', curve: 'step-after' })] }));
put('pr', Plot.plot({ width: 520, height: 380, x: { label: 'recall', domain: [0, 1] }, y: { label: 'precision', domain: [0, 1] }, color: { legend: true },
  marks: [Plot.line(data.pr, { x: 'recall', y: 'precision', stroke: 'predictor' })] }));
put('calibration', Plot.plot({ width: 520, height: 380, x: { label: 'mean predicted probability', domain: [0, 1] }, y: { label: 'observed churn rate', domain: [0, 1] }, color: { legend: true },
  marks: [Plot.line([[0, 0], [1, 1]], { stroke: '#bbb', strokeDasharray: '4 3' }), Plot.line(data.calibration, { x: 'mean_predicted', y: 'observed_rate', stroke: 'stage' }),
    Plot.dot(data.calibration, { x: 'mean_predicted', y: 'observed_rate', stroke: 'stage', r: 3, tip: true, title: (d) => d.count + ' rows' })] }));
put('importance', Plot.plot({ width: 520, height: Math.max(200, 24 * data.importance.length + 40), marginLeft: 160, x: { label: 'score points', grid: true }, y: { label: null },
  marks: [Plot.barX(data.importance, { x: 'importance', y: 'feature', sort: { y: '-x' }, fill: '#4a7' }), Plot.ruleX([0])] }));
put('history', Plot.plot({ width: 520, height: 300, x: { label: 'epoch' }, y: { label: 'loss', grid: true }, color: { legend: true },
  marks: [Plot.line(data.history, { x: 'epoch', y: 'loss', stroke: 'set' })] }));
</script>
</body></html>
`;
}
