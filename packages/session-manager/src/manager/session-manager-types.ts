import type { ExecSpec } from '@berth/core';

export type { RunInContextOptions } from '../context/index.js';

/** A command for `SessionManager.exec` / `execStream` (the session's env is added under `env`). */
export type SessionExecSpec = ExecSpec;

/** Options of `dispose`. */
export interface DisposeOptions {
  /**
   * Leave session containers running so a manager with the same `ownerId` can adopt them.
   * Default: `false` — every session is cleaned up. Pool containers are always removed.
   */
  keepSessions?: boolean;
}
