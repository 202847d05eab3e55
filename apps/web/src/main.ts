/**
 * @module Browser entry point: mounts the explorer on `#app` with the same-origin API client.
 */
import { mount } from 'svelte';
import App from './app.svelte';
import './app.css';
import { createApiClient } from './lib/api-client.ts';
import { Router } from './lib/router.svelte.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html must contain an element with id "app"');

mount(App, { target, props: { api: createApiClient(), router: new Router(window) } });
