import type { DriverConfig } from '@berth/core';
import type { BuiltinDriverKind } from '../drivers/builtin-driver-kinds.js';

/**
 * Reads the environment of one built-in driver kind into core's `DriverConfig`:
 * - `local`: `home` (from `home`, the caller's `--home` or `BERTH_HOME`; unset: the driver's default);
 * - `docker`: `connection` from `DOCKER_HOST`, `DOCKER_PORT`, `DOCKER_SECURE` (default socket when none is set),
 *   `statsIntervalMs` from `STATS_INTERVAL`, a `resilience` policy from `DOCKER_TIMEOUT`, `MAX_RETRIES`,
 *   `RETRY_DELAY` (see `dockerSettingsFromEnv`); several engines (a `DockerHostPool`) from `BERTH_DOCKER_HOSTS`
 *   (JSON) or `BERTH_DOCKER_HOSTS_FILE` (see `dockerHostsFromEnv`), each with the settings above, instead of
 *   `DOCKER_HOST`;
 * - `swarm`: `manager` from `DOCKER_HOST`, `nodes` from `BERTH_SWARM_NODES` (JSON, see `swarmNodesFromEnv`);
 * - `mock`: nothing.
 * The Docker package loads only for the Docker kinds.
 *
 * @throws ValidationError naming every bad variable (`DOCKER_HOST`, `DOCKER_PORT`, `STATS_INTERVAL` …,
 *   `BERTH_DOCKER_HOSTS` entries, `BERTH_SWARM_NODES`).
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
      const { dockerHostsFromEnv, dockerSettingsFromEnv } = await import('@berth/driver-docker');
      const hosts = dockerHostsFromEnv(env);
      const { connection, statsIntervalMs, resilience } = dockerSettingsFromEnv(
        hosts === undefined
          ? env
          : { ...env, DOCKER_HOST: undefined, DOCKER_PORT: undefined, DOCKER_SECURE: undefined },
      );
      return {
        kind,
        ...(hosts === undefined
          ? { connection }
          : { hosts: hosts.map(({ id, name, connection: c }) => ({ id, name, connection: c })) }),
        ...(statsIntervalMs === undefined ? {} : { statsIntervalMs }),
        ...(resilience === undefined ? {} : { resilience }),
      };
    }
    case 'swarm': {
      const { connectionFromEnv, swarmNodesFromEnv } = await import('@berth/driver-docker');
      return { kind, manager: connectionFromEnv(env), nodes: swarmNodesFromEnv(env) };
    }
  }
}
