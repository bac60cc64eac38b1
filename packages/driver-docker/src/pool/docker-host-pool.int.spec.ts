import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { DriverEvent } from '@berth/core';
import type { Subscription } from 'rxjs';
import { DockerDriver } from '../docker-driver.js';
import { describeDocker } from '../testing/docker-test-gate.js';
import { DockerTestRun } from '../testing/docker-test-run.js';
import { DockerHostPool } from './docker-host-pool.js';

const IMAGE = 'berth/busybox:latest';
const SECOND_SOCKET = '/var/run/berth-docker2.sock';
const SCRIPT = fileURLToPath(new URL('../../../../scripts/docker-engine-second.sh', import.meta.url));
/** Runs the second-daemon script without blocking the event loop (sockets must see the engine go away). */
const second = async (command: 'start' | 'stop' | 'restart'): Promise<void> => {
  await promisify(execFile)('bash', [SCRIPT, command]);
};
const eventually = async (check: () => boolean, timeoutMs = 20_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
};

await describeDocker(DockerHostPool.name, () => {
  let pool: DockerHostPool;
  let runs: DockerTestRun[];
  let labels: Record<string, string>;

  beforeAll(async () => {
    await second('start');
    pool = new DockerHostPool({
      hosts: [
        { id: 'main', connection: { socketPath: '/var/run/docker.sock' } },
        { id: 'second', connection: { socketPath: SECOND_SOCKET } },
      ],
    });
    runs = [new DockerTestRun(pool.host('main').docker), new DockerTestRun(pool.host('second').docker)];
    // one label for both engines
    labels = (runs[0] as DockerTestRun).labels;
    Object.defineProperty(runs[1], 'runId', { value: (runs[0] as DockerTestRun).runId });
  }, 120_000);
  afterEach(async () => {
    await Promise.all(runs.map((r) => r.cleanup().catch(() => undefined)));
  });
  afterAll(async () => {
    await Promise.all((runs ?? []).map((r) => r.cleanup().catch(() => undefined)));
    await pool?.dispose();
    await second('stop');
  }, 120_000);

  describe('.createContainer', () => {
    it('places on the pinned host (option or berth.host label)', async () => {
      const a = await pool.createContainer({ image: IMAGE, command: ['true'], labels }, { hostId: 'second' });
      const b = await pool.createContainer({
        image: IMAGE,
        command: ['true'],
        labels: { ...labels, 'berth.host': 'main' },
      });
      expect([a.host, b.host]).toEqual(['second', 'main']);
      await expect(pool.host('second').docker.getContainer(a.id).inspect()).resolves.toBeDefined();
    });

    it('places on the host with the fewest running containers', async () => {
      const load = await pool.load();
      const least = [...load].sort((x, y) => x[1] - y[1])[0]?.[0];
      const c = await pool.createContainer({ image: IMAGE, command: ['true'], labels });
      expect(c.host).toBe(least);
    });
  });

  describe('.listContainers', () => {
    it('aggregates both hosts, tagged with host', async () => {
      const a = await pool.createContainer({ image: IMAGE, command: ['true'], labels }, { hostId: 'main' });
      const b = await pool.createContainer({ image: IMAGE, command: ['true'], labels }, { hostId: 'second' });
      const listed = await pool.listContainers({ labels });
      expect(listed.map((c) => [c.id, c.host]).sort()).toEqual(
        [
          [a.id, 'main'],
          [b.id, 'second'],
        ].sort(),
      );
    });
  });

  describe('routing by id', () => {
    it('runs exec, logs and remove on the container host, also from a fresh pool', async () => {
      const c = await pool.createContainer({ image: IMAGE, command: ['sleep', '30'], labels }, { hostId: 'second' });
      await pool.startContainer(c.id);
      const fresh = new DockerHostPool({
        hosts: [
          { id: 'main', connection: { socketPath: '/var/run/docker.sock' } },
          { id: 'second', connection: { socketPath: SECOND_SOCKET } },
        ],
      });
      try {
        expect((await fresh.exec(c.id, { command: ['echo', 'routed'] })).stdout).toBe('routed\n');
        expect((await fresh.getContainer(c.id))?.host).toBe('second');
        await fresh.removeContainer(c.id, { force: true });
        expect(await pool.getContainer(c.id)).toBeNull();
      } finally {
        await fresh.dispose();
      }
    });
  });

  describe('when one host is down', () => {
    it('still lists the others and reports the host unhealthy', async () => {
      const withDead = new DockerHostPool({
        hosts: [
          { id: 'main', connection: { socketPath: '/var/run/docker.sock' } },
          { id: 'dead', connection: { socketPath: '/var/run/berth-no-such-engine.sock' } },
        ],
      });
      try {
        const c = await withDead.createContainer({ image: IMAGE, command: ['true'], labels });
        expect(c.host).toBe('main');
        expect((await withDead.listContainers({ labels })).map((x) => x.id)).toEqual([c.id]);
        const health = await withDead.healthCheck();
        expect(health.healthy).toBe(true);
        expect(health.details['healthyHosts']).toEqual(['main']);
        expect((health.details['hosts'] as Record<string, { healthy: boolean }>)['dead']?.healthy).toBe(false);
      } finally {
        await withDead.dispose();
      }
    });
  });
});

await describeDocker(`${DockerDriver.name} events$ across an engine restart`, () => {
  let driver: DockerDriver;
  let run: DockerTestRun;
  let sub: Subscription | undefined;

  beforeAll(async () => {
    await second('start');
    driver = await DockerDriver.connect({ connection: { socketPath: SECOND_SOCKET } });
    run = new DockerTestRun(driver.docker);
  }, 120_000);
  afterAll(async () => {
    sub?.unsubscribe();
    await run?.cleanup().catch(() => undefined);
    await driver?.dispose();
    await second('stop');
  }, 120_000);

  it('reconnects with since and delivers each event exactly once', async () => {
    const events: DriverEvent[] = [];
    let reconnects = 0;
    const watcher = new DockerDriver({
      connection: { socketPath: SECOND_SOCKET },
      events: { onReconnect: () => reconnects++ },
    });
    sub = watcher.events$({ labels: run.labels }).subscribe((e) => events.push(e));
    try {
      const before = await driver.createContainer({ image: IMAGE, command: ['true'], labels: run.labels });
      await eventually(() => events.some((e) => e.containerId === before.id && e.type === 'created'));

      await second('restart'); // SIGTERM dockerd #2, start it again, wait for the socket
      // created right away, likely before the watcher reconnected: replayed through `since`
      const after = await driver.createContainer({ image: IMAGE, command: ['true'], labels: run.labels });
      await driver.startContainer(after.id);
      await driver.waitContainer(after.id);
      await driver.removeContainer(after.id);
      await eventually(() => events.some((e) => e.containerId === after.id && e.type === 'removed'));
      // give a duplicate (if any) time to show up
      await new Promise((r) => setTimeout(r, 1500));

      expect(reconnects).toBeGreaterThan(0);
      const ofAfter = events.filter((e) => e.containerId === after.id).map((e) => e.type);
      expect(ofAfter).toEqual(['created', 'started', 'exited', 'removed']);
      expect(events.filter((e) => e.containerId === before.id && e.type === 'created')).toHaveLength(1);
    } finally {
      sub.unsubscribe();
      await watcher.dispose();
    }
  }, 120_000);
});
