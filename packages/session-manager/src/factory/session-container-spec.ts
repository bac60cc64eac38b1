import type { ContainerSpec, ResourceLimits } from '@berth/core';
import { type HubLinkOptions, hubEnvFor } from '../hub/index.js';
import { buildSessionLabels } from '../session/index.js';

/** Main process of every session container: sleeps (about 24.8 days) until removed; runs happen via exec. */
export const SESSION_COMMAND: readonly string[] = Object.freeze(['sleep', '2147483']);

/** What a session container's spec depends on. */
export interface SessionContainerInput {
  /** Image. */
  image: string;
  /** Session id (pre-generated for pool containers). */
  sessionId: string;
  /** The manager's owner id (`berth.owner`). */
  ownerId: string;
  /** Working directory of the container. */
  workDir: string;
  /** Agent type (`pool` for pool containers). */
  agentType: string;
  /** Whether it is a pool container. */
  pool: boolean;
  /** Creation time (`berth.created`). */
  createdAt: Date;
  /** Expiry time (`berth.expires`). */
  expiresAt: Date;
  /** Resource limits (none: the driver's defaults). */
  resources: ResourceLimits;
  /** Linux capabilities added back after dropping all. */
  capabilities: readonly string[];
  /** Agent capabilities (languages, tools), written to the `berth.capabilities` label. Default: none. */
  agentCapabilities?: readonly string[];
  /** Manager-wide then session labels (never `berth.*`). */
  labels: Record<string, string>;
  /** The hub the container reports to: adds `BERTH_HUB_URL`, `BERTH_HUB_TOKEN`, `BERTH_SESSION_ID`. */
  hub?: HubLinkOptions;
}

/**
 * The spec of a session container: {@link SESSION_COMMAND} as main process, the session labels, every
 * capability dropped (some added back on request), resources when any are set, and with a hub its
 * variables (`BERTH_HUB_URL`, a `BERTH_HUB_TOKEN` scoped to the session, `BERTH_SESSION_ID`).
 *
 * @example
 * ```ts
 * await driver.createContainer(sessionContainerSpec({ image, sessionId, ownerId, workDir: '/tmp/berth',
 *   agentType: 'python', pool: false, createdAt, expiresAt, resources: {}, capabilities: [], labels: {} }));
 * ```
 */
export function sessionContainerSpec(input: SessionContainerInput): ContainerSpec {
  return {
    image: input.image,
    sessionId: input.sessionId,
    command: [...SESSION_COMMAND],
    workingDir: input.workDir,
    labels: buildSessionLabels({
      sessionId: input.sessionId,
      ownerId: input.ownerId,
      createdAt: input.createdAt,
      expiresAt: input.expiresAt,
      agentType: input.agentType,
      pool: input.pool,
      extra: input.labels,
      ...(input.agentCapabilities === undefined ? {} : { capabilities: input.agentCapabilities }),
    }),
    ...(Object.keys(input.resources).length > 0 ? { resources: { ...input.resources } } : {}),
    ...(input.hub === undefined ? {} : { env: hubEnvFor(input.hub, input.sessionId) }),
    // no-new-privileges is the contract's default, applied by every driver that can (a driver that cannot, such
    // as Swarm before API 1.44, declares the gap instead of refusing every session)
    security: { capabilities: { drop: ['ALL'], add: [...input.capabilities] } },
  };
}
