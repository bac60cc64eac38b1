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
  /** Agent capabilities given at creation (languages, tools: `['python', 'javascript']`); `[]` when none. */
  capabilities: string[];
  /** Image of the container. */
  image: string;
  /** When the session was created (taken from the warm pool, for sessions from it). */
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
  fromWarmPool: boolean;
  /** `true` when a manager adopted the session after a restart. */
  adopted: boolean;
  /** Name of the driver that runs it. */
  driver: string;
}

/** Security options of a session container. */
export interface SessionSecurityOptions {
  /** Linux capabilities. Every capability is dropped; `add` gives some back. */
  capabilities?: {
    /**
     * Linux capabilities to add back (everything else stays dropped, no-new-privileges stays on),
     * e.g. `['NET_BIND_SERVICE']`. Default: none. A session with Linux capabilities never uses the warm pool.
     */
    add?: string[];
  };
}

/**
 * What `createSession` should create. Only `agentType` is required.
 *
 * The seed's spelling (`@openagent/session-manager`) is accepted beside Berth's and normalised by
 * `validateCreateSessionOptions`: `resourceRequirements` for `resources` (`memory`/`disk` in MiB as `memoryMb`/
 * `diskMb`), `timeout` for `timeoutMs`. `capabilities` means what the seed means: agent capabilities (languages and
 * tools); Linux capabilities go under `security.capabilities.add`.
 *
 * @example
 * ```ts
 * const opts: CreateSessionOptions = { agentType: 'python', env: { MODE: 'demo' }, timeoutMs: 600_000 };
 * const seed: CreateSessionOptions = {
 *   agentType: 'code-executor',
 *   capabilities: ['python', 'javascript'],
 *   resourceRequirements: { cpu: 2, memory: 4096, disk: 10240 },
 *   timeout: 300000,
 * };
 * ```
 */
export interface CreateSessionOptions {
  /** Kind of agent; chooses the default image (see {@link chooseSessionImage}). */
  agentType: string;
  /** Image override. */
  image?: string;
  /**
   * Agent capabilities: languages and tools the agent needs (`['python', 'javascript']`), each a word like an agent
   * type. Kept on the container as the `berth.capabilities` label and in {@link Session.capabilities}, and used to
   * choose the image when `agentType` has none (the first capability with an entry in `images`). A session with
   * capabilities never uses the warm pool (pool containers cannot carry its label). Not Linux capabilities: those
   * are `security.capabilities.add`.
   */
  capabilities?: string[];
  /** Linux capabilities and other security options of the session container. */
  security?: SessionSecurityOptions;
  /** Resource limits; default: the manager's `resources`. */
  resources?: ResourceLimits;
  /** Seed spelling of {@link CreateSessionOptions.resources}; normalised to it. Give one of the two. */
  resourceRequirements?: ResourceLimits;
  /** Environment added to every command run in the session. */
  env?: Record<string, string>;
  /** Time-to-live from creation, in ms; default: the manager's `timeoutMs`. */
  timeoutMs?: number;
  /** Seed spelling of {@link CreateSessionOptions.timeoutMs} (ms); normalised to it. Give one of the two. */
  timeout?: number;
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
