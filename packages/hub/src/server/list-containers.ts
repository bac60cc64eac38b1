import { type ContainerDriver, type ContainerFilter, type ContainerInstance, ValidationError } from '@berth/core';
import { toHubError } from '../upstreams/index.js';

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
 * `errors` instead of failing the whole list.
 *
 * @throws ValidationError for an unknown `hostId`.
 */
export async function listContainersAcross(
  drivers: ReadonlyMap<string, ContainerDriver>,
  hostId?: string,
  filter?: ContainerFilter,
): Promise<{ containers: ListedContainer[]; errors: HostListError[] }> {
  if (hostId !== undefined && !drivers.has(hostId)) {
    throw new ValidationError([{ path: 'hostId', message: `unknown host ${hostId}` }], {}, 'message');
  }
  const entries = [...drivers].filter(([key]) => hostId === undefined || key === hostId);
  const results = await Promise.all(
    entries.map(async ([key, driver]) => {
      try {
        const list = await driver.listContainers(filter);
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
