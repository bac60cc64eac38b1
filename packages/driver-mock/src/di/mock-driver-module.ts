import { createDriverModule } from '@berth/core';
import { MockDriver } from '../driver/mock-driver.js';
import type { MockDriverOptions } from '../driver/mock-driver-options.js';

/**
 * The module `createDriverModule` builds: inversify's `ContainerModule` in the ES-module declarations, core's
 * structural stand-in in the CommonJS ones (which a classic `"module": "commonjs"` project can read).
 */
type ContainerModule = ReturnType<typeof createDriverModule>;

/**
 * An Inversify `ContainerModule` binding `BERTH.ContainerDriver` to a singleton {@link MockDriver}
 * (disposed when the binding is removed). Options given here win over a bound `BERTH.DriverConfig`.
 *
 * @example
 * ```ts
 * const container = new Container();
 * container.load(mockDriverModule({ seed: 7 }));
 * const driver = container.get(BERTH.ContainerDriver); // a MockDriver
 * ```
 */
export function mockDriverModule(options: MockDriverOptions = {}): ContainerModule {
  return createDriverModule('mock', ({ config }) => new MockDriver({ ...(config as MockDriverOptions), ...options }));
}

/**
 * Builds a {@link MockDriver}: the 90% entry point for tests.
 *
 * @example
 * ```ts
 * const mock = createMockDriver({ seed: 42 });
 * ```
 */
export function createMockDriver(options: MockDriverOptions = {}): MockDriver {
  return new MockDriver(options);
}

declare module '@berth/core' {
  /** Registers the `mock` kind: `{ kind: 'mock', ...MockDriverOptions }` is a `DriverConfig`. */
  interface DriverConfigRegistry {
    /** The in-memory driver: `{ kind: 'mock', seed?, … }` (`MockDriver`'s options). */
    mock: MockDriverOptions;
  }
}
