import { type DriverEvent, ValidationError } from '@berth/core';
import type { Subscription } from 'rxjs';
import { DockerDriver } from '../docker-driver.js';
import { describeDocker } from '../testing/docker-test-gate.js';
import { useDockerTestPool } from '../testing/docker-test-pool.js';
import { DockerTestRun } from '../testing/docker-test-run.js';
import type { MultiEngineTestRun } from '../testing/multi-engine-test-run.js';
import { holdSecondEngine, secondEngine, secondEngineSocket } from '../testing/second-engine.js';
import { DockerHostPool } from './docker-host-pool.js';

const IMAGE = 'berth/busybox:latest';
const SECOND_SOCKET = secondEngineSocket();
const eventually = async (check: () => boolean, timeoutMs = 20_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
};

// the second engine is shared with the pool's conformance spec: hold it (started, then stopped) for this file
holdSecondEngine();

await describeDocker(DockerHostPool.name, () => {
  let pool: DockerHostPool;
  let run: MultiEngineTestRun;
  let labels: Record<string, string>;

  // one label for both engines
  useDockerTestPool(
    async () => ({
      pool: new DockerHostPool({
        hosts: [
          { id: 'main', connection: { socketPath: '/var/run/docker.sock' } },
          { id: 'second', connection: { socketPath: SECOND_SOCKET } },
        ],
      }),
    }),
    (t) => {
      ({ pool, run } = t);
      labels = run.labels;
    },
  );

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

  describe('placement by named volumes and networks', () => {
    /** A host that load alone would not pick (the pool takes the first least loaded, in configuration order). */
    const busiest = async (): Promise<string> =>
      ([...(await pool.load())].sort((x, y) => x[1] - y[1]).at(-1) as [string, number])[0];

    it('puts a container mounting a named volume on the host holding it, and sees what another wrote', async () => {
      const host = await busiest();
      const volume = await pool.createVolume({
        name: `${labels['berth.test']}-vol`,
        labels: { ...labels, 'berth.host': host },
      });
      const mount = { volumes: [{ source: volume.name, target: '/data' }] };
      const writer = await pool.createContainer({ image: IMAGE, command: ['sleep', '30'], labels, ...mount });
      await pool.startContainer(writer.id);
      await pool.putFiles(writer.id, [{ path: '/data/shared.txt', content: 'shared' }]);
      const reader = await pool.createContainer({ image: IMAGE, command: ['sleep', '30'], labels, ...mount });
      await pool.startContainer(reader.id);
      expect([writer.host, reader.host]).toEqual([host, host]);
      expect(new TextDecoder().decode(await pool.getFile(reader.id, '/data/shared.txt'))).toBe('shared');
    });

    it('puts a container joining a user network on the host holding it', async () => {
      const host = await busiest();
      const network = await pool.createNetwork({
        name: `${labels['berth.test']}-net`,
        labels: { ...labels, 'berth.host': host },
      });
      const c = await pool.createContainer({ image: IMAGE, command: ['true'], labels, network: network.name });
      expect(c.host).toBe(host);
    });

    it('refuses with ValidationError a spec whose volume and network live on different hosts', async () => {
      const volume = await pool.createVolume({
        name: `${labels['berth.test']}-vol2`,
        labels: { ...labels, 'berth.host': 'main' },
      });
      const network = await pool.createNetwork({
        name: `${labels['berth.test']}-net2`,
        labels: { ...labels, 'berth.host': 'second' },
      });
      await expect(
        pool.createContainer({
          image: IMAGE,
          command: ['true'],
          labels,
          network: network.name,
          volumes: [{ source: volume.name, target: '/data' }],
        }),
      ).rejects.toBeInstanceOf(ValidationError);
      expect(await pool.listContainers({ labels })).toEqual([]);
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
    driver = await DockerDriver.connect({ connection: { socketPath: SECOND_SOCKET } });
    run = new DockerTestRun(driver.docker);
  }, 120_000);
  afterAll(async () => {
    sub?.unsubscribe();
    await run?.cleanup().catch(() => undefined);
    await driver?.dispose();
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

      await secondEngine('restart'); // SIGTERM dockerd #2, start it again, wait for the socket
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
