import type { Session } from './session.js';

/** Fields of a {@link Session} that {@link buildSession} can default. */
type DefaultedSessionField = 'lastActivityAt' | 'env' | 'labels' | 'resources' | 'adopted' | 'capabilities';

/**
 * What {@link buildSession} needs: a {@link Session}'s fields, where `lastActivityAt` defaults to `createdAt`,
 * `env`, `labels`, `resources` and `capabilities` to none (they are copied) and `adopted` to `false`.
 */
export type SessionInit = Omit<Session, DefaultedSessionField> & Partial<Pick<Session, DefaultedSessionField>>;

/**
 * The one place a {@link Session} is put together (new, from the pool, or adopted by recovery); maps
 * are copied so the caller's objects are never shared.
 *
 * @example
 * ```ts
 * const s = buildSession({ id, containerId: '', status: 'creating', agentType: 'python', image, createdAt: now,
 *   expiresAt, idleTimeoutMs: 900_000, fromWarmPool: false, driver: 'mock' });
 * ```
 */
export function buildSession(init: SessionInit): Session {
  return {
    id: init.id,
    containerId: init.containerId,
    status: init.status,
    agentType: init.agentType,
    capabilities: [...(init.capabilities ?? [])],
    image: init.image,
    createdAt: init.createdAt,
    expiresAt: init.expiresAt,
    lastActivityAt: init.lastActivityAt ?? init.createdAt,
    idleTimeoutMs: init.idleTimeoutMs,
    env: { ...(init.env ?? {}) },
    labels: { ...(init.labels ?? {}) },
    resources: { ...(init.resources ?? {}) },
    fromWarmPool: init.fromWarmPool,
    adopted: init.adopted ?? false,
    driver: init.driver,
  };
}
