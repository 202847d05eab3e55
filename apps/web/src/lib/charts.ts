/**
 * @module Chart builders (Observable Plot) in one visual language: bands always drawn with their palette
 * colour plus a text label, score points on a 0-100 axis, explanation effects as signed bars
 * (vermillion = points lost, bluish green = points gained) for both the scorecard and the model.
 */
import * as Plot from '@observablehq/plot';
import { BAND_STYLES, BANDS, type Band } from './bands.ts';
import { formatPoints, humanize } from './format.ts';

/** Fill of bars for points lost. */
export const LOSS_COLOR = '#d55e00';
/** Fill of bars for points gained. */
export const GAIN_COLOR = '#009e73';
/** Line colour of the current (scorecard) mode. */
export const CURRENT_COLOR = '#0072b2';
/** Line colour of the predicted (model) mode. */
export const PREDICTED_COLOR = '#cc79a7';

const MODE_SCALE = { domain: ['Current', 'Predicted'], range: [CURRENT_COLOR, PREDICTED_COLOR] };

/** One bar of a band breakdown. */
export interface BandCountRow {
  /** Row label, e.g. `Current` or a segment name. */
  group: string;
  band: Band;
  count: number;
}

/**
 * Stacked horizontal bars of customers per band, one bar per group, each part labelled with icon and count.
 * @param rows - counts per group and band
 * @param width - chart width, CSS pixels
 * @returns the chart element
 */
export function bandBarsChart(rows: readonly BandCountRow[], width: number): Element {
  const data = rows.filter((row) => row.count > 0);
  const groups = [...new Set(rows.map((row) => row.group))];
  const totals = new Map<string, number>();
  for (const row of data) totals.set(row.group, (totals.get(row.group) ?? 0) + row.count);
  const widest = Math.max(1, ...totals.values());
  // A label is drawn only where its bar part is wide enough to hold it (about 42 px).
  const plotWidth = Math.max(1, width - 130);
  const fits = (d: BandCountRow) => (d.count / widest) * plotWidth >= 42;
  return Plot.plot({
    width,
    height: 40 + 36 * groups.length,
    marginLeft: 110,
    x: { label: 'customers →', grid: true },
    y: { label: null, domain: groups },
    marks: [
      Plot.barX(data, {
        x: 'count',
        y: 'group',
        // Literal fills: band names such as "green" would otherwise be read as CSS colours by Plot.
        fill: (d: BandCountRow) => BAND_STYLES[d.band].color,
        order: (d: BandCountRow) => BANDS.indexOf(d.band),
        title: (d: BandCountRow) => `${d.group}: ${BAND_STYLES[d.band].label} ${d.count}`,
      }),
      Plot.text(
        data,
        Plot.stackX({
          x: 'count',
          y: 'group',
          order: (d: BandCountRow) => BANDS.indexOf(d.band),
          text: (d: BandCountRow) => (fits(d) ? `${BAND_STYLES[d.band].icon} ${d.count}` : ''),
          fill: (d: BandCountRow) => BAND_STYLES[d.band].ink,
        }),
      ),
      Plot.ruleX([0]),
    ],
  });
}

/** A score histogram with explicit bin edges. */
export interface HistogramInput {
  mode: 'Current' | 'Predicted';
  edges: readonly number[];
  counts: readonly number[];
}

/**
 * Score distributions of both modes, one panel per mode.
 * @param histograms - one histogram per mode
 * @param bands - score thresholds drawn as labelled rules (`green` and `yellow` lower edges)
 * @param width - chart width, CSS pixels
 * @returns the chart element
 */
export function histogramChart(
  histograms: readonly HistogramInput[],
  bands: { green: number; yellow: number } | undefined,
  width: number,
): Element {
  const bins = histograms.flatMap((h) =>
    h.counts.map((count, i) => ({ mode: h.mode, x1: h.edges[i] ?? 0, x2: h.edges[i + 1] ?? 100, count })),
  );
  const rules = bands
    ? [
        { x: bands.yellow, label: `${BAND_STYLES.yellow.icon} yellow ≥ ${bands.yellow}` },
        { x: bands.green, label: `${BAND_STYLES.green.icon} green ≥ ${bands.green}` },
      ]
    : [];
  return Plot.plot({
    width,
    height: 120 + 110 * histograms.length,
    marginRight: 80,
    x: { label: 'score (0-100) →', domain: [0, 100] },
    y: { label: '↑ customers', grid: true },
    fy: { label: null },
    color: MODE_SCALE,
    marks: [
      Plot.rectY(bins, { x1: 'x1', x2: 'x2', y: 'count', fy: 'mode', fill: 'mode', inset: 0.5 }),
      Plot.ruleX(rules, { x: 'x', stroke: '#333', strokeDasharray: '4,3' }),
      Plot.text(rules, { x: 'x', text: 'label', frameAnchor: 'top', dy: -2, textAnchor: 'start', dx: 3 }),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * Shortens a label to fit an axis.
 * @param text - the label
 * @param max - most characters kept
 * @returns the label, or its start with an ellipsis
 */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One explanation term as the API reports it. */
export interface DriverInput {
  feature: string;
  value: number | null;
  effect: number;
}

/**
 * Explanation chart shared by both modes: one signed bar per feature, points lost to the left in
 * vermillion, points gained to the right in bluish green, each labelled with its points.
 * @param drivers - explanation terms; `effect` in score points
 * @param width - chart width, CSS pixels
 * @param limit - most important terms shown (by |effect|), default 10
 * @returns the chart element
 */
export function driversChart(drivers: readonly DriverInput[], width: number, limit = 10): Element {
  const top = [...drivers]
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect))
    .slice(0, limit)
    .map((d) => ({ ...d, name: humanize(d.feature), kind: d.effect < 0 ? 'loses' : 'gains' }));
  const extent = Math.max(5, ...top.map((d) => Math.abs(d.effect)));
  return Plot.plot({
    width,
    height: 50 + 26 * Math.max(1, top.length),
    marginLeft: 230,
    marginRight: 20,
    x: { label: '← points lost · points gained →', domain: [-extent * 1.4, extent * 1.4], grid: true },
    y: { label: null, domain: top.map((d) => d.name), tickFormat: (name: string) => truncate(name, 34) },
    color: { domain: ['loses', 'gains'], range: [LOSS_COLOR, GAIN_COLOR] },
    marks: [
      Plot.barX(top, {
        x: 'effect',
        y: 'name',
        fill: 'kind',
        title: (d: DriverInput) =>
          `${humanize(d.feature)} = ${d.value ?? 'missing'}: ${formatPoints(d.effect)} points`,
      }),
      Plot.text(top, {
        x: 'effect',
        y: 'name',
        text: (d: DriverInput) => (Math.abs(d.effect) < 0.05 ? '0' : formatPoints(d.effect)),
        textAnchor: 'start',
        dx: 4,
        filter: (d: DriverInput) => d.effect >= 0,
      }),
      Plot.text(top, {
        x: 'effect',
        y: 'name',
        text: (d: DriverInput) => formatPoints(d.effect),
        textAnchor: 'end',
        dx: -4,
        filter: (d: DriverInput) => d.effect < 0,
      }),
      Plot.ruleX([0], { stroke: '#333' }),
    ],
  });
}

/** One point of a score history. */
export interface HistoryInput {
  as_of: string;
  mode: 'Current' | 'Predicted';
  score: number;
  band: Band;
}

/**
 * Score history of one customer: one line per mode over snapshot dates, each point marked with its band's
 * shape, with a tooltip naming the band.
 * @param points - scores per date and mode (missing scores left out)
 * @param width - chart width, CSS pixels
 * @returns the chart element
 */
export function historyChart(points: readonly HistoryInput[], width: number): Element {
  const data = points.map((p) => ({ ...p, date: new Date(`${p.as_of}T00:00:00Z`) }));
  return Plot.plot({
    width,
    height: 280,
    marginRight: 20,
    x: { label: 'snapshot date →', type: 'utc' },
    y: { label: '↑ score', domain: [0, 100], grid: true },
    color: { ...MODE_SCALE, legend: true },
    symbol: { domain: [...BANDS], range: ['circle', 'triangle', 'square', 'diamond'], legend: false },
    marks: [
      Plot.line(data, { x: 'date', y: 'score', stroke: 'mode', strokeWidth: 2, marker: false }),
      Plot.dot(data, {
        x: 'date',
        y: 'score',
        symbol: 'band',
        fill: (d: HistoryInput) => BAND_STYLES[d.band].color,
        stroke: '#222',
        strokeWidth: 0.75,
        r: 5,
        title: (d: HistoryInput) =>
          `${d.as_of} ${d.mode}: ${d.score.toFixed(1)} (${BAND_STYLES[d.band].label})`,
      }),
    ],
  });
}

/** A curve point (ROC, calibration). */
export interface CurvePoint {
  series: string;
  x: number;
  y: number;
}

/**
 * Line chart on the unit square with the diagonal as reference (ROC curves, calibration curves).
 * @param points - points of one or more series
 * @param labels - axis labels
 * @param width - chart width, CSS pixels
 * @returns the chart element
 */
export function unitCurveChart(
  points: readonly CurvePoint[],
  labels: { x: string; y: string },
  width: number,
): Element {
  return Plot.plot({
    width: Math.min(width, 520),
    height: Math.min(width, 520) * 0.85,
    x: { label: labels.x, domain: [0, 1] },
    y: { label: labels.y, domain: [0, 1], grid: true },
    color: { legend: true, scheme: 'dark2' },
    marks: [
      Plot.line(
        [
          [0, 0],
          [1, 1],
        ],
        { stroke: '#999', strokeDasharray: '4,4' },
      ),
      Plot.line(points, { x: 'x', y: 'y', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(points, { x: 'x', y: 'y', fill: 'series', r: 2.5 }),
    ],
  });
}

/** One feature's importance. */
export interface ImportanceInput {
  feature: string;
  importance: number;
}

/**
 * Feature importance as sorted horizontal bars.
 * @param rows - importance per feature (any non-negative unit)
 * @param width - chart width, CSS pixels
 * @returns the chart element
 */
export function importanceChart(rows: readonly ImportanceInput[], width: number): Element {
  const data = [...rows]
    .sort((a, b) => b.importance - a.importance)
    .map((r) => ({ ...r, name: humanize(r.feature) }));
  return Plot.plot({
    width,
    height: 50 + 24 * Math.max(1, data.length),
    marginLeft: 170,
    marginRight: 60,
    x: { label: 'importance →', grid: true },
    y: { label: null, domain: data.map((d) => d.name) },
    marks: [
      Plot.barX(data, { x: 'importance', y: 'name', fill: CURRENT_COLOR }),
      Plot.text(data, {
        x: 'importance',
        y: 'name',
        text: (d: ImportanceInput) => d.importance.toPrecision(3),
        textAnchor: 'start',
        dx: 4,
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** One model's value of one metric. */
export interface MetricBar {
  metric: string;
  model: string;
  value: number;
}

/**
 * Grouped bars comparing models on each metric (one panel per metric, in the order of `rows`; the panels
 * share one y axis, so pass metrics of a similar range).
 * @param rows - metric values per model
 * @param width - chart width, CSS pixels
 * @returns the chart element
 */
export function metricComparisonChart(rows: readonly MetricBar[], width: number): Element {
  const models = [...new Set(rows.map((r) => r.model))];
  const metrics = [...new Set(rows.map((r) => r.metric))];
  return Plot.plot({
    width,
    height: 240,
    marginBottom: 40,
    fx: { label: null, domain: metrics },
    x: { axis: null, domain: models },
    y: { label: '↑ value', grid: true },
    color: { legend: true, scheme: 'dark2', domain: models },
    marks: [
      Plot.barY(rows, { fx: 'metric', x: 'model', y: 'value', fill: 'model', title: 'model' }),
      Plot.text(rows, {
        fx: 'metric',
        x: 'model',
        y: 'value',
        text: (d: MetricBar) => d.value.toFixed(3),
        dy: -6,
      }),
      Plot.ruleY([0]),
    ],
  });
}
