import type { ExecSpec } from '@berth/core';
import type { ContextLanguage } from '../context/index.js';
import type { SessionStatus } from '../session/index.js';

/** An open stateful interpreter context. */
export interface SessionContextInfo {
  /** Context id for `runInContext` / `closeContext`. */
  id: string;
  /** The session it runs in. */
  sessionId: string;
  /** Its language. */
  language: ContextLanguage;
}

/** Options of `runInContext`. */
export interface RunInContextOptions {
  /** Kill the run after this many ms; the interpreter restarts and its state is lost. Default: `codeTimeoutMs`. */
  timeoutMs?: number;
}

/** A command for `SessionManager.exec` / `execStream` (the session's env is added under `env`). */
export type SessionExecSpec = ExecSpec;

/** Filter of `listSessions`. */
export interface SessionFilter {
  /** Only this agent type. */
  agentType?: string;
  /** Only these statuses. */
  status?: SessionStatus | SessionStatus[];
}

/** What `start()` found and did. */
export interface RecoveryReport {
  /** Sessions adopted (this owner id, after a restart). */
  adopted: string[];
  /** Idle pool containers adopted back into the pool. */
  pooled: string[];
  /** Containers removed, with the reason. */
  reaped: { containerId: string; sessionId: string | null; reason: string }[];
}

/** Options of `dispose`. */
export interface DisposeOptions {
  /**
   * Leave session containers running so a manager with the same `ownerId` can adopt them.
   * Default: `false` — every session is cleaned up. Pool containers are always removed.
   */
  keepSessions?: boolean;
}
