import type { ResourceLimits } from '@berth/core';

/**
 * Where a session is in its life:
 * `creating → ready ⇄ busy → (expired) → cleaned`, or `dead` when its container stopped running, or
 * `failed` when creation failed.
 */
export type SessionStatus = 'creating' | 'ready' | 'busy' | 'dead' | 'failed' | 'expired' | 'cleaned';

/**
 * An agent session: one running container plus the manager's bookkeeping. Returned as a snapshot;
 * call `getSession` again for fresh values.
 */
export interface Session {
  /** Session id (also the container's `berth.session` label). */
  id: string;
  /** The container running the session. */
  containerId: string;
  /** Current status. */
  status: SessionStatus;
  /** Agent type given at creation (e.g. `python`, `coder`). */
  agentType: string;
  /** Image of the container. */
  image: string;
  /** When the session was created (taken from the pool, for pooled sessions). */
  createdAt: Date;
  /** When the session will be reaped, however active it is (creation + `timeoutMs`). */
  expiresAt: Date;
  /** Last time a call used the session; idle sessions are reaped after `idleTimeoutMs`. */
  lastActivityAt: Date;
  /** Idle timeout of this session, in ms. */
  idleTimeoutMs: number;
  /** Environment added to every command run in the session. */
  env: Record<string, string>;
  /** The session's own labels (besides the manager's and `berth.*`). */
  labels: Record<string, string>;
  /** Resource limits of its container. */
  resources: ResourceLimits;
  /** `true` when the container came from the warm pool. */
  pooled: boolean;
  /** `true` when a manager adopted the session after a restart. */
  adopted: boolean;
  /** Name of the driver that runs it. */
  driver: string;
}

/**
 * What `createSession` should create. Only `agentType` is required.
 *
 * @example
 * ```ts
 * const opts: CreateSessionOptions = { agentType: 'python', env: { MODE: 'demo' }, timeoutMs: 600_000 };
 * ```
 */
export interface CreateSessionOptions {
  /** Kind of agent; chooses the default image (`images[agentType] ?? images.default`). */
  agentType: string;
  /** Image override. */
  image?: string;
  /**
   * Linux capabilities to add back (everything else stays dropped, no-new-privileges stays on),
   * e.g. `['NET_BIND_SERVICE']`. Default: none. A session with capabilities never uses the warm pool.
   */
  capabilities?: string[];
  /** Resource limits; default: the manager's `resources`. */
  resources?: ResourceLimits;
  /** Environment added to every command run in the session. */
  env?: Record<string, string>;
  /** Time-to-live from creation, in ms; default: the manager's `timeoutMs`. */
  timeoutMs?: number;
  /** Idle timeout in ms; default: the manager's `idleTimeoutMs`. */
  idleTimeoutMs?: number;
  /** Extra labels on the container (not `berth.*`). A session with its own labels never uses the warm pool. */
  labels?: Record<string, string>;
}

/** How `createSession` behaves when `maxSessions` is reached. */
export interface CreateSessionWaitOptions {
  /**
   * Wait up to this many ms for a free slot (first come, first served), then throw `SessionLimitError`.
   * Default: 0 — throw at once.
   */
  waitMs?: number;
  /** Abort the wait and the creation. */
  signal?: AbortSignal;
}
