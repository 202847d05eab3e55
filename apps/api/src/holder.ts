/**
 * @module An atomic reference: readers take the current value once per request and keep using it, a writer
 * replaces it in one assignment. Writers are serialised so two swaps never interleave.
 */

/** Holds one immutable value that can be swapped atomically. */
export class AtomicRef<T> {
  #value: T;
  #queue: Promise<unknown> = Promise.resolve();

  /** @param initial - first value */
  constructor(initial: T) {
    this.#value = initial;
  }

  /** @returns the current value; a request keeps this reference until it ends */
  get(): T {
    return this.#value;
  }

  /**
   * Runs `update` after every earlier update finished and installs its result in one assignment.
   * When `update` throws, the value is unchanged and the error is re-thrown to this caller only.
   *
   * @param update - builds the next value from the current one (may be slow; readers are not blocked)
   * @returns the installed value
   */
  swap(update: (current: T) => Promise<T> | T): Promise<T> {
    const run = this.#queue.then(async () => {
      const next = await update(this.#value);
      this.#value = next;
      return next;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
