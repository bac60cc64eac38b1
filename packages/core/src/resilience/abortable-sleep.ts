/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts — clearing the timer, so
 * nothing is left scheduled. Uses the global `setTimeout`, so jest fake timers control it.
 *
 * @example
 * ```ts
 * await abortableSleep(250, opts.signal);
 * ```
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An `AbortController` that also aborts (with the same reason) when its parent signal aborts. */
export interface LinkedAbort {
  /** The child controller. */
  readonly controller: AbortController;
  /** Detaches from the parent signal; call when done so no listener is left behind. */
  release(): void;
}

/** Creates a {@link LinkedAbort} under `parent`. */
export function linkAbort(parent: AbortSignal | undefined): LinkedAbort {
  const controller = new AbortController();
  if (parent === undefined) return { controller, release: () => undefined };
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, release: () => undefined };
  }
  const onAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, release: () => parent.removeEventListener('abort', onAbort) };
}
