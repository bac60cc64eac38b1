import type { ContainerDriver } from '../contract/container-driver.js';
import { ValidationError } from '../errors/index.js';
import type { ResiliencePolicy } from '../resilience/resilience-policy.js';
import type { BerthLogger } from './berth-logger.js';
import type { Clock } from './clock.js';
import { type Berth, createBerth } from './create-berth.js';
import {
  type DriverConfig,
  type DriverKind,
  type DriverModuleLoader,
  type DriverModuleLoaders,
  type DriverSettings,
  splitDriverConfig,
} from './driver-config.js';

/** Options of {@link openBerth}. */
export interface OpenBerthOptions {
  /** Overrides the config's `resilience`. */
  resilience?: ResiliencePolicy | boolean;
  /** Bound to `BERTH.Logger`. Default: the silent logger. */
  logger?: BerthLogger;
  /** Bound to `BERTH.Clock`. Default: the system clock. */
  clock?: Clock;
}

/**
 * {@link createBerth} for a {@link DriverConfig}: finds the loader of `config.kind` in `loaders`, awaits the
 * module (or connected driver) it builds from the config's options, and hands it to `createBerth` with the
 * options bound to `BERTH.DriverConfig` and the config's `resilience` (so `withResilience` is applied when the
 * config asks for it). A loader that fails (e.g. no engine answers) rejects here, with nothing left open.
 *
 * @throws ValidationError when no loader is given for `config.kind`.
 *
 * @example
 * ```ts
 * const berth = await openBerth({ kind: 'mock', seed: 7, resilience: true }, { mock: mockDriverModule });
 * await berth.driver.listContainers();
 * await berth.dispose();
 * ```
 */
export async function openBerth(
  config: DriverConfig,
  loaders: DriverModuleLoaders,
  options: OpenBerthOptions = {},
): Promise<Berth> {
  const { kind, resilience, options: driverOptions } = splitDriverConfig(config);
  const load = (loaders as Partial<Record<string, DriverModuleLoader<DriverKind>>>)[kind];
  if (load === undefined) {
    const known = Object.keys(loaders).join(', ') || 'none';
    throw new ValidationError(
      [{ path: 'kind', message: `no driver "${kind}" here; expected one of ${known}` }],
      {},
      'driver config',
    );
  }
  const driver: ContainerDriver | Awaited<ReturnType<typeof load>> = await load(driverOptions);
  const policy = options.resilience ?? resilience;
  return createBerth({
    driver,
    ...(policy === undefined ? {} : { resilience: policy }),
    config: driverOptions as DriverSettings,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
}
