import { BERTH, createBerth } from '@berth/core';
import { SwarmDriver, swarmDriverModule } from '@berth/driver-docker';
import { describeSwarm, holdSwarmTestLock } from '@berth/driver-docker/testing';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { runCrashRecoveryScenario } from '../testing/crash-recovery-scenario.js';
import { runSessionScenarios } from '../testing/session-scenarios.js';
import { SessionManager } from './session-manager.js';

const IMAGE = 'berth/runtime:bookworm';

await describeSwarm('SessionManager (Swarm)', (swarm) => {
  holdSwarmTestLock();

  runSessionScenarios('swarm', () => new SwarmDriver(swarm.options), {
    poolImage: IMAGE,
    managerOptions: { images: { default: IMAGE } },
  });

  describe('through createBerth and swarmDriverModule', () => {
    jest.setTimeout(180_000);
    const berth = createBerth({ driver: swarmDriverModule(swarm.options) });
    const manager = new SessionManager(berth.driver, {
      images: { default: IMAGE },
      labels: { 'test.run': `sm-swarm-${Date.now().toString(36)}` },
    });
    afterAll(async () => {
      await manager.dispose();
      await berth.dispose();
    });

    it('runs python and bash in sessions that land on both nodes', async () => {
      expect(berth.container.get(BERTH.ContainerDriver).name).toBe('swarm');
      const sessions = await Promise.all(
        Array.from({ length: 4 }, () => manager.createSession({ agentType: 'python' })),
      );
      const hosts = await Promise.all(
        sessions.map(async (s) => (await berth.driver.getContainer(s.containerId))?.host),
      );
      expect(new Set(hosts)).toEqual(new Set([swarm.managerNodeId, swarm.workerNodeId]));
      for (const s of sessions) {
        const py = await manager.executeCode(s.id, { language: 'python', code: 'import socket; print(6 * 7)' });
        expect(py).toMatchObject({ exitCode: 0, stdout: '42\n', timedOut: false });
        const sh = await manager.executeCode(s.id, { language: 'bash', code: 'echo "$((40 + 2))" >&2; exit 3' });
        expect(sh).toMatchObject({ exitCode: 3, stderr: '42\n' });
      }
      await Promise.all(sessions.map((s) => manager.cleanupSession(s.id)));
      for (const s of sessions) expect(await berth.driver.getContainer(s.containerId)).toBeNull();
    });
  });

  runCrashRecoveryScenario('swarm', () => new SwarmDriver(swarm.options), {
    driver: 'swarm',
    swarm: swarm.options,
    image: IMAGE,
  });
});
