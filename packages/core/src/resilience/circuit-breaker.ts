import { isBerthError } from '../errors/berth-error.js';
import { CircuitOpenError } from '../errors/error-classes.js';

/** Options of {@link CircuitBreaker}, as the driver-interface seed spells them. */
export interface CircuitBreakerOptions {
  /** Failures within `monitoringPeriod` that open the circuit. Positive integer. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through (half-open), in ms. Non-negative. */
  resetTimeout: number;
  /** Window in which failures are counted, in ms (older failures are forgotten). Positive. */
  monitoringPeriod: number;
  /** Name used in `CircuitOpenError` (its `group`). Default: `circuit`. */
  name?: string;
  /**
   * Errors that say nothing about the backend's health and never count as failures. Default: Berth's
   * non-retryable errors (a bad spec, a missing container, a limit) — only retryable ones and foreign errors count.
   */
  isFailure?: (err: unknown) => boolean;
  /** Clock in ms. Default: `Date.now`. */
  now?: () => number;
}

/** State of a {@link CircuitBreaker}. */
export type CircuitState = 'closed' | 'open' | 'half-open';

const defaultIsFailure = (err: unknown): boolean => !isBerthError(err) || err.retryable;

/**
 * The driver-interface seed's `CircuitBreaker`: counts failures within `monitoringPeriod`; at `failureThreshold`
 * it opens and fails calls fast with `CircuitOpenError` for `resetTimeout` ms, then lets one trial call through
 * (half-open): success closes it, failure opens it again. Validation and not-found errors never count.
 * For whole drivers prefer `withResilience`, which keeps one breaker per operation group.
 *
 * @example
 * ```ts
 * const circuitBreaker = new CircuitBreaker({ failureThreshold: 5, resetTimeout: 60000, monitoringPeriod: 120000 });
 * const container = await circuitBreaker.execute(() => driver.createContainer(config));
 * ```
 */
export class CircuitBreaker {
  readonly #options: Required<Omit<CircuitBreakerOptions, 'name'>> & { name: string };
  #failures: number[] = [];
  #openedAt: number | undefined;
  #trial = false;

  /** @param options - threshold and times; `RangeError` for a threshold below 1 or a negative time. */
  constructor(options: CircuitBreakerOptions) {
    const { failureThreshold, resetTimeout, monitoringPeriod } = options;
    if (!Number.isInteger(failureThreshold) || failureThreshold < 1) {
      throw new RangeError('CircuitBreaker: failureThreshold must be a positive integer');
    }
    if (!(resetTimeout >= 0) || !(monitoringPeriod > 0)) {
      throw new RangeError('CircuitBreaker: resetTimeout must be >= 0 and monitoringPeriod > 0');
    }
    this.#options = {
      failureThreshold,
      resetTimeout,
      monitoringPeriod,
      name: options.name ?? 'circuit',
      isFailure: options.isFailure ?? defaultIsFailure,
      now: options.now ?? Date.now,
    };
  }

  /** Current state. */
  get state(): CircuitState {
    if (this.#openedAt === undefined) return 'closed';
    return this.#options.now() - this.#openedAt >= this.#options.resetTimeout ? 'half-open' : 'open';
  }

  /**
   * Runs `fn` unless the circuit is open (then rejects with `CircuitOpenError` without calling it).
   *
   * @param fn - the call.
   */
  async execute<T>(fn: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.#trial)) throw new CircuitOpenError(this.#options.name);
    const trial = state === 'half-open';
    if (trial) this.#trial = true;
    try {
      const result = await fn();
      if (trial) this.#close();
      return result;
    } catch (err) {
      if (this.#options.isFailure(err)) this.#fail(trial);
      else if (trial) this.#close();
      throw err;
    } finally {
      if (trial) this.#trial = false;
    }
  }

  #close(): void {
    this.#openedAt = undefined;
    this.#failures = [];
  }

  #fail(trial: boolean): void {
    const now = this.#options.now();
    if (trial) {
      this.#openedAt = now;
      return;
    }
    this.#failures = this.#failures.filter((t) => now - t < this.#options.monitoringPeriod);
    this.#failures.push(now);
    if (this.#failures.length >= this.#options.failureThreshold) this.#openedAt = now;
  }
}
