import type Docker from 'dockerode';

/** What the engine's storage driver allows. */
export interface StorageProbe {
  /** Storage driver, e.g. `overlay2`. */
  driver: string;
  /** Backing filesystem, e.g. `extfs` or `xfs`. */
  backingFilesystem: string;
  /** `true` when `HostConfig.StorageOpt.size` (a per-container disk limit) works. */
  diskLimit: boolean;
}

/**
 * Reads `docker info` to tell whether per-container disk limits work: overlay2 only on xfs mounted with
 * `pquota` (we accept xfs and let the engine refuse otherwise), and btrfs, zfs, devicemapper, windowsfilter.
 */
export async function probeStorage(docker: Docker): Promise<StorageProbe> {
  const info = (await docker.info()) as { Driver?: string; DriverStatus?: [string, string][] };
  const driver = info.Driver ?? 'unknown';
  const backing = (info.DriverStatus ?? []).find(([k]) => k === 'Backing Filesystem')?.[1] ?? 'unknown';
  const diskLimit =
    ['btrfs', 'zfs', 'devicemapper', 'windowsfilter'].includes(driver) || (driver === 'overlay2' && backing === 'xfs');
  return { driver, backingFilesystem: backing, diskLimit };
}
