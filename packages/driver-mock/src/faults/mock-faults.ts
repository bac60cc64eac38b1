import { DriverUnavailableError, ValidationError } from '@berth/core';
import { Subject } from 'rxjs';
import type { Random } from '../random/mulberry32.js';

/** Makes the error an injected failure throws, given the operation name (e.g. `startContainer`). */
export type ErrorFactory = (operation: string) => Error;

/** A fixed latency in ms, or a range drawn (seeded) per call. */
export type LatencySpec = number | { min: number; max: number };

/** Options of {@link MockFaults.failureRate} and {@link MockFaults.latency}. */
export interface FaultScope {
  /** Only these operations (default: every operation). */
  operations?: readonly string[];
}

/** Options of {@link MockFaults.failNext}. */
export interface FailNextOptions {
  /** Only calls of this operation fail (default: the next calls of any operation). */
  operation?: string;
}

/** What the driver must do for one call: wait `delayMs`, then throw `error` if set. */
export interface FaultDecision {
  /** Injected latency in ms (0 for none). */
  delayMs: number;
  /** The injected failure, if any. */
  error?: Error;
}

interface PendingFailure {
  remaining: number;
  error: Error | ErrorFactory;
  operation?: string;
}

const unavailable: ErrorFactory = (operation) =>
  new DriverUnavailableError(`mock: injected failure in ${operation}`, { operation });

/**
 * Seeded fault injection of a {@link MockDriver}: latency, a random failure rate, the next N calls
 * failing, and an engine "down" mode. Chainable; {@link reset} clears everything.
 *
 * @example
 * ```ts
 * const mock = new MockDriver({ seed: 7 });
 * mock.faults.latency({ min: 5, max: 50 }).failureRate(0.2);
 * mock.faults.failNext(2, new DriverUnavailableError('flaky'), { operation: 'startContainer' });
 * mock.faults.down(); // every call throws DriverUnavailableError; healthCheck says unhealthy
 * ```
 */
export class MockFaults {
  readonly #random: Random;
  #latency: LatencySpec = 0;
  #latencyOps: readonly string[] | undefined;
  #rate = 0;
  #rateFactory: ErrorFactory = unavailable;
  #rateOps: readonly string[] | undefined;
  #pending: PendingFailure[] = [];
  #down = false;
  readonly #downChanges = new Subject<boolean>();

  /** Emits `true` on {@link down} and `false` on {@link up} (the driver errors its live streams). */
  readonly downChanges$ = this.#downChanges.asObservable();

  /**
   * @param random - seeded source for rates and latency ranges.
   */
  constructor(random: Random) {
    this.#random = random;
  }

  /** `true` while the engine is down. */
  get isDown(): boolean {
    return this.#down;
  }

  /**
   * Delays every call (or the scoped ones) by `ms`, or by a seeded draw in `[min, max]`.
   * @throws ValidationError for a negative or non-finite latency, or `min > max`.
   */
  latency(spec: LatencySpec, scope: FaultScope = {}): this {
    checkLatency(spec);
    this.#latency = spec;
    this.#latencyOps = scope.operations;
    return this;
  }

  /**
   * Fails each call with probability `rate` (seeded), with `errorFactory` (default `DriverUnavailableError`).
   * @throws ValidationError unless `rate` is a number in `[0, 1]`.
   */
  failureRate(rate: number, errorFactory: ErrorFactory = unavailable, scope: FaultScope = {}): this {
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw faultError('rate', 'failure rate must be a number in [0, 1]');
    }
    this.#rate = rate;
    this.#rateFactory = errorFactory;
    this.#rateOps = scope.operations;
    return this;
  }

  /**
   * Fails the next `n` calls (of `options.operation`, or of any operation) with `error`.
   * @throws ValidationError unless `n` is a non-negative integer.
   */
  failNext(n: number, error: Error | ErrorFactory = unavailable, options: FailNextOptions = {}): this {
    if (!Number.isSafeInteger(n) || n < 0) throw faultError('n', 'failNext count must be a non-negative integer');
    if (n > 0) {
      this.#pending.push({
        remaining: n,
        error,
        ...(options.operation === undefined ? {} : { operation: options.operation }),
      });
    }
    return this;
  }

  /** Engine down: every call throws `DriverUnavailableError`, live streams error, `healthCheck` is unhealthy. */
  down(): this {
    if (!this.#down) {
      this.#down = true;
      this.#downChanges.next(true);
    }
    return this;
  }

  /** Engine back up. */
  up(): this {
    if (this.#down) {
      this.#down = false;
      this.#downChanges.next(false);
    }
    return this;
  }

  /** Removes every fault (and brings the engine up). */
  reset(): this {
    this.#latency = 0;
    this.#latencyOps = undefined;
    this.#rate = 0;
    this.#rateFactory = unavailable;
    this.#rateOps = undefined;
    this.#pending = [];
    return this.up();
  }

  /** The error of the down mode for `operation`, or `undefined` when up. */
  downError(operation: string): Error | undefined {
    return this.#down ? new DriverUnavailableError(`mock engine is down (${operation})`, { operation }) : undefined;
  }

  /** Decides, for one call of `operation`, its latency and whether it fails. Consumes seeded randomness. */
  decide(operation: string): FaultDecision {
    const delayMs = this.#delayFor(operation);
    const downError = this.downError(operation);
    if (downError !== undefined) return { delayMs, error: downError };
    const index = this.#pending.findIndex((p) => p.operation === undefined || p.operation === operation);
    const pending = this.#pending[index];
    if (pending !== undefined) {
      pending.remaining--;
      if (pending.remaining <= 0) this.#pending.splice(index, 1);
      return { delayMs, error: typeof pending.error === 'function' ? pending.error(operation) : pending.error };
    }
    if (this.#rate > 0 && (this.#rateOps === undefined || this.#rateOps.includes(operation))) {
      if (this.#random() < this.#rate) return { delayMs, error: this.#rateFactory(operation) };
    }
    return { delayMs };
  }

  #delayFor(operation: string): number {
    if (this.#latencyOps !== undefined && !this.#latencyOps.includes(operation)) return 0;
    const spec = this.#latency;
    if (typeof spec === 'number') return Math.max(0, spec);
    return Math.max(0, spec.min + this.#random() * (spec.max - spec.min));
  }
}

function faultError(path: string, message: string): ValidationError {
  return new ValidationError([{ path, message }], {}, 'mock fault');
}

function checkLatency(spec: unknown): void {
  const ok = (ms: unknown): ms is number => typeof ms === 'number' && Number.isFinite(ms) && ms >= 0;
  if (typeof spec === 'number') {
    if (!ok(spec)) throw faultError('latency', 'latency must be a finite number of ms, not negative');
    return;
  }
  const range = spec as { min?: unknown; max?: unknown } | null;
  if (typeof range !== 'object' || range === null || !ok(range.min) || !ok(range.max) || range.min > range.max) {
    throw faultError('latency', 'latency must be ms or { min, max } with 0 <= min <= max');
  }
}
