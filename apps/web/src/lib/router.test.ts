import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { href, matchRoute, parseHash, Router } from './router.svelte.ts';

describe('matchRoute', () => {
  it('maps the empty path to the overview', () => {
    expect(matchRoute('/')).toEqual({ page: 'overview' });
  });
  it('decodes the customer id of a customer page', () => {
    expect(matchRoute('/customers/c%2F42')).toEqual({ page: 'customer', id: 'c/42' });
  });
  it('returns not-found for unknown or too deep paths', () => {
    expect(matchRoute('/customers/a/b')).toEqual({ page: 'not-found', path: '/customers/a/b' });
    expect(matchRoute('/nope')).toEqual({ page: 'not-found', path: '/nope' });
  });
});

describe('href and parseHash', () => {
  it('leaves out empty parameters and round-trips the rest', () => {
    const link = href('/customers', {
      band: 'green',
      predicted_band: 'red',
      q: '',
      segment: undefined,
      limit: 50,
    });
    expect(link).toBe('#/customers?band=green&predicted_band=red&limit=50');
    const { path, params } = parseHash(link);
    expect(path).toBe('/customers');
    expect(Object.fromEntries(params)).toEqual({ band: 'green', predicted_band: 'red', limit: '50' });
  });
  it('treats an empty hash as the root path', () => {
    expect(parseHash('').path).toBe('/');
  });
});

describe('Router', () => {
  it('follows navigation and keeps other parameters on update', () => {
    window.location.hash = '';
    const router = new Router(window);
    router.navigate('/customers', { band: 'green' });
    flushSync();
    expect(router.route).toEqual({ page: 'customers' });
    router.update({ predicted_band: 'red' }, { replace: true });
    expect(router.params.get('band')).toBe('green');
    expect(router.params.get('predicted_band')).toBe('red');
    expect(window.location.hash).toBe('#/customers?band=green&predicted_band=red');
    router.update({ band: undefined });
    expect(router.params.has('band')).toBe(false);
    router.destroy();
  });

  it('remembers the last customer list with its filters for back links', () => {
    window.location.hash = '';
    const router = new Router(window);
    expect(router.lastListHref).toBe('#/customers');
    router.navigate('/customers', { band: 'green', predicted_band: 'red', sort: 'score' });
    router.navigate('/customers/C1');
    expect(router.lastListHref).toBe('#/customers?band=green&predicted_band=red&sort=score');
    router.destroy();
  });

  it('picks up hash changes made outside the router (back button, pasted link)', async () => {
    window.location.hash = '#/model';
    const router = new Router(window);
    expect(router.route.page).toBe('model');
    window.location.hash = '#/customers/c-7';
    await new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
    expect(router.route).toEqual({ page: 'customer', id: 'c-7' });
    router.destroy();
  });
});
