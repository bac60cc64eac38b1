import { type Berth, type BerthLogger, type DriverConfig, openBerth } from '@berth/core';
import { BUILTIN_DRIVER_LOADERS } from './builtin-driver-loaders.js';

/**
 * Builds a built-in driver from its config through `createBerth` (via `openBerth` and
 * {@link BUILTIN_DRIVER_LOADERS}); `withResilience` is applied when the config's `resilience` asks for it.
 * Every entry point of this package (`berth hub`, each CLI command) opens its driver here.
 *
 * @returns the Berth; `berth.dispose()` disposes the driver.
 * @throws DriverUnavailableError when Docker's engine does not answer, or Swarm's is no manager.
 * @throws ValidationError for bad options (a bad `home`, bad swarm nodes) or an unknown kind.
 *
 * @example
 * ```ts
 * const berth = await openBuiltinDriver({ kind: 'local', home: '/tmp/berth' });
 * await berth.driver.listContainers();
 * await berth.dispose();
 * ```
 */
export function openBuiltinDriver(config: DriverConfig, logger?: BerthLogger): Promise<Berth> {
  return openBerth(config, BUILTIN_DRIVER_LOADERS, logger === undefined ? {} : { logger });
}
