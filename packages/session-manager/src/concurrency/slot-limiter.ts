import { SessionLimitError } from '@berth/core';

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  cleanup: () => void;
}

/**
 * Counts live sessions against `maxSessions`. {@link acquire} takes a slot at once, or waits up to
 * `waitMs` for one (first come, first served), or throws `SessionLimitError`.
 *
 * @example
 * ```ts
 * const slots = new SlotLimiter(2);
 * await slots.acquire(0);       // ok
 * await slots.acquire(5000);    // waits up to 5 s for a release()
 * ```
 */
export class SlotLimiter {
  private used = 0;
  private readonly waiters: Waiter[] = [];

  /** @param limit - maximum number of slots. */
  constructor(readonly limit: number) {}

  /** Slots in use. */
  get inUse(): number {
    return this.used;
  }

  /** Takes a slot; waits up to `waitMs` (0: not at all) and then throws `SessionLimitError`. */
  acquire(waitMs = 0, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.used < this.limit && this.waiters.length === 0) {
      this.used += 1;
      return Promise.resolve();
    }
    if (waitMs <= 0) return Promise.reject(new SessionLimitError(this.limit));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        remove();
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        resolve,
        reject,
        timer: undefined,
        cleanup: () => {
          if (waiter.timer !== undefined) clearTimeout(waiter.timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      const remove = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        waiter.cleanup();
      };
      waiter.timer = setTimeout(() => {
        remove();
        reject(new SessionLimitError(this.limit));
      }, waitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Takes a slot even over the limit (adopted sessions already exist and must be counted). */
  force(): void {
    this.used += 1;
  }

  /** Gives a slot back; the oldest waiter (if any) gets it. */
  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) {
      next.cleanup();
      next.resolve();
      return;
    }
    if (this.used > 0) this.used -= 1;
  }

  /** Rejects every waiter with `err` (used by `dispose`). */
  rejectAll(err: unknown): void {
    for (const w of this.waiters.splice(0)) {
      w.cleanup();
      w.reject(err);
    }
  }
}
