/**
 * @module Presentation of health bands: a colour-blind safe palette, a shape icon and a word for each
 * band, so colour never carries meaning alone.
 */

/** A health colour as the API reports it. */
export type Band = 'green' | 'yellow' | 'red' | 'unknown';

/** All bands in display order, best first, `unknown` last. */
export const BANDS: readonly Band[] = ['green', 'yellow', 'red', 'unknown'];

/** The three confident bands (the transition matrix has no `unknown` predicted column). */
export const CONFIDENT_BANDS: readonly Band[] = ['green', 'yellow', 'red'];

/** How a band is drawn: fill colour (Okabe-Ito palette), text colour on that fill, icon and word. */
export interface BandStyle {
  /** Fill colour, CSS hex. */
  color: string;
  /** Readable text colour on top of `color`. */
  ink: string;
  /** Shape icon: ● green, ▲ yellow, ■ red, ? unknown. */
  icon: string;
  /** Capitalised word. */
  label: string;
  /** One-line meaning for tooltips and legends. */
  meaning: string;
}

/** Style of every band. */
export const BAND_STYLES: Readonly<Record<Band, BandStyle>> = {
  green: {
    color: '#009e73',
    ink: '#ffffff',
    icon: '●',
    label: 'Green',
    meaning: 'satisfied, buying as expected',
  },
  yellow: {
    color: '#e69f00',
    ink: '#1a1a1a',
    icon: '▲',
    label: 'Yellow',
    meaning: 'stalling, needs a nudge',
  },
  red: { color: '#d55e00', ink: '#ffffff', icon: '■', label: 'Red', meaning: 'about to leave' },
  unknown: {
    color: '#8c8c8c',
    ink: '#ffffff',
    icon: '?',
    label: 'Unknown',
    meaning: 'not enough data to judge',
  },
};

/**
 * Narrows any string to a band, mapping unrecognised values to `unknown`.
 * @param value - a band name from the API or the URL
 * @returns the band, or `unknown`
 */
export function toBand(value: string | null | undefined): Band {
  return value === 'green' || value === 'yellow' || value === 'red' ? value : 'unknown';
}

/**
 * Reads a band filter from a URL parameter.
 * @param value - parameter value, possibly missing or invalid
 * @returns the band, or `undefined` when the parameter is not a band name
 */
export function parseBandParam(value: string | null): Band | undefined {
  return value === 'green' || value === 'yellow' || value === 'red' || value === 'unknown'
    ? value
    : undefined;
}

/**
 * Text shown for a band wherever a colour appears, e.g. `● Green`.
 * @param band - the band
 * @returns icon and word
 */
export function bandText(band: Band): string {
  const style = BAND_STYLES[band];
  return `${style.icon} ${style.label}`;
}

/**
 * Names the kind of move between a current and a predicted colour.
 * @param from - current band
 * @param to - predicted band
 * @returns `hidden-risk` (green now, red predicted), `recovering` (predicted better than now),
 *   `worsening`, `stable`, or `unknown` when either side is unknown
 */
export function transitionKind(
  from: Band,
  to: Band,
): 'hidden-risk' | 'recovering' | 'worsening' | 'stable' | 'unknown' {
  if (from === 'unknown' || to === 'unknown') return 'unknown';
  const rank: Record<Exclude<Band, 'unknown'>, number> = { green: 0, yellow: 1, red: 2 };
  const delta = rank[to] - rank[from];
  if (from === 'green' && to === 'red') return 'hidden-risk';
  if (delta < 0) return 'recovering';
  if (delta > 0) return 'worsening';
  return 'stable';
}
