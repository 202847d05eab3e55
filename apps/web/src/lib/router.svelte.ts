/**
 * @module A small hash router: the route and every filter live in the URL (`#/customers?band=green`), so
 * any view can be bookmarked and shared, and the back button works. Hash URLs need no server fallback, so
 * the built explorer runs from any static file server, including the API's.
 */

/** A matched page and its parameters. */
export type Route =
  | { page: 'overview' }
  | { page: 'customers' }
  | { page: 'customer'; id: string }
  | { page: 'model' }
  | { page: 'what-if' }
  | { page: 'not-found'; path: string };

/** Parameter values accepted when building a URL; `undefined`, `null` and `''` are dropped. */
export type ParamValues = Record<string, string | number | null | undefined>;

/**
 * Matches a path (the part of the hash before `?`) to a page.
 * @param path - e.g. `/customers/c-42`
 * @returns the route; unknown paths give `not-found`
 */
export function matchRoute(path: string): Route {
  const parts = path.split('/').filter((part) => part !== '');
  const [first, second] = parts;
  if (parts.length === 0) return { page: 'overview' };
  if (first === 'customers' && parts.length === 1) return { page: 'customers' };
  if (first === 'customers' && second !== undefined && parts.length === 2) {
    return { page: 'customer', id: decodeURIComponent(second) };
  }
  if (first === 'model' && parts.length === 1) return { page: 'model' };
  if (first === 'what-if' && parts.length === 1) return { page: 'what-if' };
  return { page: 'not-found', path };
}

/**
 * Builds a hash URL.
 * @param path - route path starting with `/`
 * @param params - query parameters; empty ones are left out
 * @returns e.g. `#/customers?band=green&predicted_band=red`
 */
export function href(path: string, params: ParamValues = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return `#${path}${query === '' ? '' : `?${query}`}`;
}

/**
 * Splits a location hash into path and parameters.
 * @param hash - `location.hash`, with or without the leading `#`
 * @returns the path (default `/`) and its parameters
 */
export function parseHash(hash: string): { path: string; params: URLSearchParams } {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const question = raw.indexOf('?');
  const path = (question === -1 ? raw : raw.slice(0, question)) || '/';
  const params = new URLSearchParams(question === -1 ? '' : raw.slice(question + 1));
  return { path: path.startsWith('/') ? path : `/${path}`, params };
}

/** Reactive view of the current URL hash. One instance is shared by the whole app. */
export class Router {
  /** Current path, e.g. `/customers`. */
  path = $state('/');
  /** Current query parameters; replaced (never mutated) on every navigation. */
  params = $state.raw(new URLSearchParams());
  /** The page the path matches. */
  route = $derived(matchRoute(this.path));
  /** Last customer list visited, with its filters, sort and page (for "back to the list" links). */
  lastListHref = $state('#/customers');

  readonly #window: Window;
  readonly #onHashChange = (): void => this.#read();

  /**
   * @param win - the window whose hash is followed (a jsdom window in tests)
   */
  constructor(win: Window = window) {
    this.#window = win;
    this.#read();
    win.addEventListener('hashchange', this.#onHashChange);
  }

  /**
   * Goes to a path with parameters.
   * @param path - route path starting with `/`
   * @param params - query parameters
   * @param options - `replace: true` rewrites the current history entry (used for filter edits)
   */
  navigate(path: string, params: ParamValues = {}, options: { replace?: boolean } = {}): void {
    const target = href(path, params);
    if (options.replace === true) {
      this.#window.history.replaceState(null, '', target);
      this.#read();
    } else if (this.#window.location.hash !== target) {
      this.#window.location.hash = target;
      this.#read();
    }
  }

  /**
   * Changes some parameters of the current view, keeping the others.
   * @param changes - parameters to set; `undefined`/`null`/`''` removes one
   * @param options - `replace: true` to avoid a new history entry
   */
  update(changes: ParamValues, options: { replace?: boolean } = {}): void {
    const merged: ParamValues = Object.fromEntries(this.params.entries());
    Object.assign(merged, changes);
    this.navigate(this.path, merged, options);
  }

  /** Stops following the window's hash. */
  destroy(): void {
    this.#window.removeEventListener('hashchange', this.#onHashChange);
  }

  #read(): void {
    const { path, params } = parseHash(this.#window.location.hash);
    this.path = path;
    if (params.toString() !== this.params.toString()) this.params = params;
    if (path === '/customers') this.lastListHref = href(path, Object.fromEntries(params.entries()));
  }
}
