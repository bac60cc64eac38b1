import {
  abortableSleep,
  type ContainerDriver,
  ContainerTimeoutError,
  fullJitterDelay,
  isBerthError,
} from '@berth/core';

/** Options of {@link waitUntilReady}. */
export interface ReadinessOptions {
  /** Give up after this many ms. */
  timeoutMs: number;
  /** First backoff cap in ms. Default: 20. */
  baseDelayMs?: number;
  /** Largest backoff in ms. Default: 500. */
  maxDelayMs?: number;
  /** Aborts the wait, also while it sleeps between probes (rejecting with the signal's reason). */
  signal?: AbortSignal;
}

/**
 * Waits until the container answers: an exec of `true` exits 0. Retries with core's exponential backoff and
 * full jitter (`fullJitterDelay`); non-retryable driver errors (not found, conflict) and the timeout reject with a typed error.
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
    const delay = fullJitterDelay(attempt, {
      baseDelayMs: options.baseDelayMs ?? 20,
      maxDelayMs: options.maxDelayMs ?? 500,
    });
    await abortableSleep(Math.min(Math.max(delay, 1), remaining), options.signal);
  }
}
