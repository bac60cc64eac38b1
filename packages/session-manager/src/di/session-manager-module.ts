import { BERTH, type DiModule, type DiToken } from '@berth/core';
import { ContainerModule } from '@berth/core/inversify';
import { SessionManager } from '../manager/index.js';
import { resolveSessionManagerOptions, type SessionManagerOptions } from '../options/index.js';

/** `BERTH.SessionManager`, typed: `container.get(SESSION_MANAGER)` is a {@link SessionManager}. */
export const SESSION_MANAGER = BERTH.SessionManager as unknown as DiToken<SessionManager>;

/** `BERTH.SessionManagerOptions`, typed. */
export const SESSION_MANAGER_OPTIONS = BERTH.SessionManagerOptions as unknown as DiToken<SessionManagerOptions>;

/**
 * A DI module (core's `DiModule`: inversify's `ContainerModule`; the CommonJS declarations spell it with Berth's
 * own structural type, so a classic `"module": "commonjs"` project can read them) binding a singleton {@link SessionManager} (on the container's
 * `BERTH.ContainerDriver`) to `BERTH.SessionManager`, and `options` to `BERTH.SessionManagerOptions`.
 * Options are validated now (`ValidationError`); unbinding the manager disposes it (not the driver).
 *
 * @example
 * ```ts
 * import { createBerth } from '@berth/core';
 * import { mockDriverModule } from '@berth/driver-mock';
 * import { SESSION_MANAGER, sessionManagerModule } from '@berth/session-manager';
 *
 * const berth = createBerth({ driver: mockDriverModule() });
 * berth.container.load(sessionManagerModule({ maxSessions: 4 }));
 * const manager = berth.container.get(SESSION_MANAGER);
 * ```
 */
export function sessionManagerModule(options: SessionManagerOptions = {}): DiModule {
  resolveSessionManagerOptions(options, '');
  return new ContainerModule(({ bind }) => {
    bind(SESSION_MANAGER_OPTIONS).toConstantValue(options);
    bind(SESSION_MANAGER)
      .toDynamicValue((ctx) => new SessionManager(ctx.get(BERTH.ContainerDriver), ctx.get(SESSION_MANAGER_OPTIONS)))
      .inSingletonScope()
      .onDeactivation((manager) => manager.dispose());
  });
}
