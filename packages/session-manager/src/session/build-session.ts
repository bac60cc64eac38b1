import type { ResourceLimits } from '@berth/core';
import type { Session, SessionStatus } from './session.js';

/** What {@link buildSession} needs: a {@link Session}'s fields, with defaults for some. */
export interface SessionInit {
  /** Session id. */
  id: string;
  /** Container id (`''` until the container exists). */
  containerId: string;
  /** Initial status. */
  status: SessionStatus;
  /** Agent type. */
  agentType: string;
  /** Image of the container. */
  image: string;
  /** When the session started. */
  createdAt: Date;
  /** When it expires. */
  expiresAt: Date;
  /** Last activity. Default: `createdAt`. */
  lastActivityAt?: Date;
  /** Idle timeout in ms. */
  idleTimeoutMs: number;
  /** Environment of its runs (copied). Default: none. */
  env?: Record<string, string>;
  /** Its own labels (copied). Default: none. */
  labels?: Record<string, string>;
  /** Resource limits of its container (copied). Default: none. */
  resources?: ResourceLimits;
  /** Taken from the warm pool. */
  pooled: boolean;
  /** Adopted by recovery. Default: `false`. */
  adopted?: boolean;
  /** `driver.name`. */
  driver: string;
}

/**
 * The one place a {@link Session} is put together (new, from the pool, or adopted by recovery); maps
 * are copied so the caller's objects are never shared.
 *
 * @example
 * ```ts
 * const s = buildSession({ id, containerId: '', status: 'creating', agentType: 'python', image, createdAt: now,
 *   expiresAt, idleTimeoutMs: 900_000, pooled: false, driver: 'mock' });
 * ```
 */
export function buildSession(init: SessionInit): Session {
  return {
    id: init.id,
    containerId: init.containerId,
    status: init.status,
    agentType: init.agentType,
    image: init.image,
    createdAt: init.createdAt,
    expiresAt: init.expiresAt,
    lastActivityAt: init.lastActivityAt ?? init.createdAt,
    idleTimeoutMs: init.idleTimeoutMs,
    env: { ...(init.env ?? {}) },
    labels: { ...(init.labels ?? {}) },
    resources: { ...(init.resources ?? {}) },
    pooled: init.pooled,
    adopted: init.adopted ?? false,
    driver: init.driver,
  };
}
