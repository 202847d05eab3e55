/**
 * @module Reactive holder of one asynchronous API payload with its loading and error state. A newer load
 * cancels the older one, so a fast typist or a quick back-and-forth never shows a stale answer.
 */

/** Loading state of one payload. `data` keeps the last good answer while a reload runs. */
export class Resource<T> {
  /** Last payload received; replaced whole (never deeply reactive). */
  data = $state.raw<T | undefined>(undefined);
  /** Error of the last load, cleared when a new load starts. */
  error = $state.raw<Error | undefined>(undefined);
  /** True while a load runs. */
  loading = $state(false);

  #controller: AbortController | undefined;

  /**
   * Starts a load, cancelling any load still running.
   * @param fetcher - performs the request; must honour the abort signal
   * @returns resolves when this load has settled (never rejects: failures land in `error`)
   */
  async load(fetcher: (signal: AbortSignal) => Promise<T>): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.loading = true;
    this.error = undefined;
    try {
      const value = await fetcher(controller.signal);
      if (controller.signal.aborted) return;
      this.data = value;
    } catch (cause) {
      if (controller.signal.aborted) return;
      this.error = cause instanceof Error ? cause : new Error(String(cause));
    } finally {
      if (this.#controller === controller) this.loading = false;
    }
  }

  /** Cancels a running load (e.g. when the page is left). */
  cancel(): void {
    this.#controller?.abort();
    this.loading = false;
  }
}
