import type { ContainerDriver } from '@berth/core';
import { SlotLimiter } from '../concurrency/index.js';
import { ContextRegistry } from '../context/index.js';
import { RunTracker } from '../exec/index.js';
import { SessionFactory } from '../factory/index.js';
import { removeQuietly, SessionReaper, SessionTeardown } from '../lifecycle/index.js';
import type { ResolvedSessionManagerOptions } from '../options/index.js';
import { SessionRegistry } from '../registry/index.js';
import { CodeRunners } from '../runner/index.js';
import { WarmPool } from '../warm-pool/index.js';
import { SessionAccess } from './session-access.js';
import { SessionManagerLifecycle } from './session-manager-lifecycle.js';

/** The named parts a `SessionManager` delegates to. */
export interface SessionManagerCollaborators {
  /** Live sessions by id, and the event stream. */
  registry: SessionRegistry;
  /** Open interpreter contexts. */
  contexts: ContextRegistry;
  /** The `maxSessions` slots. */
  slots: SlotLimiter;
  /** Warm containers per image. */
  warmPool: WarmPool;
  /** Makes sessions and pool containers. */
  factory: SessionFactory;
  /** Marks sessions dead and cleans them up. */
  teardown: SessionTeardown;
  /** Runs work in sessions as tracked runs. */
  runs: RunTracker;
  /** Expires sessions and keeps the pool fresh. */
  reaper: SessionReaper;
  /** Starts (recovery first) and disposes the manager. */
  lifecycle: SessionManagerLifecycle;
  /** Takes calls to a session: started, not disposed, alive; queued or at once. */
  access: SessionAccess;
}

/**
 * Builds a manager's collaborators, each given the others it needs: the one place they are wired.
 *
 * @example
 * ```ts
 * const parts = createSessionManagerCollaborators(driver, ownerId, options);
 * const report = await parts.lifecycle.start();
 * ```
 */
export function createSessionManagerCollaborators(
  driver: ContainerDriver,
  ownerId: string,
  options: Readonly<ResolvedSessionManagerOptions>,
): SessionManagerCollaborators {
  const registry = new SessionRegistry();
  const contexts = new ContextRegistry({ driver, readinessTimeoutMs: options.readinessTimeoutMs });
  const slots = new SlotLimiter(options.maxSessions);
  // Code runs go through a runner in the container on real drivers; the mock keeps the exec path its tests script.
  const runners = driver.name === 'mock' ? undefined : new CodeRunners({ driver });
  const warmPool: WarmPool = new WarmPool({
    sizes: options.warmPool,
    create: (image) => factory.createPoolContainer(image),
    remove: (entry) => {
      runners?.forget(entry.containerId);
      return removeQuietly(driver, entry.containerId);
    },
  });
  // Every session and pool container gets its code runner started beside its readiness probe.
  const factory = new SessionFactory({
    driver,
    ownerId,
    options,
    registry,
    warmPool,
    ...(runners === undefined ? {} : { onStarted: (id: string, env) => runners.prestart(id, env) }),
  });
  const teardown = new SessionTeardown({ driver, registry, contexts, slots });
  if (runners !== undefined) {
    registry.events$.subscribe((event) => {
      if (event.containerId === undefined) return;
      const gone = event.type === 'cleaned' || event.type === 'dead';
      if (gone || (event.type === 'failed' && event.operation === undefined)) runners.forget(event.containerId);
    });
  }
  const runs = new RunTracker({
    driver,
    registry,
    markDead: (rec) => teardown.markDead(rec),
    ...(runners === undefined ? {} : { runners }),
  });
  const reaper: SessionReaper = new SessionReaper({
    registry,
    teardown,
    warmPool,
    intervalMs: options.reapIntervalMs,
    active: (): boolean => !lifecycle.disposed,
  });
  const parts: Omit<SessionManagerCollaborators, 'lifecycle' | 'access'> = {
    registry,
    contexts,
    slots,
    warmPool,
    factory,
    teardown,
    runs,
    reaper,
  };
  const lifecycle: SessionManagerLifecycle = new SessionManagerLifecycle({ driver, ownerId, options, parts });
  const access = new SessionAccess({ lifecycle, registry, runs });
  return { ...parts, lifecycle, access };
}
