/** An opaque timer handle (whatever the current global `setTimeout` returns). */
export type TimerHandle = ReturnType<typeof globalThis.setTimeout>;

/**
 * Every timer the mock uses goes through here. The global `setTimeout`/`setInterval` are looked up at
 * call time, so jest fake timers (`jest.useFakeTimers()`) drive the mock; every live handle is tracked so
 * {@link clearAll} (called by `dispose()`) leaves nothing behind.
 */
export class TimerRegistry {
  readonly #timeouts = new Set<TimerHandle>();
  readonly #intervals = new Set<TimerHandle>();

  /** Number of live timers and intervals. */
  get size(): number {
    return this.#timeouts.size + this.#intervals.size;
  }

  /** Calls `fn` once after `ms`. */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = globalThis.setTimeout(
      () => {
        this.#timeouts.delete(handle);
        fn();
      },
      Math.max(0, ms),
    );
    this.#timeouts.add(handle);
    return handle;
  }

  /** Cancels a timer from {@link setTimeout}. */
  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    globalThis.clearTimeout(handle);
    this.#timeouts.delete(handle);
  }

  /** Calls `fn` every `ms`. */
  setInterval(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = globalThis.setInterval(fn, Math.max(1, ms));
    this.#intervals.add(handle);
    return handle;
  }

  /** Cancels an interval from {@link setInterval}. */
  clearInterval(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    globalThis.clearInterval(handle);
    this.#intervals.delete(handle);
  }

  /**
   * Resolves after `ms`; rejects with the signal's reason (and clears the timer) when `signal` aborts.
   * `ms = Infinity` waits for the signal only.
   */
  delay(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      let handle: TimerHandle | undefined;
      const onAbort = (): void => {
        this.clearTimeout(handle);
        reject(signal?.reason);
      };
      if (Number.isFinite(ms)) {
        handle = this.setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Cancels every live timer and interval. */
  clearAll(): void {
    for (const handle of this.#timeouts) globalThis.clearTimeout(handle);
    for (const handle of this.#intervals) globalThis.clearInterval(handle);
    this.#timeouts.clear();
    this.#intervals.clear();
  }
}
