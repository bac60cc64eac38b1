import { ContainerConflictError, type Volume, VolumeNotFoundError, type VolumeSpec } from '@berth/core';
import type { EngineEventFeed } from '../events/engine-event-feed.js';
import { FileStore } from '../fs/file-store.js';

interface Entry {
  volume: Volume;
  store: FileStore;
}

/** Named volumes and their bytes (shared by every container that mounts them). */
export class VolumeStore {
  readonly #volumes = new Map<string, Entry>();
  readonly #engine: EngineEventFeed | undefined;

  /**
   * @param engine - receives a volume `create` and `destroy` event for each volume made (explicitly, or by a mount
   *   naming a missing one, as engines do) and removed.
   */
  constructor(engine?: EngineEventFeed) {
    this.#engine = engine;
  }

  /** Creates a volume; a taken name → `ContainerConflictError`. */
  create(spec: VolumeSpec): Volume {
    if (this.#volumes.has(spec.name)) {
      throw new ContainerConflictError(`Volume ${spec.name} already exists; pick another name`, {
        operation: 'createVolume',
      });
    }
    const volume: Volume = {
      name: spec.name,
      labels: { ...spec.labels },
      createdAt: new Date(),
      mountpoint: `/var/lib/berth-mock/volumes/${spec.name}`,
    };
    this.#volumes.set(spec.name, { volume, store: new FileStore() });
    this.#engine?.publish({ type: 'volume', action: 'create', id: spec.name, attributes: { driver: 'local' } });
    return copy(volume);
  }

  /** The bytes of a volume, creating it (as engines do for a mount) when missing. */
  storeFor(name: string): FileStore {
    const existing = this.#volumes.get(name);
    if (existing !== undefined) return existing.store;
    this.create({ name });
    return this.#volumes.get(name)?.store ?? new FileStore();
  }

  /** Removes a volume; unknown → `VolumeNotFoundError`, in use → `ContainerConflictError`. */
  remove(name: string, inUse: boolean): void {
    if (!this.#volumes.has(name)) throw new VolumeNotFoundError(name, { operation: 'removeVolume' });
    if (inUse) {
      throw new ContainerConflictError(`Volume ${name} is in use by a container; remove the container first`, {
        operation: 'removeVolume',
      });
    }
    this.#volumes.delete(name);
    this.#engine?.publish({ type: 'volume', action: 'destroy', id: name, attributes: { driver: 'local' } });
  }

  /** Every volume. */
  list(): Volume[] {
    return [...this.#volumes.values()].map((e) => copy(e.volume));
  }
}

function copy(volume: Volume): Volume {
  return { ...volume, labels: { ...volume.labels } };
}
