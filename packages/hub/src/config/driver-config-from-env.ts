import type { DriverConfig } from '@berth/core';
import type { BuiltinDriverKind } from '../drivers/builtin-driver-kinds.js';

/**
 * Reads the environment of one built-in driver kind into core's `DriverConfig`:
 * - `local`: `home` (from `home`, the caller's `--home` or `BERTH_HOME`; unset: the driver's default);
 * - `docker`: `connection` from `DOCKER_HOST` (default socket when unset);
 * - `swarm`: `manager` from `DOCKER_HOST`, `nodes` from `BERTH_SWARM_NODES` (JSON, see `swarmNodesFromEnv`);
 * - `mock`: nothing.
 * The Docker package loads only for the Docker kinds.
 *
 * @throws ValidationError for a bad `DOCKER_HOST` or `BERTH_SWARM_NODES`.
 *
 * @example
 * ```ts
 * const config = await driverConfigFromEnv('docker', process.env); // { kind: 'docker', connection: { socketPath } }
 * ```
 */
export async function driverConfigFromEnv(
  kind: BuiltinDriverKind,
  env: Record<string, string | undefined>,
  home: string | undefined = env.BERTH_HOME,
): Promise<DriverConfig> {
  switch (kind) {
    case 'local':
      return home === undefined ? { kind } : { kind, home };
    case 'mock':
      return { kind };
    case 'docker': {
      const { connectionFromEnv } = await import('@berth/driver-docker');
      return { kind, connection: connectionFromEnv(env) };
    }
    case 'swarm': {
      const { connectionFromEnv, swarmNodesFromEnv } = await import('@berth/driver-docker');
      return { kind, manager: connectionFromEnv(env), nodes: swarmNodesFromEnv(env) };
    }
  }
}
