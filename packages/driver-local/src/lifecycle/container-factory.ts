import { randomBytes } from 'node:crypto';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  BERTH_LABELS,
  ContainerConflictError,
  type ContainerSpec,
  NetworkNotFoundError,
  ValidationError,
  validateContainerSpec,
} from '@berth/core';
import { validateLateEnv } from '../process/late-env.js';
import type { ContainerStore } from '../state/container-store.js';
import type { ContainerRecord } from '../state/records.js';
import type { ResourceStore } from '../state/resource-store.js';
import type { StateLayout } from '../state/state-layout.js';
import { checkLocalExtraHosts, etcHostsPath, localEtcHosts } from './etc-hosts.js';
import { privilegeArgs } from './privileges.js';

const HOST_IMAGE = 'host';
/** Label set on containers whose image is not `host`: they still run with the host's tools. */
export const LOCAL_IMAGE_LABEL = 'berth.local.image';
const BUILTIN_NETWORKS = new Set(['bridge', 'host', 'none', 'default']);

/**
 * Turns a `ContainerSpec` into a created container: validates what the local driver cannot do (mount
 * over `/`, a read-only root, `extraHosts` it cannot apply, an unknown user or network, a taken name), then writes
 * the record, the rootfs with its working dir and volume links (named volumes are created on first use), the
 * container's own hosts file when it has `extraHosts` (bound as `/etc/hosts` in its sandbox) and an empty log.
 */
export class ContainerFactory {
  readonly #layout: StateLayout;
  readonly #store: ContainerStore;
  readonly #resources: ResourceStore;
  readonly #linkMounts: boolean;

  /**
   * @param layout - paths of the state root.
   * @param store - container records (names must be unique).
   * @param resources - volumes and networks.
   * @param linkMounts - link volumes and binds into the rootfs with symlinks (unsandboxed); sandboxed, they are
   *   bind mounts made at each start.
   */
  constructor(layout: StateLayout, store: ContainerStore, resources: ResourceStore, linkMounts = true) {
    this.#layout = layout;
    this.#store = store;
    this.#resources = resources;
    this.#linkMounts = linkMounts;
  }

  /** Creates the container of `spec` and returns its record (state `created`). */
  async create(spec: ContainerSpec): Promise<ContainerRecord> {
    const valid = validateContainerSpec(spec);
    for (const [i, v] of (valid.volumes ?? []).entries()) {
      if (v.target === '/') {
        throw new ValidationError([{ path: `volumes.${i}.target`, message: 'cannot mount over the root' }]);
      }
      if (v.readOnly === true) {
        // Mounts are symlinks to host directories: nothing could stop a write, so refuse rather than ignore it.
        throw new ValidationError(
          [{ path: `volumes.${i}.readOnly`, message: 'the local driver cannot make a mount read-only' }],
          { operation: 'createContainer' },
          'container spec',
        );
      }
    }
    if (valid.security?.readOnly === true) {
      throw new ValidationError(
        [{ path: 'security.readOnly', message: 'the local driver has no root filesystem to make read-only' }],
        { operation: 'createContainer' },
        'container spec',
      );
    }
    checkLocalExtraHosts(valid, !this.#linkMounts); // links are made only without a sandbox
    privilegeArgs(valid.security); // a user that does not exist, or a user switch without root, fails here
    validateLateEnv(valid.env); // names the last step before the command can export (see lateEnv)
    if (valid.network !== undefined && !BUILTIN_NETWORKS.has(valid.network)) {
      if ((await this.#resources.findNetwork(valid.network)) === null) throw new NetworkNotFoundError(valid.network);
    }
    // Only a named create reads every record (an unnamed one used to, making each create cost O(live)).
    if (valid.name !== undefined && (await this.#store.all()).some((r) => r.name === valid.name)) {
      throw new ContainerConflictError(`A container named ${valid.name} already exists; pick another name`, {
        operation: 'createContainer',
      });
    }
    const id = randomBytes(32).toString('hex');
    const createdAt = new Date().toISOString();
    const labels: Record<string, string> = {
      ...valid.labels,
      [BERTH_LABELS.managed]: 'true',
      [BERTH_LABELS.created]: valid.labels?.[BERTH_LABELS.created] ?? createdAt,
    };
    if (valid.sessionId !== undefined) labels[BERTH_LABELS.session] = valid.sessionId;
    if (valid.image !== HOST_IMAGE && !valid.image.startsWith(`${HOST_IMAGE}:`)) {
      labels[LOCAL_IMAGE_LABEL] = `host (image ${valid.image} is not available to the local driver)`;
    }
    const rootfs = this.#layout.rootfs(id);
    const cwd = join(rootfs, valid.workingDir ?? '/');
    const rec: ContainerRecord = {
      id,
      name: valid.name ?? `berth-${id.slice(0, 12)}`,
      spec: valid,
      labels,
      createdAt,
      runId: 0,
      cwd,
    };
    await mkdir(this.#layout.runDir(id), { recursive: true });
    await mkdir(cwd, { recursive: true });
    for (const v of valid.volumes ?? []) {
      let source = v.source;
      if (v.type !== 'bind') {
        await this.#resources.ensureVolume(v.source);
        source = this.#layout.volumeData(v.source);
      }
      if (!this.#linkMounts) continue;
      const link = join(rootfs, v.target);
      await mkdir(dirname(link), { recursive: true });
      await rm(link, { recursive: true, force: true });
      await symlink(source, link);
    }
    if ((valid.extraHosts ?? []).length > 0) {
      await writeFile(etcHostsPath(this.#layout, id), localEtcHosts(valid, id.slice(0, 12)), { mode: 0o644 });
    }
    await writeFile(this.#layout.logFile(id), '');
    await this.#store.write(rec);
    return rec;
  }
}
