import type Docker from 'dockerode';

/** What the engine's storage driver allows. */
export interface StorageProbe {
  /** Storage driver, e.g. `overlay2`. */
  driver: string;
  /** Backing filesystem, e.g. `extfs` or `xfs`. */
  backingFilesystem: string;
  /** `true` when `HostConfig.StorageOpt.size` (a per-container disk limit) works. */
  diskLimit: boolean;
  /**
   * CPUs of the engine's host (`docker info` NCPU), read in the same call: the engine refuses a cpu limit above it,
   * so the driver caps `resources.cpu` there (a limit above the host's CPUs limits nothing). Absent: no cap.
   */
  cpus?: number;
}

/**
 * Reads `docker info` to tell whether per-container disk limits work: overlay2 only on xfs mounted with
 * `pquota` (we accept xfs and let the engine refuse otherwise), and btrfs, zfs, devicemapper, windowsfilter.
 */
export async function probeStorage(docker: Docker): Promise<StorageProbe> {
  const info = (await docker.info()) as { Driver?: string; DriverStatus?: [string, string][]; NCPU?: number };
  const driver = info.Driver ?? 'unknown';
  const backing = (info.DriverStatus ?? []).find(([k]) => k === 'Backing Filesystem')?.[1] ?? 'unknown';
  const diskLimit =
    ['btrfs', 'zfs', 'devicemapper', 'windowsfilter'].includes(driver) || (driver === 'overlay2' && backing === 'xfs');
  const cpus = typeof info.NCPU === 'number' && info.NCPU > 0 ? { cpus: info.NCPU } : {};
  return { driver, backingFilesystem: backing, diskLimit, ...cpus };
}
