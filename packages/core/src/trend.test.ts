/** @module Tests of compareHealth. */
import { describe, expect, it } from 'vitest';
import type { Band } from './bands.js';
import { compareHealth, TrendError } from './trend.js';

const h = (score: number, band: Band, customer_id = 'c1') => ({ customer_id, score, band });

describe('compareHealth', () => {
  it('reports the delta in points and an upward, worsening-free move', () => {
    expect(compareHealth(h(55, 'yellow'), h(72.5, 'green'))).toEqual({
      customer_id: 'c1',
      delta: 17.5,
      direction: 'up',
      from: 'yellow',
      to: 'green',
      transition: 'better',
      changed: true,
    });
  });

  it('reports a downward move and a worse colour', () => {
    const t = compareHealth(h(45, 'yellow'), h(30, 'red'));
    expect(t).toMatchObject({ delta: -15, direction: 'down', transition: 'worse', changed: true });
  });

  it('calls a move within the tolerance flat, inclusive of the tolerance', () => {
    expect(compareHealth(h(50, 'yellow'), h(51, 'yellow')).direction).toBe('flat');
    expect(compareHealth(h(50, 'yellow'), h(51.01, 'yellow')).direction).toBe('up');
    expect(compareHealth(h(50, 'yellow'), h(47, 'yellow'), { tolerance: 3 }).direction).toBe('flat');
    expect(compareHealth(h(50, 'yellow'), h(50, 'yellow'), { tolerance: 0 })).toMatchObject({
      direction: 'flat',
      transition: 'same',
      changed: false,
    });
  });

  it('marks a transition to or from unknown as unknown', () => {
    expect(compareHealth(h(50, 'unknown'), h(80, 'green')).transition).toBe('unknown');
    expect(compareHealth(h(80, 'green'), h(50, 'unknown')).transition).toBe('unknown');
    expect(compareHealth(h(50, 'unknown'), h(80, 'unknown')).transition).toBe('same');
  });

  it('refuses to compare two different customers or a negative tolerance', () => {
    expect(() => compareHealth(h(1, 'red', 'a'), h(2, 'red', 'b'))).toThrow(TrendError);
    expect(() => compareHealth(h(1, 'red', 'a'), h(2, 'red', 'b'))).toThrow(
      'customer_id: cannot compare "a" with "b"; expected the same customer',
    );
    expect(() => compareHealth(h(1, 'red'), h(2, 'red'), { tolerance: -1 })).toThrow(
      'tolerance: must be a number >= 0',
    );
  });
});
