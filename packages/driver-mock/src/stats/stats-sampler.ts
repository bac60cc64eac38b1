import type { StatsSample } from '@berth/core';
import type { Subscriber } from 'rxjs';
import type { MockContainer } from '../container/mock-container.js';
import type { Random } from '../random/mulberry32.js';
import type { TimerRegistry } from '../timers/timer-registry.js';
import { defaultStats, mergeStats } from './default-stats.js';
import type { StatsGenerator } from './stats-generator.js';

const noop = (): void => undefined;

/** What a {@link StatsSampler} draws from. */
export interface StatsSamplerDeps {
  /** Seeded source of the default samples. */
  random: Random;
  /** Memory reported as the limit of containers without one. */
  hostMemoryBytes: number;
  /** The generators scripted for containers of an image, applied in order over the default sample. */
  generators: (image: string) => readonly StatsGenerator[];
  /** Timers (the stream's interval). */
  timers: TimerRegistry;
}

/** Stats of containers: one sample (the seeded default with the scripted generators over it), or a stream of them. */
export class StatsSampler {
  readonly #random: Random;
  readonly #hostMemoryBytes: number;
  readonly #generators: (image: string) => readonly StatsGenerator[];
  readonly #timers: TimerRegistry;

  /**
   * @param deps - random source, host memory, the scripted generators and timers.
   */
  constructor(deps: StatsSamplerDeps) {
    this.#random = deps.random;
    this.#hostMemoryBytes = deps.hostMemoryBytes;
    this.#generators = deps.generators;
    this.#timers = deps.timers;
  }

  /** The next sample of `c` (its tick advances). */
  sample(c: MockContainer): StatsSample {
    const tick = c.statsTick++;
    let sample = defaultStats(this.#random, {
      containerId: c.id,
      tick,
      running: c.state === 'running',
      execs: c.execs.size + c.forked,
      burners: c.burners,
      resources: c.spec.resources ?? {},
      hostMemoryBytes: this.#hostMemoryBytes,
    });
    for (const generator of this.#generators(c.spec.image)) sample = mergeStats(sample, generator(c.id, tick));
    return sample;
  }

  /**
   * Feeds `subscriber` a sample of `c` now and every `intervalMs`, completing when it exits or is removed (at once
   * when it is not running: only a running container has usage). Returns the teardown.
   */
  follow(c: MockContainer, intervalMs: number, subscriber: Subscriber<StatsSample>): () => void {
    if (c.state !== 'running') {
      subscriber.complete();
      return noop;
    }
    subscriber.next(this.sample(c));
    const handle = this.#timers.setInterval(() => subscriber.next(this.sample(c)), intervalMs);
    const exits = c.exits$.subscribe({ next: () => subscriber.complete(), complete: () => subscriber.complete() });
    return () => {
      this.#timers.clearInterval(handle);
      exits.unsubscribe();
    };
  }
}
