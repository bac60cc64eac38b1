import { BERTH, type ContainerDriver, type DiModule, type DiToken } from '@berth/core';
import { ContainerModule } from '@berth/core/inversify';
import { SwarmDriver } from './swarm-driver.js';
import type { SwarmDriverOptions } from './swarm-driver-options.js';

/** Inversify tokens of the Swarm driver. */
export const SWARM = Object.freeze({
  /** The driver (also bound to `driverToken`). */
  Driver: Symbol.for('berth.swarm.Driver') as DiToken<SwarmDriver>,
});

/** Options of {@link swarmDriverModule}. */
export interface SwarmDriverModuleOptions extends SwarmDriverOptions {
  /** Token the driver is also bound to as a `ContainerDriver`. Default: `BERTH.ContainerDriver`. */
  driverToken?: DiToken<ContainerDriver>;
}

/**
 * An inversify `ContainerModule` binding a {@link SwarmDriver} (singleton, disposed when unbound) to
 * `SWARM.Driver` and to `BERTH.ContainerDriver`, so `createBerth` and the session manager run on Swarm unchanged.
 *
 * @example
 * ```ts
 * const container = new Container();
 * container.load(swarmDriverModule({ nodes: { [workerId]: { socketPath: '/var/run/worker.sock' } } }));
 * const driver = container.get(BERTH.ContainerDriver);
 * ```
 */
export function swarmDriverModule(options: SwarmDriverModuleOptions = {}): DiModule {
  const { driverToken = BERTH.ContainerDriver, ...rest } = options;
  return new ContainerModule(({ bind }) => {
    bind(SWARM.Driver)
      .toDynamicValue(() => new SwarmDriver(rest))
      .inSingletonScope()
      .onDeactivation((driver) => driver.dispose());
    // a binding of its own (not toService), so activation hooks on the token (createBerth's resilience) apply
    bind(driverToken)
      .toDynamicValue((ctx) => ctx.get(SWARM.Driver))
      .inSingletonScope()
      .onDeactivation((d) => d.dispose());
  });
}
