import type { ContainerDriver, SystemInfo, SystemUsage, SystemVersion } from '@berth/core';
import { HubUnsupportedError } from '../errors/index.js';
import { SYSTEM_INFO_PARTS, type SystemInfoPart } from '../protocol/index.js';
import { resolveHost } from './host-resolution.js';

/** One host's system facts, as `systemInfo` frames and `GET /hosts/{hostId}/system` carry them. */
export interface HostSystemReport {
  /** The host. */
  hostId: string;
  /** `docker info` (core's `SystemInfo`). */
  info?: SystemInfo;
  /** `docker version`. */
  version?: SystemVersion;
  /** `docker system df`. */
  usage?: SystemUsage;
}

/**
 * Reads the asked parts of one host's system info, version and disk usage, in parallel.
 *
 * @param hostId - the host (may be left out when there is one).
 * @param include - the parts (default all three).
 * @throws HubUnknownHostError for an unknown host, `ValidationError` without `hostId` on a several-host hub.
 * @throws HubUnsupportedError when the host's driver lacks the `systemInfo` capability.
 * @throws the driver's typed error when the engine fails (e.g. `DriverUnavailableError`).
 */
export async function readHostSystem(
  drivers: ReadonlyMap<string, ContainerDriver>,
  hostId: string | undefined,
  include: readonly SystemInfoPart[] = SYSTEM_INFO_PARTS,
): Promise<HostSystemReport> {
  const host = resolveHost(drivers, hostId, 'getSystemInfo');
  const d = host.driver;
  if (
    d.capabilities.systemInfo !== true ||
    d.getSystemInfo === undefined ||
    d.getSystemVersion === undefined ||
    d.getSystemUsage === undefined
  ) {
    throw new HubUnsupportedError(host.hostId, 'systemInfo', 'getSystemInfo');
  }
  const want = new Set(include);
  const [info, version, usage] = await Promise.all([
    want.has('info') ? d.getSystemInfo() : undefined,
    want.has('version') ? d.getSystemVersion() : undefined,
    want.has('usage') ? d.getSystemUsage() : undefined,
  ]);
  return {
    hostId: host.hostId,
    ...(info === undefined ? {} : { info }),
    ...(version === undefined ? {} : { version }),
    ...(usage === undefined ? {} : { usage }),
  };
}
