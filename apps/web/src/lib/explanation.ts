/**
 * @module The scorecard's full per-measure explanation of one customer, read defensively: the API sends it
 * (`measures`) for single-customer detail, and older answers may carry only the top drivers.
 */
import { MeasureExplanationSchema } from '@chi/core';
import { z } from 'zod';

/** How one measure shaped a customer's current score (sub-score 0-100, points on the 0-100 scale). */
export type MeasureRow = z.infer<typeof MeasureExplanationSchema>;

const MeasuresSchema = z.array(MeasureExplanationSchema);

/**
 * Reads the per-measure explanation of a current-health result.
 * @param result - a health result as received
 * @returns the measures, or undefined when the result carries none (or not in the expected shape)
 */
export function measuresOf(result: object): MeasureRow[] | undefined {
  const parsed = MeasuresSchema.safeParse((result as { measures?: unknown }).measures);
  return parsed.success ? parsed.data : undefined;
}
