/**
 * @module Top driver per customer for the customer list. The list endpoint carries scores only, so the
 * drivers of the visible rows are fetched from `GET /v1/customers/{id}` a few at a time and cached for the
 * session; changing page cancels what is still queued.
 */
import type { CustomerDetail } from '@chi/core';
import { SvelteMap } from 'svelte/reactivity';
import type { DriverInput } from './charts.ts';

/** The driver that costs the most points: the model's when a prediction exists, else the scorecard's. */
export function topDriver(detail: Pick<CustomerDetail, 'current' | 'predicted'>): DriverInput | null {
  const drivers = detail.predicted?.drivers.length ? detail.predicted.drivers : detail.current.drivers;
  let worst: DriverInput | null = null;
  for (const driver of drivers) {
    if (worst === null || driver.effect < worst.effect) worst = driver;
  }
  return worst;
}

/** Lazily loaded top drivers, keyed by customer id (`null` = loaded, none; `undefined` = not yet). */
export class TopDrivers {
  /** Loaded drivers by customer id. */
  readonly byId = new SvelteMap<string, DriverInput | null>();
  #controller: AbortController | undefined;

  /**
   * @param fetchDetail - loads one customer's detail
   * @param concurrency - requests in flight at once, default 4
   */
  constructor(
    private readonly fetchDetail: (id: string, signal: AbortSignal) => Promise<CustomerDetail>,
    private readonly concurrency = 4,
  ) {}

  /**
   * Loads the drivers of the given customers not loaded yet, cancelling an earlier request.
   * @param ids - customer ids of the visible rows
   * @returns resolves when all have loaded or the request was cancelled
   */
  async request(ids: readonly string[]): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const queue = ids.filter((id) => !this.byId.has(id));
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined && !controller.signal.aborted; id = queue.shift()) {
        try {
          const detail = await this.fetchDetail(id, controller.signal);
          if (!controller.signal.aborted) this.byId.set(id, topDriver(detail));
        } catch {
          // A failed row shows no driver; the table itself stays usable.
          if (!controller.signal.aborted) this.byId.set(id, null);
        }
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
  }

  /** Cancels queued requests. */
  cancel(): void {
    this.#controller?.abort();
  }
}
