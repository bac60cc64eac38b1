import { ContainerConflictError, type ContainerSpec, NetworkNotFoundError } from '@berth/core';
import { FileStore } from '../fs/file-store.js';
import { DEFAULT_DIRS, VirtualFs } from '../fs/virtual-fs.js';
import type { ImageStore } from '../images/image-store.js';
import type { BindStore } from '../resources/bind-store.js';
import type { NetworkStore } from '../resources/network-store.js';
import type { VolumeStore } from '../resources/volume-store.js';
import type { ContainerEvents } from './container-events.js';
import type { ContainerRegistry } from './container-registry.js';
import { mockEtcHosts } from './etc-hosts.js';
import { MockContainer } from './mock-container.js';

/** What a {@link ContainerFactory} checks against and writes to. */
export interface ContainerFactoryDeps {
  /** Where new containers are registered (and names checked). */
  containers: ContainerRegistry;
  /** Receives the `created` event. */
  events: ContainerEvents;
  /** The image must be local or pullable. */
  images: ImageStore;
  /** Named volumes mounted by `spec.volumes`. */
  volumes: VolumeStore;
  /** Bind mounts by host path. */
  binds: BindStore;
  /** `spec.network` must exist. */
  networks: NetworkStore;
  /** A new (seeded) 64-hex id. */
  newId: () => string;
}

const encoder = new TextEncoder();

/** The first host port handed out when a published port names none. */
const FIRST_EPHEMERAL_PORT = 49153;

/**
 * Creates containers as `createContainer` does: checks image, name and network, draws a seeded id, builds the
 * root filesystem with its mounts, publishes the first port, registers the container and emits `created`.
 */
export class ContainerFactory {
  readonly #deps: ContainerFactoryDeps;
  #nextPort = FIRST_EPHEMERAL_PORT;

  /**
   * @param deps - registry, events, images, volumes, binds, networks and the id source.
   */
  constructor(deps: ContainerFactoryDeps) {
    this.#deps = deps;
  }

  /** Creates a container from a validated spec (state `created`). */
  create(spec: ContainerSpec): MockContainer {
    const deps = this.#deps;
    deps.images.ensure(spec.image);
    if (spec.name !== undefined && deps.containers.hasName(spec.name)) {
      throw new ContainerConflictError(`A container named ${spec.name} already exists; pick another name`, {
        operation: 'createContainer',
      });
    }
    if (spec.network !== undefined && !deps.networks.exists(spec.network)) {
      throw new NetworkNotFoundError(spec.network, { operation: 'createContainer' });
    }
    const id = deps.newId();
    const root = new FileStore([...DEFAULT_DIRS, ...(spec.workingDir === undefined ? [] : [spec.workingDir])]);
    // the engine writes /etc/hosts (with spec.extraHosts) even into a read-only root
    root.files.set('/etc/hosts', { data: encoder.encode(mockEtcHosts(spec)), mode: 0o644, modifiedAt: new Date() });
    const fs = new VirtualFs(root, spec.security?.readOnly === true);
    for (const mount of spec.volumes ?? []) {
      const store = mount.type === 'bind' ? deps.binds.storeFor(mount.source) : deps.volumes.storeFor(mount.source);
      fs.mount(mount.target, store, mount.readOnly === true);
    }
    const hostPorts = (spec.ports ?? []).map((p) => p.hostPort ?? this.#nextPort++);
    const [firstPort] = spec.ports ?? [];
    const endpoint = firstPort === undefined ? null : `${firstPort.hostIp ?? '127.0.0.1'}:${hostPorts[0]}`;
    const imageId = deps.images.idOf(spec.image) ?? '';
    const name = spec.name ?? `mock-${id.slice(0, 12)}`;
    const c = new MockContainer({ id, name, spec, fs, endpoint, imageId, hostPorts });
    deps.containers.add(c);
    deps.events.emit(c, 'created');
    return c;
  }
}
