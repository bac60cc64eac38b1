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

/** The host id of a producer-only channel (no driver knows the id), as its frames carry it. */
const PRODUCER_HOST = 'external';

/**
 * The host ids of the engines inside a multi-host driver (a `DockerHostPool`'s `hostIds`, also under
 * `withResilience`, whose `inner` is the pool); empty for a single-host driver.
 */
export function memberHosts(driver: ContainerDriver): string[] {
  const of = (d: unknown): string[] | undefined => {
    const ids = (d as { hostIds?: unknown } | null)?.hostIds;
    return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? (ids as string[]) : undefined;
  };
  return of(driver) ?? of((driver as { inner?: unknown }).inner) ?? [];
}

/**
 * Checks the `hostId` of a request about containers (`subscribe`, `unsubscribe`, `containerAction`, a producer's
 * `publish` / `log` / `status` / `complete` / `error`): a host the hub serves (a driver's key, or an engine inside a
 * multi-host driver), or `external`, the host of a producer-only channel. Nothing to check without `hostId`.
 *
 * @throws HubUnknownHostError (the docker-client seed's "Unknown host: …") otherwise, naming the hosts served.
 */
export function assertKnownHost(
  drivers: ReadonlyMap<string, ContainerDriver>,
  hostId: string | undefined,
  operation: string,
): void {
  if (hostId === undefined || hostId === PRODUCER_HOST || drivers.has(hostId)) return;
  const members = [...drivers.values()].flatMap(memberHosts);
  if (members.includes(hostId)) return;
  throw new HubUnknownHostError(hostId, [...drivers.keys(), ...members], operation);
}
