import type { SessionRecord, SessionRegistry } from '../registry/index.js';
import type { WarmPool } from '../warm-pool/index.js';
import type { SessionTeardown } from './session-teardown.js';

/** Why a session expires. */
export type ExpiryReason = 'ttl' | 'idle';

/** What a {@link SessionReaper} needs. */
export interface SessionReaperDeps {
  /** The live sessions. */
  registry: SessionRegistry;
  /** Cleans expired sessions up. */
  teardown: SessionTeardown;
  /** The warm pool, pruned and topped up on every pass. */
  warmPool: WarmPool;
  /** Period of the interval in ms. */
  intervalMs: number;
  /** `false` once the manager is disposed (the pool is not refilled then). */
  active(): boolean;
}

/**
 * The sessions to expire at `now`, with the reason: past their TTL, or idle (not busy, nothing queued)
 * for their idle timeout. Sessions being created or cleaned up are skipped.
 *
 * @example
 * ```ts
 * for (const [rec, reason] of expiringSessions(registry.all(), Date.now())) console.log(rec.session.id, reason);
 * ```
 */
export function expiringSessions(records: Iterable<SessionRecord>, now: number): [SessionRecord, ExpiryReason][] {
  const expiring: [SessionRecord, ExpiryReason][] = [];
  for (const rec of records) {
    const s = rec.session;
    if (rec.cleaning !== undefined || s.status === 'creating') continue;
    if (now >= s.expiresAt.getTime()) expiring.push([rec, 'ttl']);
    else if (s.status !== 'busy' && rec.queue.size === 0 && now - s.lastActivityAt.getTime() >= s.idleTimeoutMs)
      expiring.push([rec, 'idle']);
  }
  return expiring;
}

/**
 * Expires sessions past their TTL or idle timeout and keeps the warm pool fresh and full, on an
 * `unref()`ed interval (never keeps the process alive) or on demand; overlapping passes share one.
 *
 * @example
 * ```ts
 * const reaper = new SessionReaper({ registry, teardown, pool, intervalMs: 10_000, active: () => true });
 * reaper.start();
 * await reaper.reap();
 * reaper.stop();
 * ```
 */
export class SessionReaper {
  private timer: ReturnType<typeof setInterval> | undefined;
  private pass: Promise<void> | undefined;

  constructor(private readonly deps: SessionReaperDeps) {}

  /** Starts the interval (errors of a pass are dropped; the next pass retries). */
  start(): void {
    this.timer = setInterval(() => void this.reap().catch(() => undefined), this.deps.intervalMs);
    this.timer.unref?.();
  }

  /** Stops the interval; a pass under way goes on (see {@link settled}). */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass, or the one under way. */
  reap(): Promise<void> {
    if (this.pass === undefined) {
      this.pass = this.reapOnce().finally(() => {
        this.pass = undefined;
      });
    }
    return this.pass;
  }

  /** Resolves once the pass under way (if any) is over, whether it failed or not. */
  async settled(): Promise<void> {
    await this.pass?.catch(() => undefined);
  }

  private async reapOnce(): Promise<void> {
    const { registry, teardown, warmPool } = this.deps;
    const now = Date.now();
    await Promise.all(
      expiringSessions(registry.all(), now).map(async ([rec, reason]) => {
        rec.session.status = 'expired';
        registry.emit('expired', rec, { reason });
        await teardown.cleanup(rec, reason).catch(() => undefined);
      }),
    );
    await warmPool.prune(now);
    if (this.deps.active()) await warmPool.fill();
  }
}
