import { type ContainerDriver, ContainerNotFoundError, settleLimited } from '@berth/core';
import type { SlotLimiter } from '../concurrency/index.js';
import type { ContextRegistry } from '../context/index.js';
import type { SessionRecord, SessionRegistry } from '../registry/index.js';

/**
 * Sessions cleaned up at once by dispose and by a reaper pass: each removes a container, and 1,000 removals started
 * together (a manager with 1,000 local sandboxes disposed) drove a 2-core host's load average to 400.
 */
export const CLEANUP_CONCURRENCY = 16;

/** What a {@link SessionTeardown} needs. */
export interface SessionTeardownDeps {
  /** The driver whose containers it removes. */
  driver: ContainerDriver;
  /** The live sessions and their events. */
  registry: SessionRegistry;
  /** The open interpreter contexts. */
  contexts: ContextRegistry;
  /** The session slots (a cleaned session frees one). */
  slots: SlotLimiter;
}

/**
 * How sessions end: marked dead when their container stopped, cleaned up (contexts closed, container
 * removed, log completed, slot freed) on request, expiry or dispose.
 *
 * @example
 * ```ts
 * const teardown = new SessionTeardown({ driver, registry, contexts, slots });
 * await teardown.cleanup(registry.require(id), 'cleanup');
 * ```
 */
export class SessionTeardown {
  constructor(private readonly deps: SessionTeardownDeps) {}

  /** Marks the session dead (its container is not running) and closes its contexts; once only. */
  markDead(rec: SessionRecord): void {
    const s = rec.session;
    if (s.status === 'dead' || s.status === 'cleaned' || s.status === 'creating') return;
    s.status = 'dead';
    this.deps.registry.emit('dead', rec);
    void this.deps.contexts.closeSession(s.id);
  }

  /** Marks dead every session whose container `containerId` stopped or went away (not those being cleaned up). */
  containerGone(containerId: string): void {
    for (const rec of this.deps.registry.withContainer(containerId)) {
      if (rec.cleaning === undefined) this.markDead(rec);
    }
  }

  /**
   * Cleans the session up: closes its contexts, removes its container (already gone is fine), unregisters
   * it, emits `cleaned` with `reason`, completes its log and frees its slot. Concurrent calls share one
   * clean-up; a failed removal rejects and may be retried.
   */
  cleanup(rec: SessionRecord, reason: string): Promise<void> {
    if (rec.cleaning === undefined) {
      rec.cleaning = (async () => {
        const { driver, registry, contexts, slots } = this.deps;
        await contexts.closeSession(rec.session.id);
        try {
          await driver.removeContainer(rec.session.containerId, { force: true });
        } catch (err) {
          if (!ContainerNotFoundError.is(err)) {
            rec.cleaning = undefined;
            throw err;
          }
        }
        registry.delete(rec.session.id);
        rec.session.status = 'cleaned';
        registry.emit('cleaned', rec, { reason });
        rec.logs.complete();
        slots.release();
      })();
    }
    return rec.cleaning;
  }

  /** Cleans up every registered session; resolves with how many were cleaned. */
  async cleanupAll(reason: string): Promise<number> {
    const results = await settleLimited(this.deps.registry.all(), CLEANUP_CONCURRENCY, (rec) =>
      this.cleanup(rec, reason),
    );
    return results.filter((r) => r.status === 'fulfilled').length;
  }
}
