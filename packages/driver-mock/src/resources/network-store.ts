import { ContainerConflictError, type Network, NetworkNotFoundError, type NetworkSpec } from '@berth/core';
import type { EngineEventFeed } from '../events/engine-event-feed.js';

/** Networks every engine has; containers may attach to them without creating anything. */
export const BUILTIN_NETWORKS: readonly string[] = ['bridge', 'host', 'none', 'default'];

/** Networks the mock manages. */
export class NetworkStore {
  readonly #networks = new Map<string, Network>();
  readonly #engine: EngineEventFeed | undefined;

  /** @param engine - receives a network `create` and `destroy` event for each network made and removed. */
  constructor(engine?: EngineEventFeed) {
    this.#engine = engine;
  }

  /** Creates a network with the given id; a taken name → `ContainerConflictError`. */
  create(spec: NetworkSpec, id: string): Network {
    if (this.find(spec.name) !== undefined || BUILTIN_NETWORKS.includes(spec.name)) {
      throw new ContainerConflictError(`Network ${spec.name} already exists; pick another name`, {
        operation: 'createNetwork',
      });
    }
    const network: Network = {
      id,
      name: spec.name,
      labels: { ...spec.labels },
      internal: spec.internal ?? false,
      createdAt: new Date(),
    };
    this.#networks.set(id, network);
    this.#engine?.publish({ type: 'network', action: 'create', id, name: spec.name, attributes: { type: 'bridge' } });
    return copy(network);
  }

  /** The network with this id or name. */
  find(idOrName: string): Network | undefined {
    return this.#networks.get(idOrName) ?? [...this.#networks.values()].find((n) => n.name === idOrName);
  }

  /** `true` when a container may attach to `idOrName` (a created or built-in network). */
  exists(idOrName: string): boolean {
    return BUILTIN_NETWORKS.includes(idOrName) || this.find(idOrName) !== undefined;
  }

  /** Removes by id or name; unknown → `NetworkNotFoundError`, in use → `ContainerConflictError`. */
  remove(idOrName: string, inUse: (network: Network) => boolean): void {
    const network = this.find(idOrName);
    if (network === undefined) throw new NetworkNotFoundError(idOrName, { operation: 'removeNetwork' });
    if (inUse(network)) {
      throw new ContainerConflictError(`Network ${network.name} has containers attached; remove them first`, {
        operation: 'removeNetwork',
      });
    }
    this.#networks.delete(network.id);
    this.#engine?.publish({
      type: 'network',
      action: 'destroy',
      id: network.id,
      name: network.name,
      attributes: { type: 'bridge' },
    });
  }

  /** Every created network. */
  list(): Network[] {
    return [...this.#networks.values()].map(copy);
  }
}

function copy(network: Network): Network {
  return { ...network, labels: { ...network.labels } };
}
