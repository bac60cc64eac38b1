import {
  ContainerConflictError,
  type ContainerFilter,
  type ContainerInstance,
  ContainerNotFoundError,
  type Network,
} from '@berth/core';
import { normalizeImageRef } from '../images/normalize-image-ref.js';
import type { MockContainer } from './mock-container.js';

/**
 * The mock's containers by id: lookups that throw the typed errors a real engine gives, filtered lists, and
 * whether a volume, network or image is in use.
 */
export class ContainerRegistry {
  readonly #containers = new Map<string, MockContainer>();

  /** Number of containers (removed ones are gone). */
  get size(): number {
    return this.#containers.size;
  }

  /** Every container, in creation order. */
  all(): MockContainer[] {
    return [...this.#containers.values()];
  }

  /** Registers a new container. */
  add(c: MockContainer): void {
    this.#containers.set(c.id, c);
  }

  /** Unregisters `c`; `ContainerNotFoundError` when it is no longer the container under its id (removed meanwhile). */
  remove(c: MockContainer, operation: string): void {
    if (this.#containers.get(c.id) !== c) throw new ContainerNotFoundError(c.id, { operation });
    this.#containers.delete(c.id);
  }

  /** The container with this id, or `undefined`. */
  find(id: string): MockContainer | undefined {
    return this.#containers.get(id);
  }

  /** The container with this id; `ContainerNotFoundError` (naming `operation`) when there is none. */
  get(id: string, operation: string): MockContainer {
    const c = typeof id === 'string' ? this.#containers.get(id) : undefined;
    if (c === undefined) throw new ContainerNotFoundError(String(id), { operation });
    return c;
  }

  /** The running container with this id; `ContainerConflictError` when it is not running. */
  running(id: string, operation: string): MockContainer {
    const c = this.get(id, operation);
    if (c.state !== 'running') {
      throw new ContainerConflictError(`Container ${id} is not running (${c.state}); start it first`, {
        containerId: id,
        operation,
      });
    }
    return c;
  }

  /** `true` when a container already has this name. */
  hasName(name: string): boolean {
    return [...this.#containers.values()].some((c) => c.name === name);
  }

  /** Public views of the containers matching `containerFilter` (state, session, name, labels). */
  list(containerFilter: ContainerFilter, driver: string): ContainerInstance[] {
    const states = containerFilter.state === undefined ? undefined : [containerFilter.state].flat();
    return [...this.#containers.values()]
      .filter(
        (c) =>
          (states === undefined ? c.state !== 'removed' : states.includes(c.state)) &&
          (containerFilter.sessionId === undefined || c.sessionId === containerFilter.sessionId) &&
          (containerFilter.name === undefined || c.name === containerFilter.name) &&
          Object.entries(containerFilter.labels ?? {}).every(([k, v]) => c.labels[k] === v),
      )
      .map((c) => c.toInstance(driver));
  }

  /** `true` when a container mounts the named volume. */
  usesVolume(name: string): boolean {
    return [...this.#containers.values()].some((c) =>
      (c.spec.volumes ?? []).some((v) => (v.type ?? 'volume') === 'volume' && v.source === name),
    );
  }

  /** `true` when a container is attached to `network` (by id or name). */
  usesNetwork(network: Network): boolean {
    return [...this.#containers.values()].some((c) => c.spec.network === network.id || c.spec.network === network.name);
  }

  /** `true` when a container was created from `image`. */
  usesImage(image: string): boolean {
    const name = normalizeImageRef(image);
    return [...this.#containers.values()].some((c) => normalizeImageRef(c.spec.image) === name);
  }
}
