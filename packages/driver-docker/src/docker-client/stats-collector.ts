import type { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import { mapDockerError } from '../errors/map-docker-error.js';
import type { DockerStatsPayload } from '../stats/docker-stats-payload.js';
import { formatStats } from './seed-format.js';

/**
 * The Docker client seed's `StatsCollector`: samples containers on an interval and emits `containerStats`
 * (`{ containerId, stats, timestamp }`) or `statsError` (`{ containerId, error, timestamp }`) on the emitter.
 *
 * @example
 * ```ts
 * const collector = new StatsCollector(client.docker, client.eventEmitter);
 * await collector.startCollecting(containerId, 5000);
 * ```
 */
export class StatsCollector {
  readonly #intervals = new Map<string, NodeJS.Timeout>();
  readonly #docker: Docker;
  readonly #events: EventEmitter;

  /**
   * @param docker - dockerode client of the engine.
   * @param eventEmitter - where samples are emitted.
   */
  constructor(docker: Docker, eventEmitter: EventEmitter) {
    this.#docker = docker;
    this.#events = eventEmitter;
  }

  /** Samples once now, then every `interval` ms (default 5000), until {@link stopCollecting}. */
  async startCollecting(containerId: string, interval = 5000): Promise<void> {
    if (this.#intervals.has(containerId)) this.stopCollecting(containerId);
    const collect = async (): Promise<void> => {
      try {
        const payload = (await this.#docker
          .getContainer(containerId)
          .stats({ stream: false })) as unknown as DockerStatsPayload;
        this.#events.emit('containerStats', {
          containerId,
          stats: formatStats(containerId, payload),
          timestamp: new Date(),
        });
      } catch (err) {
        this.#events.emit('statsError', {
          containerId,
          error: mapDockerError(err, { operation: 'getContainerStats', id: containerId }).message,
          timestamp: new Date(),
        });
      }
    };
    await collect();
    const timer = setInterval(() => void collect(), interval);
    this.#intervals.set(containerId, timer);
  }

  /** Stops sampling one container. */
  stopCollecting(containerId: string): void {
    const timer = this.#intervals.get(containerId);
    if (timer !== undefined) clearInterval(timer);
    this.#intervals.delete(containerId);
  }

  /** Stops sampling every container. */
  stopAll(): void {
    for (const id of [...this.#intervals.keys()]) this.stopCollecting(id);
  }

  /** `true` while the container is being sampled. */
  isCollecting(containerId: string): boolean {
    return this.#intervals.has(containerId);
  }

  /** The containers being sampled. */
  getCollectingContainers(): string[] {
    return [...this.#intervals.keys()];
  }
}
