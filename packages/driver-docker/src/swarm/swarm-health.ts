import type { DriverHealth } from '@berth/core';
import type Docker from 'dockerode';
import { mapDockerError } from '../errors/map-docker-error.js';
import type { SwarmNodeEngines } from './swarm-node-engines.js';
import type { SwarmServiceClient } from './swarm-service-client.js';

/** What {@link swarmHealth} asks: the manager's client, its services/nodes view, the node engines, the known gaps. */
export interface SwarmHealthSources {
  /** The manager's dockerode client (pinged). */
  docker: Docker;
  /** Services, tasks and nodes through the manager. */
  services: SwarmServiceClient;
  /** The per-node engines (whether each node's engine is configured). */
  nodes: SwarmNodeEngines;
  /** Security defaults the driver cannot apply. */
  securityGaps: readonly string[];
}

/**
 * Swarm health: the manager answers, the swarm is active, and every node's state and availability. Never throws:
 * a failure is `healthy: false` with the mapped error's message in `details.error`.
 */
export async function swarmHealth(sources: SwarmHealthSources): Promise<DriverHealth> {
  const { docker, services, nodes: engines, securityGaps } = sources;
  const started = performance.now();
  try {
    await docker.ping();
    const managerNodeId = await services.localNodeId();
    const nodes = await services.nodes('healthCheck');
    const summary = await Promise.all(
      nodes.map(async (n) => ({
        id: n.ID,
        hostname: n.Description?.Hostname ?? '',
        role: n.Spec?.Role ?? '',
        state: n.Status?.State ?? 'unknown',
        availability: n.Spec?.Availability ?? 'unknown',
        address: n.Status?.Addr ?? '',
        engineKnown: await engines.knows(n),
      })),
    );
    return {
      healthy: true,
      latencyMs: performance.now() - started,
      details: {
        managerNodeId,
        nodes: summary,
        nodesReady: summary.filter((n) => n.state === 'ready').length,
        nodesDown: summary.filter((n) => n.state !== 'ready').length,
        securityGaps: [...securityGaps],
        notEnforced: ['disk'], // services have no disk limit: a spec's diskMb is accepted and not enforced
      },
    };
  } catch (err) {
    return {
      healthy: false,
      latencyMs: performance.now() - started,
      details: { error: mapDockerError(err, { operation: 'healthCheck' }).message },
    };
  }
}
