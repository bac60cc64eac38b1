import { type MonoTypeOperatorFunction, retry, type SchedulerLike, throwError, timer } from 'rxjs';
import { isRetryable } from '../errors/index.js';
import { fullJitterDelay } from '../resilience/full-jitter-delay.js';

/** Options of {@link retryWithBackoff}. */
export interface RetryWithBackoffOptions {
  /** Resubscriptions after the first failure. Default: 3. */
  maxRetries?: number;
  /** Delay cap of the first retry in ms; doubles every retry. Default: 100. */
  baseDelayMs?: number;
  /** Upper bound of any delay in ms. Default: 5000. */
  maxDelayMs?: number;
  /** Which errors to retry. Default: {@link isRetryable} (typed retryable `BerthError`s only). */
  shouldRetry?: (err: unknown, attempt: number) => boolean;
  /** Number source in `[0, 1)` for the jitter. Default: `Math.random`. */
  random?: () => number;
  /** Scheduler of the delays (a `TestScheduler` in marble tests). Default: rxjs' async scheduler. */
  scheduler?: SchedulerLike;
  /** Start counting attempts from zero again after a value arrives (for long-lived streams). Default: `true`. */
  resetOnSuccess?: boolean;
}

/**
 * Resubscribes to the source after a retryable error, waiting an exponential backoff with full jitter
 * (`random() * min(maxDelayMs, baseDelayMs * 2^(n-1))` before retry `n`). Non-retryable errors, and the
 * error after the last retry, pass through.
 *
 * @example
 * ```ts
 * engineEvents$.pipe(retryWithBackoff({ maxRetries: 5, baseDelayMs: 200, maxDelayMs: 10_000 }));
 * ```
 */
export function retryWithBackoff<T>(options: RetryWithBackoffOptions = {}): MonoTypeOperatorFunction<T> {
  const maxRetries = options.maxRetries ?? 3;
  const backoff = { baseDelayMs: options.baseDelayMs ?? 100, maxDelayMs: options.maxDelayMs ?? 5000 };
  const shouldRetry = options.shouldRetry ?? ((err: unknown) => isRetryable(err));
  const random = options.random ?? Math.random;
  return retry<T>({
    count: maxRetries,
    resetOnSuccess: options.resetOnSuccess ?? true,
    delay: (err: unknown, attempt: number) => {
      if (!shouldRetry(err, attempt)) return throwError(() => err);
      const ms = fullJitterDelay(attempt, backoff, random);
      return options.scheduler === undefined ? timer(ms) : timer(ms, options.scheduler);
    },
  });
}
