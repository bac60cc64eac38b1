import { defer, type Observable, share } from 'rxjs';

/**
 * Shares one upstream among all concurrent subscribers, lazily.
 *
 * - Cold: `factory` is not called until the first subscription.
 * - One upstream for every concurrent subscriber.
 * - When the last subscriber unsubscribes (or the upstream completes or errors) the upstream is torn down,
 *   and the next subscription calls `factory` again for a fresh one.
 *
 * Use it for driver streams whose upstream is expensive (an engine socket, a poll timer) and identical for
 * every subscriber, e.g. the engine-wide event stream behind `events$`.
 *
 * @param factory - builds the upstream; called once per "generation" of subscribers.
 * @returns a shared, reference-counted observable.
 *
 * @example
 * ```ts
 * const engineEvents$ = shareUpstream(() => fromLineStream(openEventSocket()));
 * const a = engineEvents$.subscribe(log); // opens the socket
 * const b = engineEvents$.subscribe(log); // same socket
 * a.unsubscribe(); b.unsubscribe();      // socket closed
 * ```
 */
export function shareUpstream<T>(factory: () => Observable<T>): Observable<T> {
  return defer(factory).pipe(share({ resetOnRefCountZero: true, resetOnComplete: true, resetOnError: true }));
}
