import { DriverUnavailableError } from '@berth/core';
import type { DockerConnectionOptions } from '../config/docker-connection-options.js';
import { DockerDriver } from '../docker-driver.js';
import type { SwarmNode } from './swarm-task.js';

/**
 * The node → engine map of a swarm: which Docker Engine API to call for exec, files and stats of a task running on
 * a node. Keys of `endpoints` are node ids or hostnames (ids win: on a one-machine test swarm every node has the
 * same hostname). The manager's own node is always known (its engine is the manager's). Engines are connected
 * lazily and kept, one {@link DockerDriver} each (so exec timeouts, file transfer and stats are the Docker
 * driver's own code).
 */
export class SwarmNodeEngines {
  readonly #endpoints: Readonly<Record<string, DockerConnectionOptions>>;
  readonly #drivers = new Map<string, DockerDriver>();
  readonly #manager: DockerDriver;
  readonly #managerNodeId: () => Promise<string>;

  /**
   * @param manager - the driver of the manager's engine.
   * @param managerNodeId - resolves the manager's node id.
   * @param endpoints - engine endpoint per node id or hostname.
   */
  constructor(
    manager: DockerDriver,
    managerNodeId: () => Promise<string>,
    endpoints: Readonly<Record<string, DockerConnectionOptions>> = {},
  ) {
    this.#manager = manager;
    this.#managerNodeId = managerNodeId;
    this.#endpoints = endpoints;
  }

  /** `true` when an engine endpoint is known for the node. */
  async knows(node: SwarmNode): Promise<boolean> {
    return (await this.#keyOf(node)) !== undefined;
  }

  /** The Docker driver of the node's engine; `DriverUnavailableError` naming the node when none is configured. */
  async driverFor(node: SwarmNode, operation: string): Promise<DockerDriver> {
    const key = await this.#keyOf(node);
    if (key === undefined) {
      throw new DriverUnavailableError(
        `No Docker Engine endpoint is configured for swarm node ${node.ID} (${node.Description?.Hostname ?? 'unknown host'}); add it to SwarmDriverOptions.nodes`,
        { operation },
      );
    }
    if (key === '') return this.#manager;
    let driver = this.#drivers.get(key);
    if (driver === undefined) {
      const connection = this.#endpoints[key] as DockerConnectionOptions;
      driver = new DockerDriver({ connection, hostId: node.ID });
      this.#drivers.set(key, driver);
    }
    return driver;
  }

  /** Every engine this map knows: the manager's and the configured nodes' (connected lazily). */
  allDrivers(): DockerDriver[] {
    for (const key of Object.keys(this.#endpoints)) {
      if (!this.#drivers.has(key)) {
        this.#drivers.set(
          key,
          new DockerDriver({ connection: this.#endpoints[key] as DockerConnectionOptions, hostId: key }),
        );
      }
    }
    return [this.#manager, ...this.#drivers.values()];
  }

  /** `''` for the manager's own node, the map key for a configured node, `undefined` when unknown. */
  async #keyOf(node: SwarmNode): Promise<string | undefined> {
    if (node.ID in this.#endpoints) return node.ID;
    if (node.ID === (await this.#managerNodeId())) return '';
    const host = node.Description?.Hostname;
    if (host !== undefined && host in this.#endpoints) return host;
    return undefined;
  }

  /** Closes the node engines' sockets (not the manager's). */
  async dispose(): Promise<void> {
    await Promise.all([...this.#drivers.values()].map((d) => d.dispose()));
    this.#drivers.clear();
  }
}
