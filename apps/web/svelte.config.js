/**
 * @module Svelte compiler options for the web explorer: runes mode everywhere, TypeScript in components.
 */
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
};
