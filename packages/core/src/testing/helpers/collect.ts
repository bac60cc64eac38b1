import type { Observable } from 'rxjs';

/** Options of {@link collect}. */
export interface CollectOptions<T> {
  /** Stop (and unsubscribe) as soon as this returns `true` for the items so far. Default: wait for completion. */
  until?: (items: readonly T[]) => boolean;
  /** Reject when neither completion nor `until` happened within this many ms. Default: 15000. */
  timeoutMs?: number;
}

/**
 * Subscribes to `source` and gathers its values until it completes or `until` holds, then unsubscribes.
 * Rejects with the stream's error (as is, so `XError.is(err)` works) or, after `timeoutMs`, with an
 * error that lists how many items arrived.
 *
 * @example
 * ```ts
 * const lines = await collect(driver.logs$(id, { follow: false }));
 * const two = await collect(driver.stats$(id, { intervalMs: 200 }), { until: (s) => s.length >= 2 });
 * ```
 */
export function collect<T>(source: Observable<T>, options: CollectOptions<T> = {}): Promise<T[]> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise<T[]>((resolve, reject) => {
    const items: T[] = [];
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Deferred: the subscription may not be assigned yet when the source emits synchronously.
      queueMicrotask(() => subscription.unsubscribe());
      fn();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`collect: no completion within ${timeoutMs} ms (${items.length} items)`))),
      timeoutMs,
    );
    const subscription = source.subscribe({
      next: (value) => {
        if (settled) return;
        items.push(value);
        if (options.until?.(items) === true) finish(() => resolve(items));
      },
      error: (err: unknown) => finish(() => reject(err)),
      complete: () => finish(() => resolve(items)),
    });
  });
}
