import type { ContainerSpec } from '@berth/core';
import type { StorageProbe } from './storage-probe.js';

/**
 * A canonical spec the engine will take: `resources.diskMb` dropped when the storage cannot enforce it (accepted,
 * not enforced; `healthCheck()` reports `notEnforced: ['disk']`), `resources.cpu` capped at the host's CPUs (the
 * engine refuses more, and a limit above the host's CPUs limits nothing). Returns `spec` itself when nothing changes.
 *
 * @example
 * ```ts
 * fitSpecToEngine({ image: 'a', resources: { cpu: 4, diskMb: 10 } }, { driver: 'overlay2', backingFilesystem: 'extfs', diskLimit: false, cpus: 2 });
 * // { image: 'a', resources: { cpu: 2 } }
 * ```
 */
export function fitSpecToEngine(spec: ContainerSpec, storage: StorageProbe): ContainerSpec {
  const r = spec.resources;
  if (r === undefined) return spec;
  const dropDisk = r.diskMb !== undefined && !storage.diskLimit;
  const hostCpus = storage.cpus;
  const capCpu = r.cpu !== undefined && hostCpus !== undefined && r.cpu > hostCpus;
  if (!dropDisk && !capCpu) return spec;
  const { diskMb: _diskMb, ...rest } = r;
  const resources = dropDisk ? rest : { ...r };
  if (capCpu && hostCpus !== undefined) resources.cpu = hostCpus;
  return { ...spec, resources };
}
