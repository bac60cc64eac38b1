import type { ContainerDriver } from '../contract/container-driver.js';
import type { ResiliencePolicy } from '../resilience/resilience-policy.js';
import type { BerthLogger } from './berth-logger.js';
import type { Clock } from './clock.js';
import type { DiToken as ServiceIdentifier } from './di-types.js';
import type { DriverSettings } from './driver-config.js';

/**
 * Inversify tokens of Berth's services, typed so `container.get(BERTH.ContainerDriver)` is a
 * `ContainerDriver`. Symbols are registered (`Symbol.for`), so two copies of `@berth/core` agree.
 *
 * - `ContainerDriver`: the driver (bound by a driver module, e.g. `mockDriverModule()`, or by `createBerth`).
 * - `DriverConfig`: the driver's own options ({@link DriverSettings}) for the driver module's factory. Optional;
 *   default `{}`.
 * - `Logger`: a {@link BerthLogger}. Optional; default {@link silentLogger}.
 * - `ResiliencePolicy`: the policy `createBerth` applied with `withResilience`, when it did.
 * - `Clock`: the time source. Optional; default {@link systemClock}.
 * - `SessionManager`, `SessionManagerOptions`: bound by `@berth/session-manager`, which exports typed
 *   aliases of these tokens (core cannot name its types without depending upward).
 *
 * @example
 * ```ts
 * const container = new Container();
 * container.bind(BERTH.Logger).toConstantValue(pino());
 * container.load(mockDriverModule());
 * const driver = container.get(BERTH.ContainerDriver);
 * ```
 */
export const BERTH = Object.freeze({
  ContainerDriver: Symbol.for('berth.ContainerDriver') as ServiceIdentifier<ContainerDriver>,
  DriverConfig: Symbol.for('berth.DriverConfig') as ServiceIdentifier<DriverSettings>,
  Logger: Symbol.for('berth.Logger') as ServiceIdentifier<BerthLogger>,
  ResiliencePolicy: Symbol.for('berth.ResiliencePolicy') as ServiceIdentifier<ResiliencePolicy>,
  Clock: Symbol.for('berth.Clock') as ServiceIdentifier<Clock>,
  SessionManager: Symbol.for('berth.SessionManager') as ServiceIdentifier<object>,
  SessionManagerOptions: Symbol.for('berth.SessionManagerOptions') as ServiceIdentifier<object>,
});
