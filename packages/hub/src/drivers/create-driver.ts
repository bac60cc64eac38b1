import type { ContainerDriver } from '@berth/core';

/** Which built-in driver to run on: one config shape per backend, one factory. */
export type DriverConfig = { kind: 'local'; home?: string } | { kind: 'docker' } | { kind: 'swarm' } | { kind: 'mock' };

/** Names of the built-in drivers. */
export const DRIVER_KINDS = ['local', 'docker', 'swarm', 'mock'] as const;

/**
 * Builds a built-in driver. Docker connects first (from `DOCKER_HOST` or the default socket), so an
 * unreachable engine fails here with `DriverUnavailableError`. Swarm connects to the manager the same way and
 * reaches the other nodes' engines through `BERTH_SWARM_NODES` (JSON, see `swarmNodesFromEnv`); an engine that is
 * not a swarm manager fails with `DriverUnavailableError`, bad `BERTH_SWARM_NODES` with `ValidationError`. Driver packages load lazily, so the CLI only
 * pays for the one it uses.
 *
 * @example
 * ```ts
 * const driver = await createDriver({ kind: 'local', home: '/tmp/berth' });
 * ```
 */
export async function createDriver(config: DriverConfig): Promise<ContainerDriver> {
  switch (config.kind) {
    case 'local': {
      const { LocalDriver } = await import('@berth/driver-local');
      return new LocalDriver(config.home === undefined ? {} : { home: config.home });
    }
    case 'docker': {
      const { DockerDriver } = await import('@berth/driver-docker');
      return DockerDriver.connect();
    }
    case 'swarm': {
      const { SwarmDriver, swarmNodesFromEnv } = await import('@berth/driver-docker');
      return SwarmDriver.connect({ nodes: swarmNodesFromEnv(process.env) });
    }
    case 'mock': {
      const { MockDriver } = await import('@berth/driver-mock');
      return new MockDriver();
    }
  }
}
