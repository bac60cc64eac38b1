import { type ContainerDriver, ValidationError } from '@berth/core';
import { HubUnknownHostError } from '../errors/index.js';

/**
 * The driver of one host for a request about a host (system info): `hostId` when given, else the only host.
 *
 * @throws HubUnknownHostError for a `hostId` the hub does not serve.
 * @throws ValidationError without `hostId` when the hub serves several hosts (naming them).
 */
export function resolveHost(
  drivers: ReadonlyMap<string, ContainerDriver>,
  hostId: string | undefined,
  operation: string,
): { hostId: string; driver: ContainerDriver } {
  const hosts = [...drivers.keys()];
  if (hostId === undefined) {
    const only = hosts.length === 1 ? hosts[0] : undefined;
    const driver = only === undefined ? undefined : drivers.get(only);
    if (only === undefined || driver === undefined) {
      throw new ValidationError(
        [{ path: 'hostId', message: `this hub serves several hosts; give hostId, one of ${hosts.join(', ')}` }],
        {},
        operation,
      );
    }
    return { hostId: only, driver };
  }
  const driver = drivers.get(hostId);
  if (driver === undefined) throw new HubUnknownHostError(hostId, hosts, operation);
  return { hostId, driver };
}
