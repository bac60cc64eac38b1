import {
  ContainerConflictError,
  ContainerNotFoundError,
  pollWhileSubscribed,
  type StatsSample,
  type StatsStreamOptions,
  validateStatsStreamOptions,
} from '@berth/core';
import { catchError, defer, EMPTY, type Observable, tap, throwError } from 'rxjs';
import type { ContainerStore } from '../state/container-store.js';
import { type StatsBaseline, sampleStats } from './sample-stats.js';

/** What {@link ContainerStats} needs. */
export interface ContainerStatsOptions {
  /** Container records and status. */
  store: ContainerStore;
  /** Throws a typed error when the driver is not usable (disposed, state root broken). */
  prepare: () => Promise<void>;
}

/**
 * Resource samples of running containers (cgroup counters, else `/proc` of the process group). CPU
 * percentages need the previous sample: one baseline per container, in this instance's memory.
 */
export class ContainerStats {
  readonly #o: ContainerStatsOptions;
  readonly #baselines = new Map<string, StatsBaseline>();

  /** @param options - records and readiness. */
  constructor(options: ContainerStatsOptions) {
    this.#o = options;
  }

  /** {@inheritDoc @berth/core#ContainerDriver.getStats} */
  async sample(id: string): Promise<StatsSample> {
    await this.#o.prepare();
    const rec = await this.#o.store.find(id, 'getStats');
    const st = await this.#o.store.status(rec);
    if (st.state !== 'running' || st.run === null) {
      throw new ContainerConflictError(`Container ${rec.id} is not running; stats need a running container`, {
        containerId: rec.id,
        operation: 'getStats',
      });
    }
    const launch = await this.#o.store.launchSpec(rec.id);
    const { sample, baseline } = await sampleStats({
      containerId: rec.id,
      pgid: st.run.pid,
      startedAt: new Date(st.run.startedAt),
      cgroupDirs: launch?.cgroupDirs ?? [],
      memoryLimitBytes: rec.spec.resources?.memoryMb === undefined ? null : rec.spec.resources.memoryMb * 1024 * 1024,
      previous: this.#baselines.get(rec.id) ?? null,
    });
    this.#baselines.set(rec.id, baseline);
    return sample;
  }

  /**
   * {@inheritDoc @berth/core#ContainerDriver.stats$}
   *
   * Samples with core's `pollWhileSubscribed`. A container that is not running (exited, never started) ends
   * the stream; so does removal after a first sample. An id unknown from the start is an error.
   */
  stream$(id: string, opts: StatsStreamOptions = {}): Observable<StatsSample> {
    return defer(() => {
      const interval = validateStatsStreamOptions(opts)?.intervalMs ?? 1000;
      let sampled = false;
      return pollWhileSubscribed(interval, () => this.sample(id), { operation: 'stats$', containerId: id }).pipe(
        tap(() => {
          sampled = true;
        }),
        catchError((err: unknown) =>
          ContainerConflictError.is(err) || (sampled && ContainerNotFoundError.is(err)) ? EMPTY : throwError(() => err),
        ),
      );
    });
  }

  /** Drops the baseline of a removed container. */
  forget(id: string): void {
    this.#baselines.delete(id);
  }
}
