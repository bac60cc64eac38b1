import { ContainerNotFoundError, type EngineEvent } from '@berth/core';
import { eventually } from '@berth/core/testing';
import { filter, firstValueFrom, type Subscription, take, toArray } from 'rxjs';
import type { DockerDriver } from '../docker-driver.js';
import { useDockerTestDriver } from '../testing/docker-test-driver.js';
import { describeDocker } from '../testing/docker-test-gate.js';
import { DockerTestRun } from '../testing/docker-test-run.js';

const IMAGE = 'berth/busybox:latest';

await describeDocker('DockerDriver host operations', () => {
  let driver: DockerDriver;
  let run: DockerTestRun;
  useDockerTestDriver((connected) => ({ driver, run } = connected));

  describe('.getSystemInfo', () => {
    it('reports the engine as docker info does', async () => {
      const [info, raw] = await Promise.all([driver.getSystemInfo(), driver.docker.info()]);
      expect(info).toMatchObject({
        id: raw.ID,
        name: raw.Name,
        cpus: raw.NCPU,
        memoryBytes: raw.MemTotal,
        storageDriver: raw.Driver,
        serverVersion: raw.ServerVersion,
        osType: 'linux',
      });
      expect(info.images).toBeGreaterThan(0);
    });
  });

  describe('.getSystemVersion', () => {
    it('reports the engine and API versions', async () => {
      const raw = await driver.docker.version();
      expect(await driver.getSystemVersion()).toMatchObject({
        version: raw.Version,
        apiVersion: raw.ApiVersion,
        os: 'linux',
      });
    });
  });

  describe('.getSystemUsage', () => {
    it('counts images, containers and volumes, with sizes', async () => {
      await driver.createVolume({ name: `${run.runId}-df`, labels: run.labels });
      const usage = await driver.getSystemUsage();
      expect(usage.images.count).toBeGreaterThan(0);
      expect(usage.images.sizeBytes).toBeGreaterThan(0);
      expect(usage.volumes.count).toBeGreaterThan(0);
      expect(usage.containers.count).toBeGreaterThanOrEqual(0);
    });
  });

  describe('.inspectContainer', () => {
    it('reports image id, command, env, ports, mounts and network mode', async () => {
      await driver.createVolume({ name: `${run.runId}-vol`, labels: run.labels });
      const c = await driver.createContainer({
        image: IMAGE,
        command: ['sleep', '30'],
        env: { GREETING: 'hi' },
        labels: run.labels,
        ports: [{ containerPort: 8080 }],
        volumes: [{ source: `${run.runId}-vol`, target: '/data', readOnly: true }],
        workingDir: '/tmp',
      });
      await driver.startContainer(c.id);
      const d = await driver.inspectContainer(c.id);
      const image = await driver.docker.getImage(IMAGE).inspect();
      expect(d.id).toBe(c.id);
      expect(d.imageId).toBe(image.Id);
      expect(d.command).toEqual(['sleep', '30']);
      expect(d.env).toContain('GREETING=hi');
      expect(d.workingDir).toBe('/tmp');
      expect(d.networkMode).toBe('bridge');
      expect(d.networks['bridge']?.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(d.mounts).toEqual([
        {
          type: 'volume',
          source: `${run.runId}-vol`,
          destination: '/data',
          mode: expect.any(String),
          readWrite: false,
        },
      ]);
      const published = d.ports.find((p) => p.privatePort === 8080);
      expect(published).toMatchObject({ type: 'tcp', publicPort: expect.any(Number) });
      expect(d.state).toBe('running');
    });
    it('rejects an unknown id with ContainerNotFoundError', async () => {
      await expect(driver.inspectContainer('berth-no-such-container')).rejects.toBeInstanceOf(ContainerNotFoundError);
    });
  });

  describe('.engineEvents$', () => {
    let sub: Subscription | undefined;
    afterEach(() => sub?.unsubscribe());

    it('reports volume and network events as well as container ones', async () => {
      const seen: EngineEvent[] = [];
      sub = driver.engineEvents$({ types: ['volume', 'network', 'container'] }).subscribe((e) => seen.push(e));
      const ours = (e: EngineEvent): boolean =>
        e.id.startsWith(run.runId) ||
        e.name?.startsWith(run.runId) === true ||
        e.attributes['berth.test'] === run.runId;
      // the subscription is live once an event of our own arrives
      let n = 0;
      await eventually(
        async () => {
          await driver.createVolume({ name: `${run.runId}-probe-${n++}`, labels: run.labels });
          expect(seen.some((e) => e.type === 'volume' && e.action === 'create' && ours(e))).toBe(true);
        },
        { intervalMs: 300 },
      );
      const net = await driver.createNetwork({ name: `${run.runId}-net`, labels: run.labels });
      const c = await driver.createContainer({ image: IMAGE, command: ['true'], labels: run.labels });
      await eventually(() => {
        expect(seen.some((e) => e.type === 'network' && e.action === 'create' && e.id === net.id)).toBe(true);
        expect(seen.some((e) => e.type === 'container' && e.action === 'create' && e.id === c.id)).toBe(true);
      });
      expect(seen.find((e) => e.id === net.id)?.name).toBe(`${run.runId}-net`);
    });

    it('keeps only events carrying the labels when given labels (containers)', async () => {
      const seen: EngineEvent[] = [];
      sub = driver.engineEvents$({ labels: run.labels }).subscribe((e) => seen.push(e));
      const other = new DockerTestRun(driver.docker);
      try {
        await eventually(
          async () => {
            await driver.createContainer({ image: IMAGE, command: ['true'], labels: run.labels });
            expect(seen.length).toBeGreaterThan(0);
          },
          { intervalMs: 300 },
        );
        const foreign = await driver.createContainer({ image: IMAGE, command: ['true'], labels: other.labels });
        const mine = await driver.createContainer({ image: IMAGE, command: ['true'], labels: run.labels });
        await eventually(() => expect(seen.some((e) => e.id === mine.id)).toBe(true));
        expect(seen.some((e) => e.id === foreign.id)).toBe(false);
        expect(seen.every((e) => e.attributes['berth.test'] === run.runId)).toBe(true);
      } finally {
        await other.cleanup();
      }
    });

    it('reports image events (a tag) when asked for images only', async () => {
      const events = firstValueFrom(
        driver.engineEvents$({ types: ['image'], actions: ['tag'] }).pipe(
          filter((e) => e.attributes['name'] === `berth-test/${run.runId}:tagged`),
          take(1),
          toArray(),
        ),
      );
      // give the stream a moment to connect by tagging until the event arrives
      let done = false;
      void events.finally(() => {
        done = true;
      });
      const image = driver.docker.getImage(IMAGE);
      try {
        await eventually(
          async () => {
            await image.tag({ repo: `berth-test/${run.runId}`, tag: 'tagged' });
            expect(done).toBe(true);
          },
          { intervalMs: 300 },
        );
        const [e] = await events;
        expect(e).toMatchObject({ type: 'image', action: 'tag' });
      } finally {
        await driver.docker
          .getImage(`berth-test/${run.runId}:tagged`)
          .remove()
          .catch(() => undefined);
      }
    });
  });
});
