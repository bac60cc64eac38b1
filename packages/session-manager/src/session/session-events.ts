import type { ExecResult } from '@berth/core';

/** Kinds of {@link SessionEvent}. */
export type SessionEventType =
  | 'created'
  | 'ready'
  | 'executing'
  | 'completed'
  | 'failed'
  | 'expired'
  | 'cleaned'
  | 'dead';

/**
 * Something that happened to a session, on `manager.events$`.
 *
 * - `created`: the container exists; `ready`: it answered the readiness probe (the session is usable);
 * - `executing` / `completed`: a run started / finished (`result` on completion);
 * - `failed`: creation or a run failed with `error`; `dead`: the container stopped running;
 * - `expired`: TTL or idle timeout passed (`reason`); `cleaned`: the container is removed.
 */
export interface SessionEvent {
  /** What happened. */
  type: SessionEventType;
  /** The session. */
  sessionId: string;
  /** Its container, once known. */
  containerId?: string;
  /** When it happened. */
  timestamp: Date;
  /** For `executing`/`completed`/`failed`: which kind of run (`executeCode`, `exec`, `execStream`, `runInContext`). */
  operation?: string;
  /** For `completed`: the run's result. */
  result?: ExecResult;
  /** For `failed`: the error. */
  error?: Error;
  /** For `expired`: `ttl` or `idle`; for `cleaned`: why (`cleanup`, `ttl`, `idle`, `dead`, `dispose` …). */
  reason?: string;
}
