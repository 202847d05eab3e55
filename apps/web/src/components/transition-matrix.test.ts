import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { SUMMARY } from '../test-support/fixtures.ts';
import TransitionMatrix from './transition-matrix.svelte';

describe('TransitionMatrix', () => {
  it('links every cell to the customer list filtered on both colours with its count', () => {
    render(TransitionMatrix, { transitions: SUMMARY.transitions, total: SUMMARY.customers });
    const bands = ['green', 'yellow', 'red'] as const;
    bands.forEach((from, i) => {
      bands.forEach((to, j) => {
        const link = screen.getByTestId(`cell-${from}-${to}`);
        expect(link.getAttribute('href')).toBe(`#/customers?band=${from}&predicted_band=${to}`);
        expect(within(link).getByText(String(SUMMARY.transitions.matrix[i]?.[j]))).toBeTruthy();
      });
    });
  });

  it('marks green-to-red as hidden risk and improvements as recovering, in words', () => {
    render(TransitionMatrix, { transitions: SUMMARY.transitions, total: SUMMARY.customers });
    const hidden = screen.getByTestId('cell-green-red');
    expect(hidden.textContent).toMatch(/hidden risk/i);
    expect(hidden.closest('td')?.className).toContain('hidden-risk');
    for (const id of ['cell-yellow-green', 'cell-red-green', 'cell-red-yellow']) {
      expect(screen.getByTestId(id).textContent).toMatch(/recovering/i);
    }
    expect(screen.getByTestId('cell-green-yellow').textContent).not.toMatch(/recovering|hidden risk/i);
    expect(hidden.getAttribute('aria-label')).toBe('7 customers Green now, predicted Red: hidden risk');
  });

  it('shows the share of the portfolio in each cell', () => {
    render(TransitionMatrix, { transitions: SUMMARY.transitions, total: SUMMARY.customers });
    expect(screen.getByTestId('cell-green-green').textContent).toContain('38.0%');
  });

  it('reports customers left out of the matrix', () => {
    render(TransitionMatrix, { transitions: SUMMARY.transitions, total: SUMMARY.customers });
    expect(screen.getByText(/5 customers with an unknown current colour/)).toBeTruthy();
  });
});
