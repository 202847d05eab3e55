/**
 * @module Typed Svelte contexts shared by every page: the API client and the router. The app root sets
 * them; component tests set fakes.
 */
import { createContext } from 'svelte';
import type { ApiClient } from './api-client.ts';
import type { Router } from './router.svelte.ts';

/** Everything a page needs from its surroundings. */
export interface AppContext {
  /** Typed API client. */
  api: ApiClient;
  /** Shared hash router. */
  router: Router;
}

const [getContext, setContext] = createContext<AppContext>();

/**
 * Reads the app context; call during component initialisation.
 * @returns the API client and router set by the app root
 * @throws {Error} Svelte's missing-context error when no ancestor set it
 */
export const getAppContext: () => AppContext = getContext;

/**
 * Provides the app context to the calling component's descendants; call during initialisation.
 * @param context - API client and router
 * @returns the same context
 */
export const setAppContext: (context: AppContext) => AppContext = setContext;
