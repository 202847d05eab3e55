/**
 * @module Component-test environment: jsdom has no ResizeObserver (used by `bind:clientWidth`), so a
 * minimal one reports nothing and charts fall back to their default width.
 */
class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
