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

const [getAppContext, setAppContext] = createContext<AppContext>();

export { getAppContext, setAppContext };
