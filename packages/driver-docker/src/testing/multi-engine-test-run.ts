import type Docker from 'dockerode';
import { DockerTestRun } from './docker-test-run.js';

/**
 * One test file's run over several engines (a host pool's): one `berth.test=<runId>` label for all of them, and
 * {@link cleanup} that removes what carries it on every engine.
 *
 * @example
 * ```ts
 * const run = new MultiEngineTestRun([pool.host('main').docker, pool.host('second').docker]);
 * afterEach(() => run.cleanup());
 * await pool.createContainer({ image, labels: run.labels }, { hostId: 'second' });
 * ```
 */
export class MultiEngineTestRun {
  /** Unique id of this run, the same on every engine. */
  readonly runId: string;
  readonly #runs: readonly DockerTestRun[];

  /** @param dockers - the engines to clean (at least one). */
  constructor(dockers: readonly Docker[]) {
    const [first, ...others] = dockers;
    if (first === undefined) throw new Error('MultiEngineTestRun needs at least one engine');
    const main = new DockerTestRun(first);
    this.runId = main.runId;
    this.#runs = [main, ...others.map((docker) => new DockerTestRun(docker, main.runId))];
  }

  /** `{ 'berth.test': runId }`. */
  get labels(): Record<string, string> {
    return this.#runs[0]?.labels ?? {};
  }

  /** Remembers work that creates labelled resources: {@link cleanup} waits for it (see `DockerTestRun.track`). */
  track<T>(work: Promise<T>): Promise<T> {
    for (const run of this.#runs) run.track(work);
    return work;
  }

  /** Cleans every engine (`DockerTestRun.cleanup`); tries them all, then rethrows the first failure. */
  async cleanup(): Promise<void> {
    const results = await Promise.allSettled(this.#runs.map((run) => run.cleanup()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }
}
