// Agent sessions spread over a Docker Swarm: SwarmDriver hands placement to Swarm, the session manager runs
// unchanged. Needs a swarm manager at /var/run/docker.sock and the worker engine of each other node
// (BERTH_SWARM_NODES='{"<node id or hostname>":{"socketPath":"/var/run/worker.sock"}}'); on one machine,
// `bash scripts/swarm-up.sh` builds a real two-node swarm and this example finds its worker by itself.
// Without a swarm it says so and exits 0 (1 when BERTH_REQUIRE_DOCKER is set, as on CI).
// Run: npm run build && bash scripts/swarm-up.sh && bash scripts/run-examples.sh swarm-sessions
import { openBerth } from '@berth/core';
import type { DockerConnectionOptions } from '@berth/driver-docker';
import { SwarmDriver, swarmNodesFromEnv } from '@berth/driver-docker';
import { findTestSwarm } from '@berth/driver-docker/testing';
import { SessionManager } from '@berth/session-manager';

async function nodesFromEnv(): Promise<Record<string, DockerConnectionOptions> | undefined> {
  if (process.env.BERTH_SWARM_NODES !== undefined) return swarmNodesFromEnv(process.env);
  return (await findTestSwarm())?.options.nodes;
}

async function main(): Promise<void> {
  const nodes = await nodesFromEnv();
  if (nodes === undefined) {
    console.log('no swarm found: run bash scripts/swarm-up.sh (or set BERTH_SWARM_NODES)');
    process.exitCode = process.env.BERTH_REQUIRE_DOCKER ? 1 : 0;
    return;
  }
  // overlayNetworks: false because both test nodes share one network namespace (no VXLAN between them)
  const berth = await openBerth(
    { kind: 'swarm', nodes, overlayNetworks: false },
    { swarm: (options) => SwarmDriver.connect(options) },
  );
  const { driver } = berth;
  const health = await driver.healthCheck();
  console.log(`swarm: ${String(health.details['nodesReady'])} node(s) ready`);
  const manager = new SessionManager(driver, { images: { default: 'berth/runtime:bookworm' } });
  try {
    const sessions = await Promise.all([1, 2, 3, 4].map(() => manager.createSession({ agentType: 'python' })));
    const hosts = new Set<string>();
    for (const s of sessions) {
      const host = (await driver.getContainer(s.containerId))?.host ?? '?';
      hosts.add(host);
      const r = await manager.executeCode(s.id, {
        language: 'python',
        code: 'import socket; print(socket.gethostname())',
      });
      if (r.exitCode !== 0) throw new Error(`python failed: ${r.stderr}`);
      console.log(`session ${s.id} on node ${host.slice(0, 12)}: container ${r.stdout.trim()}`);
    }
    console.log(`${sessions.length} sessions over ${hosts.size} node(s)`);
  } finally {
    await manager.dispose();
    await berth.dispose();
  }
}

await main();
