import { describeWhen } from '@berth/core/testing';
import Docker from 'dockerode';
import type { SwarmDriverOptions } from '../swarm/swarm-driver-options.js';
import { REQUIRE_DOCKER_ENV } from './docker-test-gate.js';

/** Socket of the test swarm's second node (scripts/swarm-up.sh); `BERTH_SWARM_WORKER_SOCKET` overrides it. */
export function swarmWorkerSocket(env: NodeJS.ProcessEnv = process.env): string {
  return env['BERTH_SWARM_WORKER_SOCKET'] ?? '/var/run/berth-swarm2.sock';
}

/** The test swarm as scripts/swarm-up.sh leaves it: the manager's and the worker's node ids and engines. */
export interface TestSwarm {
  /** Node id of node 1 (the manager, /var/run/docker.sock). */
  managerNodeId: string;
  /** Node id of node 2 (the worker). */
  workerNodeId: string;
  /** Socket of node 2's engine. */
  workerSocket: string;
  /** Driver options reaching both nodes (overlay networks off: both nodes share one network namespace). */
  options: SwarmDriverOptions;
}

/**
 * Finds the two-node test swarm; `undefined` when it is not up. Never throws. Only the manager (node 1, never
 * stopped by a test) is asked: node 2 is the node labelled `berth.node=2` by scripts/swarm-up.sh, so a test file
 * that starts while another one has node 2's engine down (they serialise on the swarm lock later) still sees
 * the swarm.
 */
export async function findTestSwarm(env: NodeJS.ProcessEnv = process.env): Promise<TestSwarm | undefined> {
  const workerSocket = swarmWorkerSocket(env);
  const manager = new Docker({ socketPath: '/var/run/docker.sock' });
  try {
    const info = (await manager.info()) as { Swarm?: { NodeID?: string; LocalNodeState?: string } };
    const managerNodeId = info.Swarm?.LocalNodeState === 'active' ? info.Swarm.NodeID : undefined;
    if (managerNodeId === undefined || managerNodeId === '') return undefined;
    const nodes = (await manager.listNodes()) as { ID: string; Spec?: { Labels?: Record<string, string> } }[];
    const workerNodeId = nodes.find((n) => n.ID !== managerNodeId && n.Spec?.Labels?.['berth.node'] === '2')?.ID;
    if (workerNodeId === undefined) return undefined;
    return {
      managerNodeId,
      workerNodeId,
      workerSocket,
      options: {
        manager: { socketPath: '/var/run/docker.sock' },
        nodes: { [workerNodeId]: { socketPath: workerSocket } },
        overlayNetworks: false,
      },
    };
  } catch {
    return undefined;
  } finally {
    (manager.modem as { agent?: { destroy?: () => void } }).agent?.destroy?.();
  }
}

/**
 * The gate for tests needing the two-node test swarm (scripts/swarm-up.sh): runs `body(swarm)` when it is up;
 * when it is not, fails if `BERTH_REQUIRE_DOCKER` is set (CI) and otherwise registers one skipped test naming
 * the reason. A thin wrapper over core's `describeWhen`.
 */
export async function describeSwarm(title: string, body: (swarm: TestSwarm) => void): Promise<void> {
  const swarm = await findTestSwarm();
  describeWhen(
    swarm === undefined ? 'the two-node test swarm is not up' : null,
    title,
    () => {
      if (swarm !== undefined) body(swarm);
    },
    { requireEnv: REQUIRE_DOCKER_ENV, hint: 'run bash scripts/swarm-up.sh' },
  );
}
