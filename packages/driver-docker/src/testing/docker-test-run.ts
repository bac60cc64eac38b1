import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';

/** Label every test container carries: `berth.test=<runId>`. */
export const TEST_RUN_LABEL = 'berth.test';

/**
 * One test file's run: a unique `berth.test=<runId>` label to put on every container, and {@link cleanup}
 * that force-removes every container (and volume/network) carrying it — call it in `afterEach`/`afterAll`,
 * it finds what a failed test left even if the test never got to record the id.
 *
 * @example
 * ```ts
 * const run = new DockerTestRun(docker);
 * afterEach(() => run.cleanup());
 * await driver.createContainer({ image, labels: run.labels });
 * ```
 */
export class DockerTestRun {
  /** Unique id of this run. */
  readonly runId: string;
  readonly #docker: Docker;
  /** Work still running that may yet create something labelled (see {@link track}). */
  readonly #pending = new Set<Promise<unknown>>();

  /**
   * @param docker - the engine to clean.
   * @param runId - the id to label with (default: a new unique one); give another run's id to clean the same
   *   label on a second engine.
   */
  constructor(docker: Docker, runId = `t-${randomUUID().slice(0, 8)}`) {
    this.#docker = docker;
    this.runId = runId;
  }

  /** `{ 'berth.test': runId }`. */
  get labels(): Record<string, string> {
    return { [TEST_RUN_LABEL]: this.runId };
  }

  /** `berth.test=<runId>`, for `docker ps --filter label=…`. */
  get filter(): string {
    return `${TEST_RUN_LABEL}=${this.runId}`;
  }

  /**
   * Remembers work that creates labelled resources (an image build, a create) so that {@link cleanup} waits for it
   * to end before removing: a test that timed out leaves its build running, and what it finishes after the clean-up
   * would stay on the engine.
   *
   * @returns `work` itself
   */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(settled);
    void settled.then(() => this.#pending.delete(settled));
    return work;
  }

  /**
   * Waits for the work given to {@link track}, then force-removes every container, then network, volume and image
   * (built by a test), labelled with this run.
   */
  async cleanup(): Promise<void> {
    await Promise.all(this.#pending);
    const label = [this.filter];
    const containers = await this.#docker.listContainers({ all: true, filters: { label } });
    await Promise.all(
      containers.map((c) =>
        this.#docker
          .getContainer(c.Id)
          .remove({ force: true, v: true })
          .catch(() => undefined),
      ),
    );
    const networks = await this.#docker.listNetworks({ filters: { label } });
    await Promise.all(
      networks.map((n) =>
        this.#docker
          .getNetwork(n.Id)
          .remove()
          .catch(() => undefined),
      ),
    );
    const images = await this.#docker.listImages({ filters: { label } });
    for (const image of images) {
      await this.#docker
        .getImage(image.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
    const volumes = await this.#docker.listVolumes({ filters: { label } });
    await Promise.all(
      (volumes.Volumes ?? []).map((v) =>
        this.#docker
          .getVolume(v.Name)
          .remove()
          .catch(() => undefined),
      ),
    );
  }
}
