import {
  BERTH_LABELS,
  ContainerConflictError,
  type Network,
  type NetworkSpec,
  type Volume,
  type VolumeSpec,
  validateNetworkSpec,
  validateVolumeSpec,
} from '@berth/core';
import type Docker from 'dockerode';
import { engineStatus, mapDockerError } from '../errors/map-docker-error.js';

/** Volumes and networks on one engine. Both get `berth.managed=true`; `listNetworks` returns only those. */
export class DockerResourceClient {
  readonly #docker: Docker;
  readonly #networkDriver: 'bridge' | 'overlay';

  /**
   * @param docker - dockerode client of the engine.
   * @param options - `networkDriver`: `bridge` (default, one engine) or `overlay` (a Swarm manager; networks are
   *   created attachable so services and plain containers can join them).
   */
  constructor(docker: Docker, options: { networkDriver?: 'bridge' | 'overlay' } = {}) {
    this.#docker = docker;
    this.#networkDriver = options.networkDriver ?? 'bridge';
  }

  /** Creates a named volume; an existing name → `ContainerConflictError` (the engine itself would reuse it). */
  async createVolume(spec: VolumeSpec): Promise<Volume> {
    validateVolumeSpec(spec);
    try {
      await this.#docker.getVolume(spec.name).inspect();
      throw new ContainerConflictError(`Volume ${spec.name} already exists`, { operation: 'createVolume' });
    } catch (err) {
      if (engineStatus(err) !== 404)
        throw mapDockerError(err, { operation: 'createVolume', kind: 'volume', id: spec.name });
    }
    try {
      const labels = { ...(spec.labels ?? {}), [BERTH_LABELS.managed]: 'true' };
      await this.#docker.createVolume({ Name: spec.name, Labels: labels });
      const info = (await this.#docker.getVolume(spec.name).inspect()) as Docker.VolumeInspectInfo & {
        CreatedAt?: string;
      };
      return toVolume(info);
    } catch (err) {
      throw mapDockerError(err, { operation: 'createVolume', kind: 'volume', id: spec.name });
    }
  }

  /** Removes a volume (`VolumeNotFoundError` when absent, `ContainerConflictError` when in use). */
  async removeVolume(name: string): Promise<void> {
    try {
      await this.#docker.getVolume(name).remove();
    } catch (err) {
      throw mapDockerError(err, { operation: 'removeVolume', kind: 'volume', id: name });
    }
  }

  /** Every volume on the engine. */
  async listVolumes(): Promise<Volume[]> {
    try {
      const result = await this.#docker.listVolumes();
      return (result.Volumes ?? []).map((v) => toVolume(v as Docker.VolumeInspectInfo & { CreatedAt?: string }));
    } catch (err) {
      throw mapDockerError(err, { operation: 'listVolumes', kind: 'volume' });
    }
  }

  /** Creates a network (bridge, or attachable overlay); an existing name → `ContainerConflictError`. */
  async createNetwork(spec: NetworkSpec): Promise<Network> {
    validateNetworkSpec(spec, this.#networkDriver);
    try {
      const labels = { ...(spec.labels ?? {}), [BERTH_LABELS.managed]: 'true' };
      const network = await this.#docker.createNetwork({
        Name: spec.name,
        CheckDuplicate: true,
        Driver: this.#networkDriver,
        ...(this.#networkDriver === 'overlay' ? { Attachable: true } : {}),
        Internal: spec.internal ?? false,
        Labels: labels,
      });
      return toNetwork((await network.inspect()) as NetworkInfo);
    } catch (err) {
      throw mapDockerError(err, { operation: 'createNetwork', kind: 'network', id: spec.name });
    }
  }

  /** Removes a network by id or name (`NetworkNotFoundError` when absent). */
  async removeNetwork(id: string): Promise<void> {
    try {
      await this.#docker.getNetwork(id).remove();
    } catch (err) {
      throw mapDockerError(err, { operation: 'removeNetwork', kind: 'network', id });
    }
  }

  /** Networks created through Berth (`berth.managed=true`). */
  async listNetworks(): Promise<Network[]> {
    try {
      const list = await this.#docker.listNetworks({ filters: { label: [`${BERTH_LABELS.managed}=true`] } });
      return list.map((n) => toNetwork(n as NetworkInfo));
    } catch (err) {
      throw mapDockerError(err, { operation: 'listNetworks', kind: 'network' });
    }
  }
}

interface NetworkInfo {
  Id: string;
  Name: string;
  Labels?: Record<string, string> | null;
  Internal?: boolean;
  Created?: string;
}

function toNetwork(n: NetworkInfo): Network {
  return {
    id: n.Id,
    name: n.Name,
    labels: n.Labels ?? {},
    internal: n.Internal ?? false,
    createdAt: n.Created === undefined ? new Date(0) : new Date(n.Created),
  };
}

function toVolume(v: Docker.VolumeInspectInfo & { CreatedAt?: string }): Volume {
  const volume: Volume = {
    name: v.Name,
    labels: (v.Labels as Record<string, string> | null) ?? {},
    createdAt: v.CreatedAt === undefined ? new Date(0) : new Date(v.CreatedAt),
  };
  if (v.Mountpoint !== undefined && v.Mountpoint !== '') volume.mountpoint = v.Mountpoint;
  return volume;
}
