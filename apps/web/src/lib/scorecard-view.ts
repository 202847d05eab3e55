/**
 * @module Read-only helpers over a scorecard document as the API returns it (an untyped JSON record).
 */

/**
 * Reads the score thresholds of the green and yellow bands.
 * @param doc - scorecard document from `GET /v1/scorecard`
 * @returns lower score edges of green and yellow (0-100), or `undefined` when the document has none
 */
export function readBandThresholds(
  doc: Record<string, unknown>,
): { green: number; yellow: number } | undefined {
  const bands = doc.bands;
  if (typeof bands !== 'object' || bands === null) return undefined;
  const { green, yellow } = bands as Record<string, unknown>;
  return typeof green === 'number' && typeof yellow === 'number' ? { green, yellow } : undefined;
}
