import { type ContainerDriver, OPERATION_GROUP, type OperationGroup, ValidationError } from '@berth/core';
import type { MonitoringMetrics } from './monitoring-metrics.js';
import { outcomeOf } from './operation-outcome.js';

/** Options of {@link observeDriver} and {@link instrumentDriver}. */
export interface DriverInstrumentationOptions {
  /** `host` label (the hub's host id of the driver). Default: `default`. */
  host?: string;
  /**
   * {@link observeDriver} only: time the **innermost** driver of a wrapper chain (following `inner`, as
   * `withResilience` exposes it) in place, instead of the given driver. Every call that reaches the engine's
   * driver is then counted once, whoever makes it: the wrapper (one count per try), a `DockerHostPool` routing to
   * its host's driver (a session manager over a resilient pool), code holding the raw driver. Breaker states are
   * still read from the given driver. A call the wrapper refuses without trying (breaker open, disposed) is not
   * counted; `berth_driver_breaker_state` shows that. Default `false`: the given driver's calls are timed.
   */
  innermost?: boolean;
}

/** The innermost driver of a wrapper chain: `driver.inner`, its `inner`, … (the driver itself without one). */
export function innermostDriver(driver: ContainerDriver): ContainerDriver {
  let current = driver;
  const seen = new Set<ContainerDriver>([current]);
  for (;;) {
    const inner = (current as { inner?: unknown }).inner;
    if (!isDriverLike(inner) || seen.has(inner)) return current;
    seen.add(inner);
    current = inner;
  }
}

function isDriverLike(value: unknown): value is ContainerDriver {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { listContainers?: unknown }).listContainers === 'function'
  );
}

/** A driver being observed in place; {@link detach} restores its methods. */
export interface DriverObservation {
  /** Restores the driver's own methods and stops reporting its breakers. Idempotent. */
  detach(): void;
}

/**
 * Operations timed and counted: every promise-returning `ContainerDriver` method (the ones `withResilience`
 * guards) plus `healthCheck`. Streams (`logs$`, `stats$`, `events$`, `execStream`) have no single outcome or
 * duration and are not timed.
 */
export const TIMED_OPERATIONS: readonly string[] = Object.freeze([...Object.keys(OPERATION_GROUP), 'healthCheck']);

type AnyFn = (...args: unknown[]) => unknown;
type DriverRecord = Record<string, unknown>;

const observed = new WeakMap<object, Map<MonitoringMetrics, DriverObservation>>();

/**
 * Times and counts every operation of `driver` **in place**: its methods are shadowed by own properties
 * that record `berth_driver_operation_duration_seconds` and `berth_driver_operations_total`, so every call is
 * measured whoever holds the driver (a session manager created before, the hub, user code). When the driver
 * has breakers (`breakerState(group)`, as `withResilience` gives), their states are reported at every scrape.
 * Observing the same driver twice with the same metrics returns the first observation. With `innermost`, the
 * wrapper's innermost driver is the one timed (see {@link DriverInstrumentationOptions.innermost}); a second
 * wrapper of an inner already timed with these metrics only adds its breakers.
 *
 * @throws ValidationError when the (timed) driver object is frozen or sealed (use {@link instrumentDriver}).
 *
 * @example
 * ```ts
 * const metrics = new MonitoringMetrics();
 * const sessions = new SessionManager(driver);
 * observeDriver(driver, metrics, { host: 'local' }); // the manager's calls are timed too
 * ```
 */
export function observeDriver(
  driver: ContainerDriver,
  metrics: MonitoringMetrics,
  options: DriverInstrumentationOptions = {},
): DriverObservation {
  const host = options.host ?? 'default';
  const timedDriver = options.innermost === true ? innermostDriver(driver) : driver;
  const byMetrics = observed.get(timedDriver) ?? new Map<MonitoringMetrics, DriverObservation>();
  const existing = byMetrics.get(metrics);
  if (existing !== undefined && timedDriver === driver) return existing;
  if (existing !== undefined) {
    const stop = watchBreakers(driver, metrics, host);
    return { detach: stop };
  }
  if (!Object.isExtensible(timedDriver)) {
    throw new ValidationError(
      [{ path: 'driver', message: 'is frozen or sealed; wrap it with instrumentDriver() instead' }],
      {},
      'driver to observe',
    );
  }
  const saved: Array<[DriverRecord, string, PropertyDescriptor | undefined, AnyFn]> = [];
  let detached = false;
  const shadow = (on: ContainerDriver, only?: (op: string) => boolean): void => {
    const target = on as unknown as DriverRecord;
    for (const [op, fn] of timedOperations(on, metrics, host, () => !detached)) {
      if (only !== undefined && !only(op)) continue;
      saved.push([target, op, Object.getOwnPropertyDescriptor(target, op), fn]);
      Object.defineProperty(target, op, { value: fn, writable: true, configurable: true, enumerable: false });
    }
  };
  shadow(timedDriver);
  if (timedDriver !== driver && Object.isExtensible(driver)) {
    // A wrapper's operations held as its own properties were bound at construction to the inner's original
    // methods (withResilience does so for its optional ones: images, system info, inspect): those calls never
    // reach the inner's timed methods, so they are timed on the wrapper (once, as the rest).
    shadow(driver, (op) => Object.hasOwn(driver, op));
  }
  const stopBreakers = watchBreakers(driver, metrics, host);
  const observation: DriverObservation = {
    detach() {
      if (detached) return;
      detached = true;
      stopBreakers();
      for (const [target, op, descriptor, fn] of saved) {
        // someone wrapped the method after us (another observation, a spy): leave theirs; ours now passes through
        if (target[op] !== fn) continue;
        delete target[op];
        if (descriptor !== undefined) Object.defineProperty(target, op, descriptor);
      }
      byMetrics.delete(metrics);
    },
  };
  byMetrics.set(metrics, observation);
  observed.set(timedDriver, byMetrics);
  return observation;
}

/**
 * Returns a wrapper of `driver` (a `Proxy`) whose operations are timed and counted as in {@link observeDriver};
 * everything else (streams, `dispose`, driver-specific members) passes through, bound to the driver. Only
 * calls made through the wrapper are measured; hand the wrapper to every user of the driver.
 *
 * @example
 * ```ts
 * const metrics = new MonitoringMetrics();
 * const driver = instrumentDriver(withResilience(new DockerDriver()), metrics, { host: 'local' });
 * ```
 */
export function instrumentDriver<T extends ContainerDriver>(
  driver: T,
  metrics: MonitoringMetrics,
  options: DriverInstrumentationOptions = {},
): T {
  const host = options.host ?? 'default';
  const timed = timedOperations(driver, metrics, host);
  watchBreakers(driver, metrics, host);
  const bound = new WeakMap<AnyFn, AnyFn>();
  return new Proxy(driver, {
    get(target, prop, receiver) {
      if (typeof prop === 'string') {
        const fn = timed.get(prop);
        if (fn !== undefined) return fn;
      }
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const own = Object.getOwnPropertyDescriptor(target, prop);
      if (own !== undefined && own.configurable === false && own.writable === false) return value;
      let b = bound.get(value as AnyFn);
      if (b === undefined) {
        b = (value as AnyFn).bind(target);
        bound.set(value as AnyFn, b);
      }
      void receiver;
      return b;
    },
  });
}

/** The timed version of each operation the driver has, calling the original bound to the driver. */
function timedOperations(
  driver: ContainerDriver,
  metrics: MonitoringMetrics,
  host: string,
  active: () => boolean = () => true,
): Map<string, AnyFn> {
  const target = driver as unknown as DriverRecord;
  const labels = { driver: driver.name, host };
  const out = new Map<string, AnyFn>();
  for (const operation of TIMED_OPERATIONS) {
    const original = target[operation];
    if (typeof original !== 'function') continue;
    const duration = metrics.operationDuration.labels({ ...labels, operation });
    const ok = metrics.operations.labels({ ...labels, operation, outcome: 'ok' });
    const failed = (err: unknown, start: number): void => {
      duration.observe((performance.now() - start) / 1000);
      metrics.operations.inc({ ...labels, operation, outcome: outcomeOf(err) });
    };
    out.set(operation, function timed(...args: unknown[]): unknown {
      if (!active()) return (original as AnyFn).apply(driver, args);
      const start = performance.now();
      let result: unknown;
      try {
        result = (original as AnyFn).apply(driver, args);
      } catch (err) {
        failed(err, start);
        throw err;
      }
      if (!(result instanceof Promise)) {
        duration.observe((performance.now() - start) / 1000);
        ok.inc();
        return result;
      }
      return result.then(
        (value: unknown) => {
          duration.observe((performance.now() - start) / 1000);
          ok.inc();
          return value;
        },
        (err: unknown) => {
          failed(err, start);
          throw err;
        },
      );
    });
  }
  return out;
}

/** Reports the driver's breakers when it has them; returns the stop function. */
function watchBreakers(driver: ContainerDriver, metrics: MonitoringMetrics, host: string): () => void {
  const read = (driver as unknown as { breakerState?: unknown }).breakerState;
  if (typeof read !== 'function') return () => undefined;
  return metrics.watchBreakers(driver.name, host, (group: OperationGroup) =>
    String((read as (g: OperationGroup) => unknown).call(driver, group)),
  );
}
