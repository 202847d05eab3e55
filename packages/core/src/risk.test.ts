import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_THRESHOLDS, predictedBand, RiskThresholdsSchema } from './risk.js';

describe('predictedBand', () => {
  it('returns red at and above the red threshold', () => {
    expect(predictedBand(0.5)).toBe('red');
    expect(predictedBand(0.93)).toBe('red');
  });
  it('returns yellow between the yellow and red thresholds', () => {
    expect(predictedBand(0.2)).toBe('yellow');
    expect(predictedBand(0.4999)).toBe('yellow');
  });
  it('returns green below the yellow threshold', () => {
    expect(predictedBand(0.1999)).toBe('green');
    expect(predictedBand(0)).toBe('green');
  });
  it('returns unknown for a missing probability', () => {
    expect(predictedBand(Number.NaN)).toBe('unknown');
  });
  it('honours custom thresholds', () => {
    expect(predictedBand(0.35, { red: 0.3, yellow: 0.1 })).toBe('red');
    expect(predictedBand(0.05, { red: 0.3, yellow: 0.01 })).toBe('yellow');
  });
});

describe('RiskThresholdsSchema', () => {
  it('accepts the defaults', () => {
    expect(RiskThresholdsSchema.parse(DEFAULT_RISK_THRESHOLDS)).toEqual({ red: 0.5, yellow: 0.2 });
  });
  it('rejects yellow above red, naming the field', () => {
    const result = RiskThresholdsSchema.safeParse({ red: 0.3, yellow: 0.6 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['yellow']);
  });
  it('rejects thresholds outside (0, 1)', () => {
    expect(RiskThresholdsSchema.safeParse({ red: 1.2, yellow: 0.2 }).success).toBe(false);
  });
});
