import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import BandBadge from './band-badge.svelte';

describe('BandBadge', () => {
  it('shows the icon and the word with the score, never colour alone', () => {
    const { container } = render(BandBadge, { band: 'red', score: 23.456 });
    const badge = container.querySelector('[data-band="red"]');
    expect(badge?.textContent?.replace(/\s+/g, ' ').trim()).toBe('■ Red 23.5');
    expect(badge?.getAttribute('title')).toBe('Red: about to leave');
  });

  it('shows a dash for a missing score and keeps the word for screen readers in compact mode', () => {
    render(BandBadge, { band: 'unknown', score: null, compact: true });
    expect(screen.getByText('—')).toBeTruthy();
    expect(screen.getByText('Unknown').className).toContain('visually-hidden');
  });
});
