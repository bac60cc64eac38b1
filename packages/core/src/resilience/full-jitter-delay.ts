/** Parameters of exponential backoff. */
export interface BackoffOptions {
  /** Delay cap of the first retry in ms; doubles every retry. */
  baseDelayMs: number;
  /** Upper bound of any delay in ms. */
  maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * a delay drawn uniformly from `[0, min(maxDelayMs, baseDelayMs * 2^(attempt-1)))`.
 *
 * @param attempt - 1 for the first retry, 2 for the second …
 * @param options - base and cap.
 * @param random - a source of numbers in `[0, 1)`; inject a constant for deterministic tests.
 * @returns the delay in whole milliseconds.
 *
 * @example
 * ```ts
 * fullJitterDelay(3, { baseDelayMs: 100, maxDelayMs: 5000 }, () => 0.5); // 200
 * ```
 */
export function fullJitterDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(0, Math.floor(r * cap));
}
