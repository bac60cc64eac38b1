import type { RunTracker } from '../exec/index.js';
import type { RecoveryReport } from '../recovery/index.js';
import { assertAlive, type SessionRecord, type SessionRegistry, touch } from '../registry/index.js';
import type { SessionManagerLifecycle } from './session-manager-lifecycle.js';

/** What a {@link SessionAccess} needs. */
export interface SessionAccessDeps {
  /** Starts the manager lazily; says whether it is started or disposed. */
  lifecycle: Pick<SessionManagerLifecycle, 'started' | 'start' | 'assertNotDisposed'>;
  /** The live sessions. */
  registry: SessionRegistry;
  /** Classifies failures of direct calls. */
  runs: Pick<RunTracker, 'classifyFailure'>;
}

/**
 * How a manager call reaches a session: the manager started (lazily) and not disposed, the session alive,
 * then the work either queued as the session's next run or done at once (file operations).
 *
 * @example
 * ```ts
 * const access = new SessionAccess({ lifecycle, registry, runs });
 * const result = await access.queued(sessionId, (rec) => runs.track(rec, 'exec', () => runs.stream(rec, spec)));
 * ```
 */
export class SessionAccess {
  constructor(private readonly deps: SessionAccessDeps) {}

  /**
   * Queues `work` as the next run of a session (`sessionId`, or the record `target` finds once started),
   * checked alive again when its turn comes. Once the manager is started nothing is awaited before the
   * work is queued, so runs queue in call order.
   */
  async queued<T>(target: string | (() => SessionRecord), work: (rec: SessionRecord) => Promise<T>): Promise<T> {
    if (!this.deps.lifecycle.started) await this.start();
    const rec = typeof target === 'string' ? this.live(target) : target();
    return rec.queue.run(async () => {
      assertAlive(rec);
      return work(rec);
    });
  }

  /** Runs `work` on the session's container at once (not queued), counting as activity, classifying a failure. */
  async direct<T>(sessionId: string, work: (containerId: string) => Promise<T>): Promise<T> {
    await this.start();
    const rec = this.live(sessionId);
    touch(rec);
    try {
      return await work(rec.session.containerId);
    } catch (err) {
      throw await this.deps.runs.classifyFailure(rec, err);
    }
  }

  /** The record of a session that can run (see {@link SessionRegistry.live}); the manager must not be disposed. */
  live(sessionId: string): SessionRecord {
    this.deps.lifecycle.assertNotDisposed();
    return this.deps.registry.live(sessionId);
  }

  private start(): Promise<RecoveryReport> {
    return this.deps.lifecycle.start();
  }
}
