import type { ContainerDriver, ContainerFilter, ContainerInstance } from '@berth/core';
import { HubUnknownHostError } from '../errors/index.js';
import { toHubError } from '../upstreams/index.js';
import { memberHosts } from './host-resolution.js';

/** A container as the hub lists it: the driver's instance plus the host it runs on. */
export type ListedContainer = {
  id: string;
  name: string;
  sessionId: string | null;
  image: string;
  state: ContainerInstance['state'];
  status: string;
  createdAt: string;
  startedAt?: string;
  labels: Record<string, string>;
  driver: string;
  hostId: string;
};

/** A host whose driver failed to list. */
export type HostListError = {
  hostId: string;
  code: string;
  message: string;
};

/**
 * Lists containers across drivers (each keyed by host id), in parallel. A failing host is reported in
 * `errors` instead of failing the whole list. `hostId` names a driver's key, or an engine inside a multi-host
 * driver (a `DockerHostPool`'s host: that driver's containers on that host).
 *
 * @throws HubUnknownHostError for a `hostId` the hub does not serve (the docker-client seed's "Unknown host: …",
 *   `BERTH_HUB_UNKNOWN_HOST`, as `getSystemInfo` answers).
 */
export async function listContainersAcross(
  drivers: ReadonlyMap<string, ContainerDriver>,
  hostId?: string,
  filter?: ContainerFilter,
): Promise<{ containers: ListedContainer[]; errors: HostListError[] }> {
  const member = hostId !== undefined && !drivers.has(hostId);
  const entries = [...drivers].filter(([key, driver]) =>
    member ? memberHosts(driver).includes(hostId) : hostId === undefined || key === hostId,
  );
  if (hostId !== undefined && entries.length === 0) {
    throw new HubUnknownHostError(
      hostId,
      [...drivers.keys(), ...[...drivers.values()].flatMap(memberHosts)],
      'listContainers',
    );
  }
  const results = await Promise.all(
    entries.map(async ([key, driver]) => {
      try {
        const list = (await driver.listContainers(filter)).filter((c) => !member || c.host === hostId);
        return { containers: list.map((c) => toListed(c, key)), errors: [] };
      } catch (err) {
        const e = toHubError(err);
        return { containers: [], errors: [{ hostId: key, code: e.code, message: e.message }] };
      }
    }),
  );
  return {
    containers: results.flatMap((r) => r.containers),
    errors: results.flatMap((r) => r.errors),
  };
}

function toListed(c: ContainerInstance, hostId: string): ListedContainer {
  const listed: ListedContainer = {
    id: c.id,
    name: c.name,
    sessionId: c.sessionId,
    image: c.image,
    state: c.state,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    labels: c.labels,
    driver: c.driver,
    hostId: c.host ?? hostId,
  };
  if (c.startedAt !== undefined) listed.startedAt = c.startedAt.toISOString();
  return listed;
}
