import { retryWithBackoff } from '@berth/core';
import type { Logger } from 'pino';
import type { Observable, Subscription } from 'rxjs';

/** How a hub feed holds one driver stream (`events$`, `engineEvents$`) of one host. */
export interface DriverUpstreamOptions {
  /** The host the stream belongs to (logged with each failure). */
  hostId: string;
  /** The stream's name in the logs (`events$`, `engineEvents$`). */
  label: string;
  /** Logger for failures and re-subscriptions. */
  log: Logger;
  /** Cap of the first re-subscription delay after a failure, ms (core's `retryWithBackoff`). Default 1000. */
  retryDelayMs?: number | undefined;
  /** Cap of any re-subscription delay, ms (never below `retryDelayMs`). Default 30000. */
  retryMaxDelayMs?: number | undefined;
}

/** One held driver stream: its subscription, when it opened, and the last failure while it had not. */
export interface DriverUpstream {
  /** Unsubscribe to release the stream. */
  readonly sub: Subscription;
  /**
   * Resolves once the driver says the stream is open (its `opened` promise; a stream without one at once), or once
   * the upstream is released before that; rejects when the driver's `opened` does (a refused filter).
   */
  readonly opened: Promise<void>;
  /** `true` once {@link opened} settled because the driver's stream opened (not because it was released). */
  readonly isOpen: () => boolean;
  /** The last error of the stream (each one is retried), for a caller that gives up waiting. */
  readonly lastError: () => unknown;
}

/**
 * Subscribes a driver stream for a hub feed, kept alive through failures: re-subscribed with core's
 * `retryWithBackoff` (full jitter, doubling up to `retryMaxDelayMs`, never giving up; the count restarts once a
 * value arrives), each failure logged as a warning. One implementation for the hub's `EventFeed` (`events$`) and
 * `EngineEventFeed` (`engineEvents$`).
 *
 * @param source - the driver's stream, as returned (so its `opened`, if any, is still there).
 * @param next - called with every value.
 *
 * @example
 * ```ts
 * const up = holdDriverUpstream(driver.events$(), { hostId, label: 'events$', log }, (e) => fanOut(hostId, e));
 * await up.opened; // then a container created now is reported
 * up.sub.unsubscribe();
 * ```
 */
export function holdDriverUpstream<T>(
  source: Observable<T>,
  options: DriverUpstreamOptions,
  next: (value: T) => void,
): DriverUpstream {
  const { hostId, label, log } = options;
  const baseDelayMs = options.retryDelayMs ?? 1000;
  const maxDelayMs = Math.max(baseDelayMs, options.retryMaxDelayMs ?? 30_000);
  let lastError: unknown;
  let open = false;
  const sub = source
    .pipe(
      retryWithBackoff({
        maxRetries: Number.POSITIVE_INFINITY,
        baseDelayMs,
        maxDelayMs,
        shouldRetry: (err, attempt) => {
          lastError = err;
          log.warn({ err, hostId, attempt }, `${label} failed; re-subscribing`);
          return true;
        },
      }),
    )
    .subscribe({
      next,
      error: (err: unknown) => {
        lastError = err;
        log.warn({ err, hostId }, `${label} failed`);
      },
    });
  // open when the driver says so, or released (last watcher gone, hub closed) before that
  const released = new Promise<void>((resolve) => sub.add(resolve));
  const driverOpened = openedOf(source).then(() => {
    open = true;
  });
  return {
    sub,
    opened: Promise.race([driverOpened, released]),
    isOpen: () => open,
    lastError: () => lastError,
  };
}

/**
 * The `opened` promise of a driver stream that says when it is connected (`@berth/core`'s contract: Docker's
 * `OpenableObservable`, and a `DockerHostPool`'s or Swarm's merged streams; kept through `withResilience`, which
 * returns the driver's observable as is); a stream without one is taken as open when subscribed.
 */
export function openedOf(source: Observable<unknown>): Promise<void> {
  const opened = (source as { opened?: unknown }).opened;
  return opened instanceof Promise ? (opened as Promise<void>) : Promise.resolve();
}
