import { HealthCheckLoop, type HealthcheckSpec, type HealthStatus } from '@berth/core';
import type { ContainerStatus } from '../lifecycle/container-status.js';
import type { ContainerRecord } from '../state/records.js';

/** What {@link HealthLoops} needs from the driver. */
export interface HealthLoopsHooks {
  /** Runs the health check's command in container `rec` once: `true` when it exited 0 in time. */
  probe(rec: ContainerRecord, check: HealthcheckSpec, timeoutMs: number, signal: AbortSignal): Promise<boolean>;
  /** Health of `rec` changed to healthy or unhealthy. */
  changed(rec: ContainerRecord, healthy: boolean): void;
}

/**
 * The health-check loops (core's {@link HealthCheckLoop}, Docker's timing, real timers) of running containers
 * with a health check, one per container and run, in this driver instance's memory.
 */
export class HealthLoops {
  readonly #hooks: HealthLoopsHooks;
  readonly #loops = new Map<string, { runId: number; loop: HealthCheckLoop }>();
  #closed = false;

  /** @param hooks - runs probes and receives changes. */
  constructor(hooks: HealthLoopsHooks) {
    this.#hooks = hooks;
  }

  /**
   * Starts the loop of a running container's current run (no-op without a health check, when one runs
   * already, or after {@link close}). `st` gives the run's start time for adopted containers.
   */
  start(rec: ContainerRecord, st: ContainerStatus | null): void {
    const spec = rec.spec.healthcheck;
    if (spec === undefined || this.#closed) return;
    const current = this.#loops.get(rec.id);
    if (current !== undefined) {
      if (current.runId === rec.runId) return;
      current.loop.stop();
    }
    const startedAt = Date.parse(st?.run?.startedAt ?? '') || Date.now();
    const loop = new HealthCheckLoop({
      check: spec,
      startedAt,
      probe: (timeoutMs, signal) => this.#hooks.probe(rec, spec, timeoutMs, signal),
      onChange: (status) => this.#hooks.changed(rec, status === 'healthy'),
    });
    this.#loops.set(rec.id, { runId: rec.runId, loop });
    loop.start();
  }

  /** Stops the loop of container `id` (of run `runId` only, when given). */
  stop(id: string, runId?: number): void {
    const current = this.#loops.get(id);
    if (current === undefined || (runId !== undefined && current.runId !== runId)) return;
    current.loop.stop();
    this.#loops.delete(id);
  }

  /** Last status of container `id`'s loop, or `undefined` when none runs. */
  status(id: string): HealthStatus | undefined {
    return this.#loops.get(id)?.loop.status;
  }

  /** Stops every loop; later {@link start} calls do nothing. */
  close(): void {
    this.#closed = true;
    for (const id of [...this.#loops.keys()]) this.stop(id);
  }
}
