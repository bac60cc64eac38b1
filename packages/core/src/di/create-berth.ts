import type { ContainerDriver } from '../contract/container-driver.js';
import type { ResiliencePolicy } from '../resilience/resilience-policy.js';
import { applyResilience, resiliencePolicyOf } from '../resilience/resilience-setting.js';
import type { ResilientDriver } from '../resilience/resilient-driver.js';
import { type BerthLogger, silentLogger } from './berth-logger.js';
import { type Clock, systemClock } from './clock.js';
import type { DiContainer, DiModule } from './di-types.js';
import type { DriverSettings } from './driver-config.js';
import { Container, type ContainerModule } from './inversify.js';
import { BERTH } from './tokens.js';

/** Options of {@link createBerth}. */
export interface CreateBerthOptions {
  /** A driver instance, or a driver package's module (e.g. `mockDriverModule()`), which must load synchronously. */
  driver: ContainerDriver | DiModule;
  /** Wrap the driver with `withResilience`: a policy, or `true` for the default policy. Default: no wrapping. */
  resilience?: ResiliencePolicy | boolean;
  /**
   * The driver's own options, bound to `BERTH.DriverConfig` for the driver module's factory. Default: `{}`.
   * To start from a whole `DriverConfig` (`{ kind, ...options, resilience }`), use `openBerth`.
   */
  config?: DriverSettings;
  /** Bound to `BERTH.Logger`. Default: {@link silentLogger}. */
  logger?: BerthLogger;
  /** Bound to `BERTH.Clock`. Default: {@link systemClock}. */
  clock?: Clock;
}

/** What {@link createBerth} returns. */
export interface Berth<D extends ContainerDriver = ContainerDriver> {
  /** The inversify container, with `BERTH.*` bound; bind your own services into it. */
  readonly container: DiContainer;
  /** The driver bound to `BERTH.ContainerDriver` (resilient when `resilience` was given). */
  readonly driver: D;
  /** Disposes the driver (once) and unbinds everything. Idempotent. */
  dispose(): Promise<void>;
}

/** `true` when `value` looks like a {@link ContainerDriver} rather than a `ContainerModule`. */
function isContainerDriver(value: ContainerDriver | DiModule): value is ContainerDriver {
  return typeof (value as Partial<ContainerDriver>).createContainer === 'function';
}

/**
 * Builds an inversify container for the common case: binds the logger, clock, config and the driver
 * (from an instance or a driver module), optionally wrapped with `withResilience`, and resolves the driver.
 * To start from a `DriverConfig` (`{ kind, ...options, resilience }`), use `openBerth`.
 *
 * @example
 * ```ts
 * import { createBerth } from '@berth/core';
 * import { mockDriverModule } from '@berth/driver-mock';
 *
 * const berth = createBerth({ driver: mockDriverModule(), resilience: { retry: { maxRetries: 2 } } });
 * const c = await berth.driver.createContainer({ image: 'busybox', command: ['sleep', '60'] });
 * berth.driver.breakerState$.subscribe(console.log);
 * await berth.dispose();
 * ```
 */
export function createBerth(
  options: CreateBerthOptions & { resilience: ResiliencePolicy | true },
): Berth<ResilientDriver>;
export function createBerth(options: CreateBerthOptions): Berth;
export function createBerth(options: CreateBerthOptions): Berth {
  const container = new Container();
  container.bind(BERTH.Logger).toConstantValue(options.logger ?? silentLogger);
  container.bind(BERTH.Clock).toConstantValue(options.clock ?? systemClock);
  container.bind(BERTH.DriverConfig).toConstantValue(options.config ?? {});

  const policy = resiliencePolicyOf(options.resilience);
  if (policy !== undefined) {
    container.bind(BERTH.ResiliencePolicy).toConstantValue(policy);
  }
  const guard = (driver: ContainerDriver): ContainerDriver => applyResilience(driver, policy);

  if (isContainerDriver(options.driver)) {
    container
      .bind(BERTH.ContainerDriver)
      .toConstantValue(guard(options.driver))
      .onDeactivation((driver) => driver.dispose());
  } else {
    if (policy !== undefined) container.onActivation(BERTH.ContainerDriver, (_ctx, driver) => guard(driver));
    // A DiModule is inversify's ContainerModule (only the CommonJS declarations spell it structurally).
    container.load(options.driver as ContainerModule);
  }

  const driver = container.get(BERTH.ContainerDriver);
  let disposing: Promise<void> | undefined;
  return {
    container,
    driver,
    dispose: () => {
      disposing ??= container.unbindAllAsync();
      return disposing;
    },
  };
}
