import type { DriverModuleLoaders } from '@berth/core';
import type { BuiltinDriverKind } from './builtin-driver-kinds.js';

/**
 * The hub's composition table: for each built-in kind, how its `DriverConfig` options become a driver module
 * (handed to `createBerth` by `openBerth`). Driver packages load lazily, so the CLI only pays for the one it uses.
 *
 * - `local`, `mock`: the packages' DI modules (`localDriverModule`, `mockDriverModule`).
 * - `docker`: `connectDockerDriverModule`, which probes the engine first, so an unreachable engine fails here
 *   with `DriverUnavailableError`.
 * - `swarm`: `SwarmDriver.connect`, which checks the engine is an active swarm manager (`DriverUnavailableError`
 *   otherwise) before the driver is bound.
 */
export const BUILTIN_DRIVER_LOADERS = Object.freeze({
  local: async (options) => (await import('@berth/driver-local')).localDriverModule(options),
  mock: async (options) => (await import('@berth/driver-mock')).mockDriverModule(options),
  docker: async (options) => (await import('@berth/driver-docker')).connectDockerDriverModule(options),
  swarm: async (options) => (await import('@berth/driver-docker')).SwarmDriver.connect(options),
} satisfies Required<Pick<DriverModuleLoaders, BuiltinDriverKind>>);
