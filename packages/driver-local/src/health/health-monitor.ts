import type { HealthcheckSpec } from '@berth/core';

/** Health of a container with a health check, as Docker names it. */
export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

/** Docker's defaults for the optional fields of a {@link HealthcheckSpec}. */
export const HEALTHCHECK_DEFAULTS = { intervalMs: 30_000, timeoutMs: 30_000, retries: 3, startPeriodMs: 0 } as const;

/** What a {@link HealthMonitor} needs. */
export interface HealthMonitorOptions {
  /** The container's health check. */
  spec: HealthcheckSpec;
  /** When the container's current run started (ms since the epoch): the first probe is one interval later. */
  startedAt: number;
  /** Runs the check once; resolves `true` when it exited 0 within `timeoutMs`. Aborted on {@link HealthMonitor.stop}. */
  probe: (timeoutMs: number, signal: AbortSignal) => Promise<boolean>;
  /** Called on every change to `healthy` or `unhealthy`. */
  onChange: (status: Exclude<HealthStatus, 'starting'>) => void;
}

/**
 * Runs a container's health check periodically with Docker's semantics: status starts as `starting`; the
 * first probe runs `intervalMs` after the start and each next one `intervalMs` after the previous ended;
 * a probe that fails or outlives `timeoutMs` is a failure; a success makes the container `healthy` and
 * resets the failure streak; `retries` consecutive failures make it `unhealthy`, except that failures
 * while still `starting` within `startPeriodMs` of the start do not count. One timer at a time;
 * {@link stop} clears it and aborts a probe in flight.
 */
export class HealthMonitor {
  #status: HealthStatus = 'starting';
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;
  #stopped = false;
  readonly #interval: number;
  readonly #timeout: number;
  readonly #retries: number;
  readonly #startPeriod: number;

  /**
   * @param options - check, start time, probe and change callback.
   */
  constructor(private readonly options: HealthMonitorOptions) {
    this.#interval = options.spec.intervalMs ?? HEALTHCHECK_DEFAULTS.intervalMs;
    this.#timeout = options.spec.timeoutMs ?? HEALTHCHECK_DEFAULTS.timeoutMs;
    this.#retries = options.spec.retries ?? HEALTHCHECK_DEFAULTS.retries;
    this.#startPeriod = options.spec.startPeriodMs ?? HEALTHCHECK_DEFAULTS.startPeriodMs;
  }

  /** Current status. */
  get status(): HealthStatus {
    return this.#status;
  }

  /** Consecutive failures that counted. */
  get failingStreak(): number {
    return this.#failures;
  }

  /** Schedules the first probe (one interval after the start; at once if that is past). */
  start(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#schedule(Math.max(0, this.options.startedAt + this.#interval - Date.now()));
  }

  /** Stops probing: clears the timer and aborts a probe in flight. Idempotent. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#inFlight?.abort();
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#probe(), ms);
    this.#timer.unref();
  }

  async #probe(): Promise<void> {
    this.#timer = undefined;
    if (this.#stopped) return;
    const ac = new AbortController();
    this.#inFlight = ac;
    let ok = false;
    try {
      ok = await this.options.probe(this.#timeout, ac.signal);
    } catch {
      ok = false;
    } finally {
      this.#inFlight = undefined;
    }
    if (this.#stopped) return;
    if (ok) {
      this.#failures = 0;
      this.#set('healthy');
    } else {
      const grace = this.#status === 'starting' && Date.now() - this.options.startedAt < this.#startPeriod;
      if (!grace) {
        this.#failures++;
        if (this.#failures >= this.#retries) this.#set('unhealthy');
      }
    }
    this.#schedule(this.#interval);
  }

  #set(status: Exclude<HealthStatus, 'starting'>): void {
    if (this.#status === status) return;
    this.#status = status;
    this.options.onChange(status);
  }
}
