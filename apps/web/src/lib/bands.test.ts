import { describe, expect, it } from 'vitest';
import { bandText, parseBandParam, toBand, transitionKind } from './bands.ts';

describe('bands', () => {
  it('labels every colour with an icon and a word', () => {
    expect(bandText('green')).toBe('● Green');
    expect(bandText('yellow')).toBe('▲ Yellow');
    expect(bandText('red')).toBe('■ Red');
    expect(bandText('unknown')).toBe('? Unknown');
  });
  it('maps unexpected values to unknown and rejects them as URL filters', () => {
    expect(toBand('purple')).toBe('unknown');
    expect(parseBandParam('purple')).toBeUndefined();
    expect(parseBandParam('unknown')).toBe('unknown');
  });
  it('calls green to red hidden risk and any improvement recovering', () => {
    expect(transitionKind('green', 'red')).toBe('hidden-risk');
    expect(transitionKind('red', 'yellow')).toBe('recovering');
    expect(transitionKind('yellow', 'green')).toBe('recovering');
    expect(transitionKind('green', 'yellow')).toBe('worsening');
    expect(transitionKind('red', 'red')).toBe('stable');
    expect(transitionKind('unknown', 'red')).toBe('unknown');
  });
});
