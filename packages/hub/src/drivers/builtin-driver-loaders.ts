import type { ContainerDriver, DiModule, DriverModuleLoaders } from '@berth/core';
import type { DockerDriverModuleOptions, SwarmDriverOptions } from '@berth/driver-docker';
import type { LocalDriverOptions } from '@berth/driver-local';
import type { MockDriverOptions } from '@berth/driver-mock';
import type { BuiltinDriverKind } from './builtin-driver-kinds.js';

// The type-only imports above (erased at run time) put each driver's `DriverConfigRegistry` entry into this
// package's program in both builds: in the CommonJS pass a dynamic `import()` reads a driver's ESM types, whose
// registration lands on core's ESM declarations, not on the CommonJS ones this package reads.

/**
 * The built-in loaders' type (a core `DriverModuleLoader` for each built-in kind), spelled out: its declaration
 * names each driver's options, so a project reading it also reads that driver's `DriverConfigRegistry` entry.
 */
export interface BuiltinDriverLoaders {
  /** `localDriverModule`. */
  readonly local: (options: LocalDriverOptions) => Promise<DiModule>;
  /** `mockDriverModule`. */
  readonly mock: (options: MockDriverOptions) => Promise<DiModule>;
  /** `connectDockerDriverModule` (probes the engine). */
  readonly docker: (options: Omit<DockerDriverModuleOptions, 'driverToken'>) => Promise<DiModule>;
  /** `SwarmDriver.connect` (checks the engine is a swarm manager). */
  readonly swarm: (options: SwarmDriverOptions) => Promise<ContainerDriver>;
}

/**
 * The hub's composition table: for each built-in kind, how its `DriverConfig` options become a driver module
 * (handed to `createBerth` by `openBerth`). Driver packages load lazily, so the CLI only pays for the one it uses.
 *
 * - `local`, `mock`: the packages' DI modules (`localDriverModule`, `mockDriverModule`).
 * - `docker`: `connectDockerDriverModule`, which probes the engine first, so an unreachable engine fails here
 *   with `DriverUnavailableError`.
 * - `swarm`: `SwarmDriver.connect`, which checks the engine is an active swarm manager (`DriverUnavailableError`
 *   otherwise) before the driver is bound.
 *
 * Typed with core's `DiModule` and `ContainerDriver`, not inferred: in the CommonJS pass the
 * `import()`s read the drivers' ESM declarations, whose modules are inversify's `ContainerModule`, and the
 * CommonJS declarations must not name inversify (a classic `"module": "commonjs"` project cannot read it).
 */
export const BUILTIN_DRIVER_LOADERS: BuiltinDriverLoaders = Object.freeze({
  local: async (options: LocalDriverOptions) => (await import('@berth/driver-local')).localDriverModule(options),
  mock: async (options: MockDriverOptions) => (await import('@berth/driver-mock')).mockDriverModule(options),
  docker: async (options: Omit<DockerDriverModuleOptions, 'driverToken'>) =>
    (await import('@berth/driver-docker')).connectDockerDriverModule(options),
  swarm: async (options: SwarmDriverOptions) => {
    const { SwarmDriver } = await import('@berth/driver-docker');
    // one type, read from the ESM declarations in the CommonJS pass (its class-typed fields differ nominally)
    return SwarmDriver.connect(options as unknown as Parameters<typeof SwarmDriver.connect>[0]);
  },
} satisfies Required<Pick<DriverModuleLoaders, BuiltinDriverKind>>);
