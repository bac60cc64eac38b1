import { settleLimited } from '@berth/core';
import { expiryDeadline, type SessionRecord, type SessionRegistry } from '../registry/index.js';
import type { WarmPool } from '../warm-pool/index.js';
import { CLEANUP_CONCURRENCY, type SessionTeardown } from './session-teardown.js';

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
  /** The clock of a pass, ms since the epoch. Default: `Date.now`. */
  now?: () => number;
}

/**
 * Why `rec`'s session expires at `now` — past its TTL, or idle (not busy, nothing queued) for its idle
 * timeout — or `undefined` when it does not (or is being created or cleaned up, which are skipped).
 *
 * @example
 * ```ts
 * if (expiryReason(rec, Date.now()) === 'idle') console.log(rec.session.id, 'idle');
 * ```
 */
export function expiryReason(rec: SessionRecord, now: number): ExpiryReason | undefined {
  const s = rec.session;
  if (rec.cleaning !== undefined || s.status === 'creating') return undefined;
  if (now >= s.expiresAt.getTime()) return 'ttl';
  if (s.status !== 'busy' && rec.queue.size === 0 && now - s.lastActivityAt.getTime() >= s.idleTimeoutMs) return 'idle';
  return undefined;
}

/**
 * When the reaper must look at `rec` again after looking at it at `now`: the earlier of its TTL and its idle
 * deadline (last activity + idle timeout), or `now` — the next pass — once that has passed (a session busy past
 * its idle deadline, being created or cleaned up, or expiring and maybe failing its clean-up). Neither deadline
 * ever moves earlier (the TTL is fixed, activity only moves forward), so a session is never expired later than
 * a scan of every session would.
 *
 * @example
 * ```ts
 * registry.expiry.arm(rec, nextCheckAt(rec, Date.now()));
 * ```
 */
export function nextCheckAt(rec: SessionRecord, now: number): number {
  const at = expiryDeadline(rec);
  // biome-ignore lint/complexity/useMathMinMax: an invalid Date's NaN must give now; Math.max would give NaN
  return at > now ? at : now;
}

/**
 * The sessions to expire at `now`, with the reason (see {@link expiryReason}), in `records`' order.
 *
 * @example
 * ```ts
 * for (const [rec, reason] of expiringSessions(registry.all(), Date.now())) console.log(rec.session.id, reason);
 * ```
 */
export function expiringSessions(records: Iterable<SessionRecord>, now: number): [SessionRecord, ExpiryReason][] {
  const expiring: [SessionRecord, ExpiryReason][] = [];
  for (const rec of records) {
    const reason = expiryReason(rec, now);
    if (reason !== undefined) expiring.push([rec, reason]);
  }
  return expiring;
}

/**
 * The sessions of `registry` to expire at `now`: only the records its {@link SessionRegistry.expiry} index has due
 * (not every live session), each armed again at {@link nextCheckAt} before this returns.
 *
 * @example
 * ```ts
 * for (const [rec, reason] of dueExpiries(registry, Date.now())) console.log(rec.session.id, reason);
 * ```
 */
export function dueExpiries(registry: SessionRegistry, now: number): [SessionRecord, ExpiryReason][] {
  const expiring: [SessionRecord, ExpiryReason][] = [];
  for (const rec of registry.expiry.due(now)) {
    const reason = expiryReason(rec, now);
    if (reason !== undefined) expiring.push([rec, reason]);
    registry.expiry.arm(rec, nextCheckAt(rec, now));
  }
  return expiring;
}

/**
 * Expires sessions past their TTL or idle timeout and keeps the warm pool fresh and full, on an
 * `unref()`ed interval (never keeps the process alive) or on demand; overlapping passes share one. A pass looks
 * only at the sessions due by the registry's expiry index ({@link dueExpiries}), so its cost does not grow with
 * the number of live sessions.
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
    const now = (this.deps.now ?? Date.now)();
    const due = dueExpiries(registry, now);
    for (const [rec, reason] of due) {
      rec.session.status = 'expired';
      registry.emit('expired', rec, { reason });
    }
    await settleLimited(due, CLEANUP_CONCURRENCY, ([rec, reason]) => teardown.cleanup(rec, reason));
    await warmPool.prune(now);
    if (this.deps.active()) await warmPool.fill();
  }
}
