import { DriverUnavailableError } from '@berth/core';
import type { DockerConnectionOptions } from '../config/docker-connection-options.js';
import { DockerDriver } from '../docker-driver.js';
import type { SwarmNode } from './swarm-task.js';

/** One engine of the swarm and the Swarm placement constraint that puts a task on its node. */
export interface SwarmNodeEngine {
  /** Node name: the manager's node id, or the key the node was configured under (node id or hostname). */
  name: string;
  /** The engine's driver. */
  engine: DockerDriver;
  /** `node.id==…` or `node.hostname==…`. */
  constraint: string;
}

/**
 * The node → engine map of a swarm: which Docker Engine API to call for exec, files, stats and volumes of a task
 * on a node. Engines are keyed by node name: the keys of `endpoints` are node ids or hostnames (ids win: on a
 * one-machine test swarm every node has the same hostname); the manager's own node is always known (its engine is
 * the manager's driver). Each configured node gets one {@link DockerDriver} (built at once, connected lazily, its
 * `hostId` the node name), so exec timeouts, file transfer and stats are the Docker driver's own code.
 */
export class SwarmNodeEngines {
  readonly #nodes = new Map<string, DockerDriver>();
  readonly #manager: DockerDriver;
  readonly #managerNodeId: () => Promise<string>;

  /**
   * @param manager - the driver of the manager's engine (not disposed here).
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
    for (const [name, connection] of Object.entries(endpoints)) {
      this.#nodes.set(name, new DockerDriver({ connection, hostId: name }));
    }
  }

  /** `true` when an engine is known for the node. */
  async knows(node: SwarmNode): Promise<boolean> {
    return (await this.#nameOf(node)) !== undefined;
  }

  /** The Docker driver of the node's engine; `DriverUnavailableError` naming the node when none is configured. */
  async driverFor(node: SwarmNode, operation: string): Promise<DockerDriver> {
    const name = await this.#nameOf(node);
    if (name === undefined) {
      throw new DriverUnavailableError(
        `No Docker Engine endpoint is configured for swarm node ${node.ID} (${node.Description?.Hostname ?? 'unknown host'}); add it to SwarmDriverOptions.nodes`,
        { operation },
      );
    }
    return this.#nodes.get(name) ?? this.#manager;
  }

  /** Every engine this map knows: the manager's first, then the configured nodes' in configuration order. */
  all(): DockerDriver[] {
    return [this.#manager, ...this.#nodes.values()];
  }

  /**
   * Every engine with the constraint placing a task on its node: the manager's by its node id, each configured
   * node's by id when its name is a node id of the swarm (`nodes` lists them), else by hostname.
   */
  async placements(nodes: readonly SwarmNode[]): Promise<SwarmNodeEngine[]> {
    const managerId = await this.#managerNodeId();
    const out: SwarmNodeEngine[] = [{ name: managerId, engine: this.#manager, constraint: `node.id==${managerId}` }];
    for (const [name, engine] of this.#nodes) {
      const byId = nodes.some((n) => n.ID === name);
      out.push({ name, engine, constraint: byId ? `node.id==${name}` : `node.hostname==${name}` });
    }
    return out;
  }

  /** The node's name in this map: its id or hostname when configured, the manager's id for the manager's node. */
  async #nameOf(node: SwarmNode): Promise<string | undefined> {
    if (this.#nodes.has(node.ID)) return node.ID;
    if (node.ID === (await this.#managerNodeId())) return node.ID;
    const host = node.Description?.Hostname;
    if (host !== undefined && this.#nodes.has(host)) return host;
    return undefined;
  }

  /** Closes the node engines' sockets (not the manager's). */
  async dispose(): Promise<void> {
    await Promise.all([...this.#nodes.values()].map((d) => d.dispose()));
  }
}
