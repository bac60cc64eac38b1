import type { ContainerDriver } from '@berth/core';
import type { Session } from '../session/index.js';

/**
 * What a pooled session writes into its container when it is taken from the pool, because labels
 * cannot change after creation: the session's real agent type and lifetimes. Read back by recovery.
 */
export interface SessionMarker {
  /** The session id (same as the container's `berth.session` label). */
  sessionId: string;
  /** Agent type of the session. */
  agentType: string;
  /** ISO time the session started. */
  createdAt: string;
  /** ISO time the session expires. */
  expiresAt: string;
  /** Idle timeout in ms. */
  idleTimeoutMs: number;
}

/**
 * Path of the marker file, relative to the container's working directory (the manager's `workDir`):
 * relative paths mean the same place to `putFiles` and to processes on every driver, including `local`.
 */
export const MARKER_FILE = '.berth-session.json';

/** Reads the marker of a pool container, or `null` when there is none (an untaken pool container). */
export async function readSessionMarker(driver: ContainerDriver, containerId: string): Promise<SessionMarker | null> {
  try {
    const raw: unknown = JSON.parse(new TextDecoder().decode(await driver.getFile(containerId, MARKER_FILE)));
    if (typeof raw !== 'object' || raw === null) return null;
    const m = raw as Partial<SessionMarker>;
    if (typeof m.sessionId !== 'string' || typeof m.expiresAt !== 'string' || typeof m.agentType !== 'string')
      return null;
    return {
      sessionId: m.sessionId,
      agentType: m.agentType,
      createdAt: typeof m.createdAt === 'string' ? m.createdAt : m.expiresAt,
      expiresAt: m.expiresAt,
      idleTimeoutMs: typeof m.idleTimeoutMs === 'number' ? m.idleTimeoutMs : 0,
    };
  } catch {
    return null;
  }
}

/**
 * The marker of a session taken from the pool: its real agent type and lifetimes.
 *
 * @example
 * ```ts
 * await writeSessionMarker(driver, session.containerId, sessionMarker(session));
 * ```
 */
export function sessionMarker(
  session: Pick<Session, 'id' | 'agentType' | 'createdAt' | 'expiresAt' | 'idleTimeoutMs'>,
): SessionMarker {
  return {
    sessionId: session.id,
    agentType: session.agentType,
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    idleTimeoutMs: session.idleTimeoutMs,
  };
}

/** Writes `marker` to {@link MARKER_FILE} in the container (read back by {@link readSessionMarker}). */
export async function writeSessionMarker(
  driver: ContainerDriver,
  containerId: string,
  marker: SessionMarker,
): Promise<void> {
  await driver.putFiles(containerId, [{ path: MARKER_FILE, content: JSON.stringify(marker) }]);
}
