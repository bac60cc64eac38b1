import type { ContainerDriver } from '@berth/core';

/** A driver wrapped by {@link countingDriver}, and the counts of the calls made through it. */
export interface CountingDriver {
  /** The wrapped driver: every method call goes to the original driver, counted first. */
  readonly driver: ContainerDriver;
  /** Calls made so far, by method name (`'exec'`) and by method name and first argument (`'exec <containerId>'`). */
  readonly calls: Map<string, number>;
}

/**
 * A driver that counts the calls made through it: by method name, and by method name and first argument (for the
 * driver's methods, the container id). Used by the code runner scenarios to prove a run made no Engine call.
 *
 * @example
 * const counted = countingDriver(driver);
 * await new SessionManager(counted.driver).executeCode(id, { language: 'python', code: 'pass' });
 * counted.calls.get('execStream'); // how many execStream calls, on any container
 */
export function countingDriver(driver: ContainerDriver): CountingDriver {
  const calls = new Map<string, number>();
  const proxy = new Proxy(driver, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        for (const key of [String(prop), `${String(prop)} ${String(args[0])}`])
          calls.set(key, (calls.get(key) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { driver: proxy, calls };
}
