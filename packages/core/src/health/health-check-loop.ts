import type { HealthcheckSpec } from '../contract/index.js';
import { ContainerTimeoutError } from '../errors/index.js';

/** Health of a container with a health check, as Docker names it. */
export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

/** Docker's defaults for the optional fields of a {@link HealthcheckSpec}. */
export const HEALTHCHECK_DEFAULTS = Object.freeze({
  intervalMs: 30_000,
  timeoutMs: 30_000,
  retries: 3,
  startPeriodMs: 0,
} as const);

/** A timer handle, whatever the timer source's `setTimeout` returns. */
export type HealthCheckTimer = ReturnType<typeof globalThis.setTimeout>;

/**
 * Where a {@link HealthCheckLoop} reads the time and sets its timers: the real ones by default
 * ({@link systemHealthCheckTimers}); a driver with virtual time (the mock under jest fake timers) passes its own.
 */
export interface HealthCheckTimers {
  /** The current time in ms since the epoch. */
  now(): number;
  /** Calls `fn` once after `ms`. */
  setTimeout(fn: () => void, ms: number): HealthCheckTimer;
  /** Cancels a timer from {@link setTimeout}. */
  clearTimeout(timer: HealthCheckTimer): void;
}

/**
 * The real clock and timers, looked up at call time (so jest fake timers drive them too); the timers are
 * `unref`ed, so a loop never keeps the process alive.
 */
export const systemHealthCheckTimers: HealthCheckTimers = Object.freeze({
  now: () => Date.now(),
  setTimeout: (fn: () => void, ms: number): HealthCheckTimer => {
    const timer = globalThis.setTimeout(fn, Math.max(0, ms));
    (timer as { unref?: () => void }).unref?.();
    return timer;
  },
  clearTimeout: (timer: HealthCheckTimer): void => globalThis.clearTimeout(timer),
});

/** What a {@link HealthCheckLoop} needs. */
export interface HealthCheckLoopOptions {
  /** The container's health check (only its timing fields are read here; the probe runs the command). */
  check: HealthcheckSpec;
  /**
   * Runs the check once; resolves `true` when it passed (exit 0). A rejection is a failure. `signal` aborts
   * when the probe outlives `timeoutMs` (the loop counts a failure without waiting for it) or the loop stops.
   */
  probe: (timeoutMs: number, signal: AbortSignal) => Promise<boolean>;
  /** Called on every change of status to `healthy` or `unhealthy`. */
  onChange: (status: Exclude<HealthStatus, 'starting'>) => void;
  /** When the container's current run started (ms since the epoch); default: now, from `timers`. */
  startedAt?: number;
  /** Clock and timers; default {@link systemHealthCheckTimers}. */
  timers?: HealthCheckTimers;
}

/**
 * A container's health-check loop with Docker's timing: the status starts as `starting`; the first probe
 * runs `intervalMs` after the start (at once if that is already past) and each next one `intervalMs` after
 * the previous ended; a probe that fails, rejects or outlives `timeoutMs` is a failure; one success makes
 * the container `healthy` and resets the failure streak; `retries` consecutive failures make it `unhealthy`,
 * except that failures while still `starting` within `startPeriodMs` of the start do not count.
 * One timer at a time; {@link stop} clears it and aborts a probe in flight.
 */
export class HealthCheckLoop {
  #status: HealthStatus = 'starting';
  #failures = 0;
  #timer: HealthCheckTimer | undefined;
  #cancelProbe: (() => void) | undefined;
  #started = false;
  #stopped = false;
  readonly #options: HealthCheckLoopOptions;
  readonly #timers: HealthCheckTimers;
  readonly #startedAt: number;
  readonly #interval: number;
  readonly #timeout: number;
  readonly #retries: number;
  readonly #startPeriod: number;

  /**
   * @param options - check, probe, change callback, start time and timers.
   */
  constructor(options: HealthCheckLoopOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemHealthCheckTimers;
    this.#startedAt = options.startedAt ?? this.#timers.now();
    this.#interval = options.check.intervalMs ?? HEALTHCHECK_DEFAULTS.intervalMs;
    this.#timeout = options.check.timeoutMs ?? HEALTHCHECK_DEFAULTS.timeoutMs;
    this.#retries = options.check.retries ?? HEALTHCHECK_DEFAULTS.retries;
    this.#startPeriod = options.check.startPeriodMs ?? HEALTHCHECK_DEFAULTS.startPeriodMs;
  }

  /** Current status. */
  get status(): HealthStatus {
    return this.#status;
  }

  /** Consecutive failures that counted. */
  get failingStreak(): number {
    return this.#failures;
  }

  /** Schedules the first probe, one interval after the start. Idempotent; a no-op once stopped. */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.#schedule(this.#startedAt + this.#interval - this.#timers.now());
  }

  /** Stops probing: clears the timer and aborts a probe in flight. Idempotent. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#cancelProbe?.();
  }

  /**
   * Sets the status from outside the probes (a test control forcing health), calling `onChange` when it
   * changed; the loop goes on probing and the next result moves it again.
   */
  setStatus(status: Exclude<HealthStatus, 'starting'>): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#options.onChange(status);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = this.#timers.setTimeout(() => void this.#tick(), Math.max(0, ms));
  }

  async #tick(): Promise<void> {
    this.#timer = undefined;
    const ok = await this.#probeOnce();
    if (this.#stopped) return;
    if (ok) {
      this.#failures = 0;
      this.setStatus('healthy');
    } else if (!(this.#status === 'starting' && this.#timers.now() - this.#startedAt < this.#startPeriod)) {
      this.#failures++;
      if (this.#failures >= this.#retries) this.setStatus('unhealthy');
    }
    this.#schedule(this.#interval);
  }

  /** One probe, settled by its result, by `timeoutMs` (a failure) or by {@link stop}. */
  #probeOnce(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const ac = new AbortController();
      let settled = false;
      const finish = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        this.#timers.clearTimeout(timeout);
        this.#cancelProbe = undefined;
        resolve(ok);
      };
      const timeout = this.#timers.setTimeout(() => {
        ac.abort(new ContainerTimeoutError('health check probe', this.#timeout));
        finish(false);
      }, this.#timeout);
      this.#cancelProbe = () => {
        ac.abort();
        finish(false);
      };
      Promise.resolve()
        .then(() => this.#options.probe(this.#timeout, ac.signal))
        .then(
          (passed) => finish(passed === true),
          () => finish(false),
        );
    });
  }
}
