import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ContainerConflictError,
  type Network,
  NetworkNotFoundError,
  type NetworkSpec,
  type Volume,
  VolumeNotFoundError,
  type VolumeSpec,
  validateNetworkSpec,
  validateVolumeSpec,
} from '@berth/core';
import { atomicWriteJson, readJsonOrNull } from './atomic-write.js';
import type { ContainerRecord, NetworkRecord, VolumeRecord } from './records.js';
import type { StateLayout } from './state-layout.js';

/**
 * Named volumes (`volumes/<name>/volume.json` and its `data/` directory) and networks
 * (`networks/<id>.json`; records only: the local driver has no network isolation) under the state root.
 */
export class ResourceStore {
  readonly #layout: StateLayout;
  readonly #containers: () => Promise<ContainerRecord[]>;

  /**
   * @param layout - paths of the state root.
   * @param containers - every container record (a volume in use by one cannot be removed).
   */
  constructor(layout: StateLayout, containers: () => Promise<ContainerRecord[]>) {
    this.#layout = layout;
    this.#containers = containers;
  }

  /** The volume named `name`, created (with `labels`) when missing. */
  async ensureVolume(name: string, labels: Record<string, string> = {}): Promise<VolumeRecord> {
    const existing = await readJsonOrNull<VolumeRecord>(this.#layout.volumeFile(name));
    if (existing !== null) return existing;
    const rec: VolumeRecord = { name, labels, createdAt: new Date().toISOString() };
    await mkdir(this.#layout.volumeData(name), { recursive: true });
    await atomicWriteJson(this.#layout.volumeFile(name), rec);
    return rec;
  }

  /** {@inheritDoc @berth/core#ContainerDriver.createVolume} */
  async createVolume(spec: VolumeSpec): Promise<Volume> {
    const valid = validateVolumeSpec(spec);
    if (existsSync(this.#layout.volumeFile(valid.name))) {
      throw new ContainerConflictError(`Volume ${valid.name} already exists`, { operation: 'createVolume' });
    }
    return this.#toVolume(await this.ensureVolume(valid.name, valid.labels ?? {}));
  }

  /** {@inheritDoc @berth/core#ContainerDriver.removeVolume} */
  async removeVolume(name: string): Promise<void> {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name) || !existsSync(this.#layout.volumeFile(name))) {
      throw new VolumeNotFoundError(name, { operation: 'removeVolume' });
    }
    for (const rec of await this.#containers()) {
      if ((rec.spec.volumes ?? []).some((v) => v.type !== 'bind' && v.source === name)) {
        throw new ContainerConflictError(`Volume ${name} is used by container ${rec.id}; remove it first`, {
          containerId: rec.id,
          operation: 'removeVolume',
        });
      }
    }
    await rm(this.#layout.volumeDir(name), { recursive: true, force: true });
  }

  /** {@inheritDoc @berth/core#ContainerDriver.listVolumes} */
  async listVolumes(): Promise<Volume[]> {
    const out: Volume[] = [];
    for (const name of await readdir(this.#layout.volumesDir).catch(() => [] as string[])) {
      const v = await readJsonOrNull<VolumeRecord>(this.#layout.volumeFile(name));
      if (v !== null) out.push(this.#toVolume(v));
    }
    return out;
  }

  #toVolume(v: VolumeRecord): Volume {
    return {
      name: v.name,
      labels: { ...v.labels },
      createdAt: new Date(v.createdAt),
      mountpoint: this.#layout.volumeData(v.name),
    };
  }

  /** The network with this id or name, or `null`. */
  async findNetwork(idOrName: string): Promise<NetworkRecord | null> {
    for (const n of await this.#allNetworks()) if (n.id === idOrName || n.name === idOrName) return n;
    return null;
  }

  /** {@inheritDoc @berth/core#ContainerDriver.createNetwork} */
  async createNetwork(spec: NetworkSpec): Promise<Network> {
    const valid = validateNetworkSpec(spec);
    if ((await this.findNetwork(valid.name)) !== null) {
      throw new ContainerConflictError(`Network ${valid.name} already exists`, { operation: 'createNetwork' });
    }
    const rec: NetworkRecord = {
      id: randomBytes(32).toString('hex'),
      name: valid.name,
      labels: valid.labels ?? {},
      internal: valid.internal ?? false,
      createdAt: new Date().toISOString(),
    };
    await atomicWriteJson(this.#layout.networkFile(rec.id), rec);
    return toNetwork(rec);
  }

  /** {@inheritDoc @berth/core#ContainerDriver.removeNetwork} */
  async removeNetwork(id: string): Promise<void> {
    const n = await this.findNetwork(id);
    if (n === null) throw new NetworkNotFoundError(id, { operation: 'removeNetwork' });
    await rm(this.#layout.networkFile(n.id), { force: true });
  }

  /** {@inheritDoc @berth/core#ContainerDriver.listNetworks} */
  async listNetworks(): Promise<Network[]> {
    return (await this.#allNetworks()).map(toNetwork);
  }

  async #allNetworks(): Promise<NetworkRecord[]> {
    const out: NetworkRecord[] = [];
    for (const file of await readdir(this.#layout.networksDir).catch(() => [] as string[])) {
      const n = await readJsonOrNull<NetworkRecord>(join(this.#layout.networksDir, file));
      if (n !== null) out.push(n);
    }
    return out;
  }
}

function toNetwork(n: NetworkRecord): Network {
  return { id: n.id, name: n.name, labels: { ...n.labels }, internal: n.internal, createdAt: new Date(n.createdAt) };
}
