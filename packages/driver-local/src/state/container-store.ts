import { readdir, rm } from 'node:fs/promises';
import { BERTH_LABELS, type ContainerFilter, type ContainerInstance, ContainerNotFoundError } from '@berth/core';
import { type ContainerFsRoots, mountTarget } from '../files/resolve-container-path.js';
import { type ContainerStatus, readContainerStatus } from '../lifecycle/container-status.js';
import { atomicWriteJson, readJsonOrNull } from './atomic-write.js';
import type { ContainerRecord, LaunchSpec } from './records.js';
import type { StateLayout } from './state-layout.js';

const ID = /^[a-f0-9]{64}$/;
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * The container records under the state root (`containers/<id>/container.json`) and what derives from
 * them: lookup by id or name, the live status (files and processes, never memory, see
 * {@link readContainerStatus}), the `ContainerInstance` view, listing with a filter, the files-API roots.
 * It also knows which containers this instance is launching right now (a launch in progress reads
 * `created`, not lost).
 */
export class ContainerStore {
  readonly #layout: StateLayout;
  readonly #launching = new Set<string>();

  /** @param layout - paths of the state root. */
  constructor(layout: StateLayout) {
    this.#layout = layout;
  }

  /** Every readable container record (unordered). */
  async all(): Promise<ContainerRecord[]> {
    const ids = await readdir(this.#layout.containersDir).catch(() => [] as string[]);
    const out: ContainerRecord[] = [];
    for (const id of ids) {
      const rec = await this.read(id);
      if (rec !== null) out.push(rec);
    }
    return out;
  }

  /** The record of container `id` (a full id), or `null` when there is none. */
  read(id: string): Promise<ContainerRecord | null> {
    return readJsonOrNull<ContainerRecord>(this.#layout.containerFile(id));
  }

  /** The record of a container by full id or name; `ContainerNotFoundError` (with `operation`) otherwise. */
  async find(idOrName: string, operation: string): Promise<ContainerRecord> {
    if (ID.test(idOrName)) {
      const rec = await this.read(idOrName);
      if (rec !== null) return rec;
    } else if (NAME.test(idOrName)) {
      const rec = (await this.all()).find((r) => r.name === idOrName);
      if (rec !== undefined) return rec;
    }
    throw new ContainerNotFoundError(idOrName, { operation });
  }

  /** Writes a container record (atomically). */
  write(rec: ContainerRecord): Promise<void> {
    return atomicWriteJson(this.#layout.containerFile(rec.id), rec);
  }

  /** Deletes a container's record and its directory (rootfs, logs, run files). */
  async remove(id: string): Promise<void> {
    await rm(this.#layout.containerFile(id), { force: true });
    await rm(this.#layout.containerDir(id), { recursive: true, force: true, maxRetries: 3 });
  }

  /** The launch spec of the container's current (or last) run, or `null`. */
  launchSpec(id: string): Promise<LaunchSpec | null> {
    return readJsonOrNull<LaunchSpec>(this.#layout.launchFile(id));
  }

  /** Live status of a container's current run. */
  status(rec: ContainerRecord): Promise<ContainerStatus> {
    return readContainerStatus(this.#layout, rec, this.#launching.has(rec.id));
  }

  /** `true` while this instance launches container `id`. */
  isLaunching(id: string): boolean {
    return this.#launching.has(id);
  }

  /** Runs `fn` with container `id` marked as launching. */
  async launching<T>(id: string, fn: () => Promise<T>): Promise<T> {
    this.#launching.add(id);
    try {
      return await fn();
    } finally {
      this.#launching.delete(id);
    }
  }

  /** Instances of the containers matching `f`, oldest first (`f` must be validated). */
  async list(f: ContainerFilter | undefined, driver: string): Promise<ContainerInstance[]> {
    const states = f?.state === undefined ? null : Array.isArray(f.state) ? f.state : [f.state];
    const out: ContainerInstance[] = [];
    for (const rec of await this.all()) {
      if (f?.name !== undefined && rec.name !== f.name) continue;
      if (f?.sessionId !== undefined && rec.labels[BERTH_LABELS.session] !== f.sessionId) continue;
      if (f?.labels !== undefined && !Object.entries(f.labels).every(([k, v]) => rec.labels[k] === v)) continue;
      const inst = toContainerInstance(rec, await this.status(rec), driver);
      if (states !== null && !states.includes(inst.state)) continue;
      out.push(inst);
    }
    return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** Where the files API resolves paths of a container: its rootfs, working dir and volume mounts. */
  fsRoots(rec: ContainerRecord): ContainerFsRoots {
    const mounts = (rec.spec.volumes ?? []).map((v) => ({
      target: mountTarget(v.target),
      source: v.type === 'bind' ? v.source : this.#layout.volumeData(v.source),
    }));
    return { rootfs: this.#layout.rootfs(rec.id), workingDir: rec.spec.workingDir ?? '/', mounts };
  }
}

/** The `ContainerInstance` view of a record and its status, as driver `driver` reports it. */
export function toContainerInstance(rec: ContainerRecord, st: ContainerStatus, driver: string): ContainerInstance {
  const startedAt = st.run?.startedAt ?? rec.startedAt;
  let status = 'Created';
  if (st.state === 'running') status = `Up since ${startedAt ?? rec.createdAt}`;
  else if (st.state === 'exited') status = `Exited (${st.exit?.exitCode ?? 0}) at ${st.exit?.finishedAt ?? ''}`;
  else if (st.state === 'dead') status = 'Dead (supervisor lost; exit status unknown)';
  const inst: ContainerInstance = {
    id: rec.id,
    name: rec.name,
    sessionId: rec.spec.sessionId ?? rec.labels[BERTH_LABELS.session] ?? null,
    image: rec.spec.image,
    state: st.state,
    status,
    endpoint: null,
    createdAt: new Date(rec.createdAt),
    labels: { ...rec.labels },
    resources: { ...rec.spec.resources },
    driver,
  };
  if (startedAt !== undefined) inst.startedAt = new Date(startedAt);
  return inst;
}
