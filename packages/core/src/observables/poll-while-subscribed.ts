import { Observable } from 'rxjs';
import { toBerthError } from '../resilience/to-berth-error.js';

/** Options of {@link pollWhileSubscribed}. */
export interface PollOptions {
  /** Operation name put on errors (e.g. `getStats`). Default: `poll`. */
  operation?: string;
  /** Container id put on errors. */
  containerId?: string;
}

/**
 * Calls `sample` while someone is subscribed and emits each result.
 *
 * - The first sample is taken at subscription; the next one `intervalMs` after the previous one settled,
 *   so calls never overlap, however slow `sample` is.
 * - Unsubscribing clears the pending timer and aborts the `signal` given to the running sample.
 * - A failing sample ends the stream with a typed `BerthError` (raw errors become `DriverUnavailableError`).
 *
 * @param intervalMs - pause between the end of one sample and the start of the next.
 * @param sample - takes one sample; should honour `signal`.
 * @param options - context for errors.
 *
 * @example
 * ```ts
 * stats$(id: string, opts?: StatsStreamOptions): Observable<StatsSample> {
 *   return pollWhileSubscribed(opts?.intervalMs ?? 1000, () => this.getStats(id), { operation: 'stats$', containerId: id });
 * }
 * ```
 */
export function pollWhileSubscribed<T>(
  intervalMs: number,
  sample: (signal: AbortSignal) => Promise<T>,
  options: PollOptions = {},
): Observable<T> {
  const context = {
    operation: options.operation ?? 'poll',
    ...(options.containerId === undefined ? {} : { containerId: options.containerId }),
  };
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const tick = (): void => {
      timer = undefined;
      new Promise<T>((resolve) => resolve(sample(controller.signal))).then(
        (value) => {
          if (controller.signal.aborted) return;
          subscriber.next(value);
          if (!controller.signal.aborted) timer = setTimeout(tick, Math.max(0, intervalMs));
        },
        (err: unknown) => {
          if (controller.signal.aborted) return;
          subscriber.error(toBerthError(err, context));
        },
      );
    };
    tick();

    return () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      controller.abort();
    };
  });
}
