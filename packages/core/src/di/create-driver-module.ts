import type { ContainerDriver } from '../contract/container-driver.js';
import { type BerthLogger, silentLogger } from './berth-logger.js';
import type { DiModule } from './di-types.js';
import type { DriverSettings } from './driver-config.js';
import { ContainerModule } from './inversify.js';
import { BERTH } from './tokens.js';

/** What a driver module's factory receives from the container. */
export interface DriverModuleContext {
  /** The module's name (e.g. `mock`). */
  name: string;
  /** `BERTH.DriverConfig` when bound, else `{}`. */
  config: DriverSettings;
  /** `BERTH.Logger` when bound, else {@link silentLogger}. */
  logger: BerthLogger;
}

/** Builds the driver of a {@link createDriverModule} module. */
export type DriverModuleFactory = (context: DriverModuleContext) => ContainerDriver;

/**
 * The module pattern of driver packages: a `ContainerModule` that binds `BERTH.ContainerDriver` as a
 * singleton built by `factory` on first use, and disposes it when the binding is removed
 * (`await container.unbindAllAsync()`). The module loads synchronously (`container.load(module)`).
 *
 * @param name - the driver name, passed to the factory and logged.
 * @param factory - builds the driver from the bound config and logger.
 *
 * @example
 * ```ts
 * export function mockDriverModule(options: MockDriverOptions = {}): ContainerModule {
 *   return createDriverModule('mock', ({ logger }) => new MockDriver({ ...options, logger }));
 * }
 *
 * const container = new Container();
 * container.load(mockDriverModule());
 * const driver = container.get(BERTH.ContainerDriver);
 * ```
 */
export function createDriverModule(name: string, factory: DriverModuleFactory): DiModule {
  return new ContainerModule(({ bind }) => {
    bind(BERTH.ContainerDriver)
      .toDynamicValue((ctx) => {
        const config = ctx.get(BERTH.DriverConfig, { optional: true }) ?? {};
        const logger = ctx.get(BERTH.Logger, { optional: true }) ?? silentLogger;
        const driver = factory({ name, config, logger });
        logger.debug({ driver: name }, 'container driver created');
        return driver;
      })
      .inSingletonScope()
      .onDeactivation((driver) => driver.dispose());
  });
}
