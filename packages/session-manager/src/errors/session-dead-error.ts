import { BerthError, type BerthErrorOptions } from '@berth/core';

/**
 * The session's container is no longer running (it exited, was killed or removed behind the manager's
 * back). The session is marked `dead`; clean it up with `cleanupSession` and create a new one.
 *
 * @example
 * ```ts
 * try { await manager.executeCode(id, { language: 'python', code: 'print(1)' }); }
 * catch (err) { if (SessionDeadError.is(err)) await manager.cleanupSession(id); }
 * ```
 */
export class SessionDeadError extends BerthError {
  /** Stable code of this error class: `BERTH_SESSION_DEAD`. */
  static override readonly code: string = 'BERTH_SESSION_DEAD';
  /** The dead session. */
  readonly sessionId: string;

  /**
   * @param sessionId - the session whose container died.
   * @param options - container and cause.
   */
  constructor(sessionId: string, options: BerthErrorOptions = {}) {
    super(
      `Session ${sessionId} is dead: its container is no longer running; clean it up and create a new session`,
      options,
    );
    this.sessionId = sessionId;
  }

  protected override details(): Record<string, unknown> {
    return { sessionId: this.sessionId };
  }
}
