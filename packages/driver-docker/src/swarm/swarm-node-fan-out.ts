import { type ImageInfo, ImageNotFoundError, type PullOptions, type Volume, VolumeNotFoundError } from '@berth/core';
import type { DockerDriver } from '../docker-driver.js';
import type { SwarmNodeEngines } from './swarm-node-engines.js';
import type { SwarmNode } from './swarm-task.js';

/**
 * What the Swarm driver does on every known node's engine: volumes (node-local in Swarm) and images (each node
 * has its own). One loop each for "gather, first of a key wins" and "remove wherever present".
 */
export class SwarmNodeFanOut {
  readonly #nodes: SwarmNodeEngines;
  readonly #listNodes: () => Promise<SwarmNode[]>;

  /**
   * @param nodes - the node → engine map.
   * @param listNodes - the swarm's nodes (to tell node ids from hostnames in constraints).
   */
  constructor(nodes: SwarmNodeEngines, listNodes: () => Promise<SwarmNode[]>) {
    this.#nodes = nodes;
    this.#listNodes = listNodes;
  }

  /** The constraint placing a task on the node holding the named volume; `undefined` when no node has it. */
  async volumeConstraint(name: string): Promise<string | undefined> {
    const nodes = await this.#listNodes().catch(() => []);
    for (const { engine, constraint } of await this.#nodes.placements(nodes)) {
      const found = await engine.docker
        .getVolume(name)
        .inspect()
        .then(() => true)
        .catch(() => false);
      if (found) return constraint;
    }
    return undefined;
  }

  /** `true` when some known engine has the image. */
  async hasImage(image: string): Promise<boolean> {
    const present = await Promise.all(
      this.#nodes.all().map((e) =>
        e.docker
          .getImage(image)
          .inspect()
          .then(() => true)
          .catch(() => false),
      ),
    );
    return present.some(Boolean);
  }

  /** Volumes of every known node (by name; the first node holding a name wins). */
  listVolumes(): Promise<Volume[]> {
    return this.#gather(
      (e) => e.listVolumes(),
      (v) => v.name,
    );
  }

  /** Images of every known node, de-duplicated by id. */
  listImages(): Promise<ImageInfo[]> {
    return this.#gather(
      (e) => e.listImages(),
      (i) => i.id,
    );
  }

  /** Removes the volume from every node holding it (`VolumeNotFoundError` when none does). */
  removeVolume(name: string): Promise<void> {
    return this.#removeWherever(
      (e) => e.removeVolume(name),
      (err) => VolumeNotFoundError.is(err),
      () => new VolumeNotFoundError(name, { operation: 'removeVolume' }),
    );
  }

  /** Removes the image from every node holding it (`ImageNotFoundError` when none does). */
  removeImage(image: string, opts: { force?: boolean }): Promise<void> {
    return this.#removeWherever(
      (e) => e.removeImage(image, opts),
      (err) => ImageNotFoundError.is(err),
      () => new ImageNotFoundError(image, { operation: 'removeImage' }),
    );
  }

  /** Pulls the image on every known node's engine. */
  async pullImage(image: string, opts: PullOptions): Promise<void> {
    await Promise.all(this.#nodes.all().map((e) => e.pullImage(image, opts)));
  }

  async #gather<T>(list: (e: DockerDriver) => Promise<T[]>, keyOf: (item: T) => string): Promise<T[]> {
    const byKey = new Map<string, T>();
    for (const engine of this.#nodes.all()) {
      for (const item of await list(engine)) if (!byKey.has(keyOf(item))) byKey.set(keyOf(item), item);
    }
    return [...byKey.values()];
  }

  async #removeWherever(
    remove: (e: DockerDriver) => Promise<void>,
    isNotFound: (err: unknown) => boolean,
    notFound: () => Error,
  ): Promise<void> {
    let removed = false;
    for (const engine of this.#nodes.all()) {
      try {
        await remove(engine);
        removed = true;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    if (!removed) throw notFound();
  }
}
