import { isRetryable } from '../errors/berth-error.js';
import { abortableSleep } from './abortable-sleep.js';
import { fullJitterDelay } from './full-jitter-delay.js';

/** A class of errors, for {@link RetryHandlerOptions.retryableErrors}. */
// biome-ignore lint/suspicious/noExplicitAny: any constructor signature is fine, only instanceof is used
export type ErrorClass = abstract new (...args: any[]) => Error;

/** Options of {@link RetryHandler}, as the driver-interface seed spells them. */
export interface RetryHandlerOptions {
  /** Retries after the first attempt (`3` means at most 4 calls). Non-negative integer. */
  maxRetries: number;
  /** Delay cap of the first retry in ms; doubles every retry (full jitter). Non-negative. */
  baseDelay: number;
  /** Upper bound of any delay in ms. Non-negative. */
  maxDelay: number;
  /**
   * Errors worth retrying, by class (`instanceof`). Default: every error marked `retryable` (`isRetryable`:
   * timeouts, an unavailable driver, an open circuit).
   */
  retryableErrors?: readonly ErrorClass[];
  /** Source of numbers in `[0, 1)` for the jitter. Default: `Math.random`. */
  random?: () => number;
}

function checkOptions(o: RetryHandlerOptions): void {
  const bad = (
    [
      ['maxRetries', o.maxRetries],
      ['baseDelay', o.baseDelay],
      ['maxDelay', o.maxDelay],
    ] as const
  ).filter(([, v]) => !Number.isFinite(v) || v < 0 || (typeof v === 'number' && !Number.isInteger(v)));
  if (bad.length > 0)
    throw new RangeError(`RetryHandler: ${bad.map(([k]) => k).join(', ')} must be non-negative integers`);
}

/**
 * Retries an async call with exponential backoff and full jitter, the driver-interface seed's `RetryHandler`:
 * an error is retried when it is an instance of one of `retryableErrors` (default: any Berth error marked
 * `retryable`), at most `maxRetries` times; the last error is thrown as it is.
 *
 * @example
 * ```ts
 * const retryHandler = new RetryHandler({ maxRetries: 3, baseDelay: 1000, maxDelay: 10000, retryableErrors: [ContainerTimeoutError] });
 * const container = await retryHandler.execute(() => driver.createContainer(config));
 * ```
 */
export class RetryHandler {
  readonly #options: RetryHandlerOptions;

  /** @param options - retries, delays and which errors to retry; `RangeError` for a negative or fractional number. */
  constructor(options: RetryHandlerOptions) {
    checkOptions(options);
    this.#options = { ...options };
  }

  /** `true` when `err` should be retried under these options. */
  isRetryable(err: unknown): boolean {
    const classes = this.#options.retryableErrors;
    if (classes === undefined) return isRetryable(err);
    return classes.some((C) => err instanceof C);
  }

  /**
   * Calls `fn` until it resolves, it throws an error that is not retryable, or the retries are used up.
   *
   * @param fn - the call.
   * @param signal - aborts the wait between attempts (rejects with the signal's reason).
   */
  async execute<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const { maxRetries, baseDelay, maxDelay, random } = this.#options;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (attempt >= maxRetries || !this.isRetryable(err)) throw err;
        const delay = fullJitterDelay(attempt + 1, { baseDelayMs: baseDelay, maxDelayMs: maxDelay }, random);
        await abortableSleep(delay, signal);
      }
    }
  }
}
