import { type ContainerDriver, ContainerTimeoutError, isBerthError } from '@berth/core';

/** Options of {@link waitUntilReady}. */
export interface ReadinessOptions {
  /** Give up after this many ms. */
  timeoutMs: number;
  /** First backoff cap in ms. Default: 20. */
  baseDelayMs?: number;
  /** Largest backoff in ms. Default: 500. */
  maxDelayMs?: number;
  /** Aborts the wait. */
  signal?: AbortSignal;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the container answers: an exec of `true` exits 0. Retries with exponential backoff and
 * full jitter; non-retryable driver errors (not found, conflict) and the timeout reject with a typed error.
 *
 * @example
 * ```ts
 * await waitUntilReady(driver, containerId, { timeoutMs: 30_000 });
 * ```
 */
export async function waitUntilReady(
  driver: ContainerDriver,
  containerId: string,
  options: ReadinessOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      const probe = await driver.exec(containerId, {
        command: ['true'],
        timeoutMs: Math.max(1000, Math.min(10_000, deadline - Date.now())),
      });
      if (probe.exitCode === 0) return;
      lastError = new Error(`readiness probe exited with ${probe.exitCode}: ${probe.stderr.trim()}`);
    } catch (err) {
      if (isBerthError(err) && !err.retryable && attempt >= 3) throw err;
      lastError = err;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0)
      throw new ContainerTimeoutError('readiness probe', options.timeoutMs, { containerId, cause: lastError });
    // Exponential backoff with full jitter: uniform in [0, min(max, base * 2^(attempt-1))).
    const cap = Math.min(options.maxDelayMs ?? 500, (options.baseDelayMs ?? 20) * 2 ** (attempt - 1));
    const delay = Math.floor(Math.random() * cap);
    await sleep(Math.min(Math.max(delay, 1), remaining));
  }
}
