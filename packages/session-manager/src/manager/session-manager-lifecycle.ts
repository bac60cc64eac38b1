import { type ContainerDriver, DriverUnavailableError } from '@berth/core';
import type { Subscription } from 'rxjs';
import { watchOwnedContainers } from '../lifecycle/index.js';
import type { ResolvedSessionManagerOptions } from '../options/index.js';
import { applyRecovery, planRecovery, type RecoveryReport } from '../recovery/index.js';
import { newSessionRecord } from '../registry/index.js';
import type { SessionManagerCollaborators } from './session-manager-collaborators.js';
import type { DisposeOptions } from './session-manager-types.js';

/** What a {@link SessionManagerLifecycle} needs. */
export interface SessionManagerLifecycleDeps {
  /** The backend. */
  driver: ContainerDriver;
  /** The manager's owner id. */
  ownerId: string;
  /** The manager's options. */
  options: Readonly<ResolvedSessionManagerOptions>;
  /** The parts it starts and stops. */
  parts: Omit<SessionManagerCollaborators, 'lifecycle' | 'access'>;
}

/**
 * A manager's start and end. {@link start} (once, retried after a failure) recovers containers —
 * {@link planRecovery}, then {@link applyRecovery} into the registry and pool — and starts the reaper, the
 * watch on the driver's events and the pool's filling; {@link dispose} stops them all and removes what the
 * manager made.
 *
 * @example
 * ```ts
 * const lifecycle = new SessionManagerLifecycle({ driver, ownerId, options, parts });
 * const report = await lifecycle.start();
 * await lifecycle.dispose({ keepSessions: false });
 * ```
 */
export class SessionManagerLifecycle {
  private startPromise: Promise<RecoveryReport> | undefined;
  private driverEvents: Subscription | undefined;
  private isStarted = false;
  private isDisposed = false;

  constructor(private readonly deps: SessionManagerLifecycleDeps) {}

  /** `true` once {@link start} succeeded (and until dispose). */
  get started(): boolean {
    return this.isStarted;
  }

  /** `true` from the moment {@link dispose} is called. */
  get disposed(): boolean {
    return this.isDisposed;
  }

  /** Starts once (a failed start is retried by the next call); rejects once disposed. */
  start(): Promise<RecoveryReport> {
    if (this.isDisposed) return Promise.reject(disposedError());
    if (this.startPromise === undefined) {
      this.startPromise = this.doStart();
      this.startPromise.then(
        () => {
          this.isStarted = !this.isDisposed;
        },
        () => {
          this.startPromise = undefined;
        },
      );
    }
    return this.startPromise;
  }

  /** Throws the "disposed" `DriverUnavailableError` once disposed. */
  assertNotDisposed(): void {
    if (this.isDisposed) throw disposedError();
  }

  /**
   * Stops the reaper and the event watch, fails slot waiters, waits for a start or reaper pass under way,
   * closes every context, cleans every session up (unless `keepSessions`), empties the pool and completes
   * the event stream. Once only.
   */
  async dispose(options: DisposeOptions): Promise<void> {
    if (this.isDisposed) return;
    const { reaper, slots, contexts, teardown, warmPool, registry } = this.deps.parts;
    this.isDisposed = true;
    this.isStarted = false;
    reaper.stop();
    this.driverEvents?.unsubscribe();
    slots.rejectAll(disposedError());
    await this.startPromise?.catch(() => undefined);
    await reaper.settled();
    await contexts.closeAll();
    if (options.keepSessions !== true) await teardown.cleanupAll('dispose');
    await warmPool.dispose();
    registry.complete();
  }

  private async doStart(): Promise<RecoveryReport> {
    const { driver, ownerId, options, parts } = this.deps;
    const { warmPool, registry, slots, reaper, teardown } = parts;
    const now = Date.now();
    const report = await applyRecovery(await planRecovery({ driver, ownerId, now }), {
      driver,
      now,
      timeoutMs: options.timeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      adoptPoolEntry: (entry) => warmPool.adopt(entry),
      hasSession: (sessionId) => registry.has(sessionId),
      adoptSession: (session) => {
        slots.force(); // adopted sessions count, even over the limit
        registry.add(newSessionRecord(session));
      },
    });
    if (this.isDisposed) return report;
    reaper.start();
    this.driverEvents = watchOwnedContainers(driver, ownerId, (containerId) => {
      if (!warmPool.forget(containerId)) teardown.containerGone(containerId);
    });
    void warmPool.fill();
    return report;
  }
}

function disposedError(): DriverUnavailableError {
  return new DriverUnavailableError('session manager is disposed; create a new one', { operation: 'sessionManager' });
}
