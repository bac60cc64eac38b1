import { type ContainerSpec, DriverUnavailableError, ValidationError } from '@berth/core';
import type { DockerDriver } from '../docker-driver.js';
import { namedNetworkOf, namedVolumesOf } from '../spec/named-resources.js';

/** One named resource a spec needs and the hosts holding it. */
interface Holding {
  what: string;
  hosts: string[];
}

async function exists(check: () => Promise<unknown>): Promise<boolean> {
  return check().then(
    () => true,
    () => false,
  );
}

/**
 * Where a new container of a host pool goes. Volumes and networks live on one engine, and an engine silently
 * creates a missing named volume (empty), so a spec naming volumes or a network that exist goes to a host holding
 * all of them; among the candidates (every reachable host when it names none), the one with the fewest running
 * containers. A pinned host wins (`hostId` option or `berth.host` label). Typed errors: `ValidationError` when
 * no host holds all of the spec's existing volumes and network, `DriverUnavailableError` when no host is reachable.
 *
 * @param hosts - the pool's drivers by host id.
 * @param spec - the container spec.
 * @param load - running containers per reachable host.
 */
export async function placeContainer(
  hosts: ReadonlyMap<string, DockerDriver>,
  spec: ContainerSpec,
  load: () => Promise<Map<string, number>>,
): Promise<string> {
  const holdings = await holdingsOf(hosts, spec);
  const reachable = await load();
  let candidates = [...reachable.keys()];
  for (const h of holdings) candidates = candidates.filter((id) => h.hosts.includes(id));
  if (holdings.length > 0 && candidates.length === 0) {
    const where = holdings.map((h) => `${h.what} on ${h.hosts.join(', ')}`).join('; ');
    throw new ValidationError(
      [{ path: 'volumes', message: `no reachable host of the pool holds all of them (${where}): pin one with hostId` }],
      { operation: 'createContainer' },
      'container spec',
    );
  }
  let best: string | undefined;
  for (const id of candidates) {
    if (best === undefined || (reachable.get(id) ?? 0) < (reachable.get(best) ?? 0)) best = id;
  }
  if (best === undefined) {
    throw new DriverUnavailableError('No Docker host of the pool is reachable', { operation: 'createContainer' });
  }
  return best;
}

/** The spec's named volumes and network that exist on some host, each with the hosts holding it. */
async function holdingsOf(hosts: ReadonlyMap<string, DockerDriver>, spec: ContainerSpec): Promise<Holding[]> {
  const checks: { what: string; on: (d: DockerDriver) => Promise<unknown> }[] = namedVolumesOf(spec).map((name) => ({
    what: `volume ${name}`,
    on: (d) => d.docker.getVolume(name).inspect(),
  }));
  const network = namedNetworkOf(spec);
  if (network !== undefined)
    checks.push({ what: `network ${network}`, on: (d) => d.docker.getNetwork(network).inspect() });
  const holdings = await Promise.all(
    checks.map(async ({ what, on }) => {
      const found = await Promise.all(
        [...hosts].map(async ([id, d]) => ((await exists(() => on(d))) ? id : undefined)),
      );
      return { what, hosts: found.filter((id): id is string => id !== undefined) };
    }),
  );
  return holdings.filter((h) => h.hosts.length > 0);
}
