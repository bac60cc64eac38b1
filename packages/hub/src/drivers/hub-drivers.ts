import type { ContainerDriver } from '@berth/core';

/** What {@link hubDrivers} needs of a host pool: its host ids and each host's driver. */
interface HostPoolLike {
  readonly hostIds: string[];
  host(id: string): ContainerDriver;
}

function isHostPool(driver: unknown): driver is HostPoolLike {
  const d = driver as Partial<HostPoolLike> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    Array.isArray(d.hostIds) &&
    typeof (d as { host?: unknown }).host === 'function'
  );
}

/**
 * The drivers the hub serves, keyed by host id (the wire's `hostId`): one entry per engine when `driver` is a
 * Docker host pool (also under `withResilience`, whose `inner` is the pool; each host's driver is then wrapped by
 * `wrap`), else `driver` alone under `kind`.
 *
 * @param driver - the driver `openBuiltinDriver` built.
 * @param kind - the key of a driver that is not a pool (`docker`, `local` …).
 * @param wrap - applied to each host's driver of a pool (e.g. the same `withResilience` policy).
 *
 * @example
 * ```ts
 * const { driver } = await openBuiltinDriver({ kind: 'docker', hosts });
 * new HubServer({ drivers: hubDrivers(driver, 'docker'), sessions: new SessionManager(driver), config });
 * ```
 */
export function hubDrivers(
  driver: ContainerDriver,
  kind: string,
  wrap: (host: ContainerDriver) => ContainerDriver = (host) => host,
): Record<string, ContainerDriver> {
  const inner = (driver as { inner?: unknown }).inner;
  const pool = isHostPool(driver) ? driver : isHostPool(inner) ? inner : undefined;
  if (pool === undefined) return { [kind]: driver };
  const wrapped = isHostPool(driver) ? (host: ContainerDriver) => host : wrap;
  return Object.fromEntries(pool.hostIds.map((id) => [id, wrapped(pool.host(id))]));
}
