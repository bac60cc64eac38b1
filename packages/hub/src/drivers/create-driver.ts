import type { ContainerDriver } from '@berth/core';

/** Which built-in driver to run on: one config shape per backend, one factory. */
export type DriverConfig = { kind: 'local'; home?: string } | { kind: 'docker' } | { kind: 'mock' };

/** Names of the built-in drivers. */
export const DRIVER_KINDS = ['local', 'docker', 'mock'] as const;

/**
 * Builds a built-in driver. Docker connects first (from `DOCKER_HOST` or the default socket), so an
 * unreachable engine fails here with `DriverUnavailableError`. Driver packages load lazily, so the CLI only
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
    case 'mock': {
      const { MockDriver } = await import('@berth/driver-mock');
      return new MockDriver();
    }
  }
}
