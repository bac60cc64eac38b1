import { delay } from './delay.js';

/** Options of {@link eventually}. */
export interface EventuallyOptions {
  /** Give up after this many ms and rethrow the last failure. Default: 10000. */
  timeoutMs?: number;
  /** Pause between attempts in ms. Default: 50. */
  intervalMs?: number;
}

/**
 * Calls `fn` until it stops throwing (or rejecting) and returns its value. After the deadline, rethrows
 * the last failure. The deadline bounds the wait; it is never an assertion about elapsed time.
 *
 * @example
 * ```ts
 * await eventually(async () => expect((await driver.getContainer(id))?.state).toBe('exited'));
 * ```
 */
export async function eventually<T>(fn: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
    await delay(intervalMs);
  }
}
