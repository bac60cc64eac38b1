import { createDriverModule } from '@berth/core';
import type { LocalDriverOptions } from '../config/index.js';
import { LocalDriver } from '../local-driver.js';

/** The keys of `BERTH.DriverConfig` the local driver reads (explicit `options` win). */
const CONFIG_KEYS = ['home', 'cgroups', 'pollIntervalMs', 'isolation', 'requireIsolation', 'seccomp'] as const;

/**
 * Inversify module binding `BERTH.ContainerDriver` to a singleton {@link LocalDriver}. Options come from
 * `options`, then from the bound `BERTH.DriverConfig` (`home`, `cgroups`, `pollIntervalMs`, `isolation`,
 * `requireIsolation`, `seccomp`); invalid ones
 * throw `ValidationError` when the driver is first resolved.
 *
 * @example
 * ```ts
 * const container = new Container();
 * container.load(localDriverModule({ home: '/var/lib/berth' }));
 * const driver = container.get(BERTH.ContainerDriver);
 * ```
 */
export function localDriverModule(options: LocalDriverOptions = {}): ReturnType<typeof createDriverModule> {
  return createDriverModule('local', ({ config }) => {
    const fromConfig: Record<string, unknown> = {};
    for (const key of CONFIG_KEYS) if (config[key] !== undefined) fromConfig[key] = config[key];
    return new LocalDriver({ ...fromConfig, ...options } as LocalDriverOptions);
  });
}

declare module '@berth/core' {
  /** Registers the `local` kind: `{ kind: 'local', ...LocalDriverOptions }` is a `DriverConfig`. */
  interface DriverConfigRegistry {
    /** Host processes: `{ kind: 'local', home?, … }` (`LocalDriver`'s options). */
    local: LocalDriverOptions;
  }
}
