import { execFileSync } from 'node:child_process';
import { ContainerConflictError, ContainerNotFoundError, ImageNotFoundError, VolumeNotFoundError } from '@berth/core';
import { countActiveResources, eventually, grownResources, settledResources } from '@berth/core/testing';
import { DockerDriver } from './docker-driver.js';
import { useDockerTestDriver } from './testing/docker-test-driver.js';
import { describeDocker } from './testing/docker-test-gate.js';
import type { DockerTestRun } from './testing/docker-test-run.js';

const IMAGE = 'berth/busybox:latest';

function cli(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8' }).trim();
}

await describeDocker(DockerDriver.name, () => {
  let driver: DockerDriver;
  let run: DockerTestRun;
  useDockerTestDriver((connected) => ({ driver, run } = connected));

  describe('.createContainer', () => {
    it('maps every spec field onto the engine (checked with inspect and the docker CLI)', async () => {
      await driver.createVolume({ name: `${run.runId}-vol`, labels: run.labels });
      const net = await driver.createNetwork({ name: `${run.runId}-net`, labels: run.labels });
      const c = await driver.createContainer({
        image: IMAGE,
        sessionId: 'sess-1',
        name: `${run.runId}-full`,
        command: ['sleep', '30'],
        entrypoint: ['/bin/env'],
        env: { GREETING: 'hi' },
        labels: { ...run.labels, team: 'berth' },
        resources: { cpu: 0.5, memoryMb: 64, pids: 32 },
        volumes: [
          { source: `${run.runId}-vol`, target: '/data', readOnly: true },
          { source: '/tmp', target: '/host-tmp', type: 'bind' },
        ],
        network: net.name,
        security: { readOnly: true, user: '65534', capabilities: { add: ['NET_BIND_SERVICE'] } },
        ports: [{ containerPort: 8080 }],
        workingDir: '/tmp',
        healthcheck: { command: ['true'], intervalMs: 1000, retries: 2 },
        tty: true,
      });
      const info = await driver.docker.getContainer(c.id).inspect();
      expect(info.Config).toMatchObject({
        Image: IMAGE,
        Cmd: ['sleep', '30'],
        Entrypoint: ['/bin/env'],
        WorkingDir: '/tmp',
        User: '65534',
        Tty: true,
        Healthcheck: { Test: ['CMD', 'true'], Interval: 1e9, Retries: 2 },
      });
      expect(info.Config.Env).toContain('GREETING=hi');
      expect(info.Config.Labels).toMatchObject({ 'berth.managed': 'true', 'berth.session': 'sess-1', team: 'berth' });
      expect(info.HostConfig).toMatchObject({
        NanoCpus: 500_000_000,
        Memory: 64 * 1024 * 1024,
        MemorySwap: 64 * 1024 * 1024,
        PidsLimit: 32,
        ReadonlyRootfs: true,
        CapDrop: ['ALL'],
        CapAdd: ['NET_BIND_SERVICE'],
        SecurityOpt: ['no-new-privileges=true'],
        NetworkMode: net.name,
        PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      });
      expect(info.HostConfig.Mounts).toEqual([
        { Type: 'volume', Source: `${run.runId}-vol`, Target: '/data', ReadOnly: true },
        { Type: 'bind', Source: '/tmp', Target: '/host-tmp' }, // the engine omits ReadOnly: false
      ]);
      // the same through the real docker CLI
      const viaCli = JSON.parse(cli('inspect', c.id))[0] as {
        HostConfig: Record<string, unknown>;
        Config: Record<string, unknown>;
      };
      expect(viaCli.HostConfig['CapDrop']).toEqual(['ALL']);
      expect(viaCli.HostConfig['SecurityOpt']).toEqual(['no-new-privileges=true']);
      expect(viaCli.HostConfig['Memory']).toBe(64 * 1024 * 1024);
      expect(viaCli.Config['Labels']).toMatchObject({ 'berth.managed': 'true', 'berth.session': 'sess-1' });
      expect(c).toMatchObject({
        sessionId: 'sess-1',
        state: 'created',
        resources: { cpu: 0.5, memoryMb: 64, pids: 32 },
      });
    });

    it('publishes ports on 127.0.0.1 and reports the endpoint', async () => {
      const c = await driver.createContainer({
        image: IMAGE,
        command: ['sleep', '30'],
        labels: run.labels,
        ports: [{ containerPort: 80 }],
      });
      await driver.startContainer(c.id);
      expect((await driver.getContainer(c.id))?.endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    });

    it('honours a disk limit where the storage enforces it, else accepts it unenforced and says so in healthCheck', async () => {
      const { storage } = await driver.ready();
      if (storage.diskLimit) {
        const c = await driver.createContainer({
          image: IMAGE,
          command: ['true'],
          labels: run.labels,
          resources: { diskMb: 100 },
        });
        expect((await driver.docker.getContainer(c.id).inspect()).HostConfig.StorageOpt).toEqual({ size: '100M' });
      } else {
        expect(driver.capabilities.resourceLimits.disk).toBe(false);
        const c = await driver.createContainer({
          image: IMAGE,
          command: ['true'],
          labels: run.labels,
          resources: { diskMb: 100 },
        });
        expect((await driver.docker.getContainer(c.id).inspect()).HostConfig.StorageOpt ?? {}).toEqual({});
        expect((await driver.healthCheck()).details).toMatchObject({ notEnforced: ['disk'] });
      }
    });

    it('throws ImageNotFoundError for an image that is not present', async () => {
      await expect(driver.createContainer({ image: 'berth/not-here:nope', labels: run.labels })).rejects.toThrow(
        ImageNotFoundError,
      );
    });

    it('throws ContainerConflictError for a duplicate name', async () => {
      const name = `${run.runId}-dup`;
      await driver.createContainer({ image: IMAGE, name, command: ['true'], labels: run.labels });
      await expect(
        driver.createContainer({ image: IMAGE, name, command: ['true'], labels: run.labels }),
      ).rejects.toThrow(ContainerConflictError);
    });
  });

  describe('.waitContainer', () => {
    it('reports oomKilled when the memory limit is exceeded', async () => {
      const c = await driver.createContainer({
        image: IMAGE,
        labels: run.labels,
        resources: { memoryMb: 8 },
        // grows a shell variable until the cgroup OOM-kills the process
        command: ['sh', '-c', 'x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; while true; do x="$x$x"; done'],
      });
      await driver.startContainer(c.id);
      const status = await driver.waitContainer(c.id);
      expect(status.oomKilled).toBe(true);
      expect(status.exitCode).toBe(137);
    });
  });

  describe('interoperability with the docker CLI', () => {
    it('lets the CLI see and remove a container Berth made', async () => {
      const c = await driver.createContainer({ image: IMAGE, command: ['sleep', '30'], labels: run.labels });
      await driver.startContainer(c.id);
      expect(cli('ps', '-a', '--no-trunc', '--filter', `label=${run.filter}`, '--format', '{{.ID}}')).toBe(c.id);
      cli('rm', '-f', c.id);
      expect(await driver.getContainer(c.id)).toBeNull();
      await expect(driver.startContainer(c.id)).rejects.toThrow(ContainerNotFoundError);
    });

    it('lists a container the CLI made', async () => {
      const id = cli('create', '--label', run.filter, '--label', 'made-by=cli', IMAGE, 'sleep', '30');
      const listed = await driver.listContainers({ labels: { 'made-by': 'cli', ...run.labels } });
      expect(listed.map((c) => c.id)).toEqual([id]);
      expect(listed[0]).toMatchObject({ state: 'created', image: IMAGE, driver: 'docker' });
    });
  });

  describe('.healthCheck', () => {
    it('reports latency, engine and API version', async () => {
      const health = await driver.healthCheck();
      expect(health.healthy).toBe(true);
      expect(health.latencyMs).toBeGreaterThanOrEqual(0);
      expect(health.details).toMatchObject({
        engineVersion: expect.any(String),
        apiVersion: expect.stringMatching(/^1\.\d+$/),
      });
    });

    it('reports unhealthy (never throws) for an engine that is not there', async () => {
      const absent = new DockerDriver({ connection: { socketPath: '/var/run/berth-no-such.sock' } });
      const health = await absent.healthCheck();
      await absent.dispose();
      expect(health.healthy).toBe(false);
      expect(String(health.details['error'])).toMatch(/unreachable/i);
    });
  });

  describe('.dispose', () => {
    it('leaves no socket open after putFiles created parent directories (HEAD …/archive)', async () => {
      const before = await settledResources();
      const fresh = await DockerDriver.connect();
      try {
        const c = await fresh.createContainer({ image: IMAGE, command: ['sleep', '30'], labels: run.labels });
        // /tmp exists, /tmp/<runId> does not: one HEAD answers 200, one 404
        await fresh.putFiles(c.id, [{ path: `/tmp/${run.runId}/a.txt`, content: 'a' }]);
        await fresh.putFiles(c.id, [{ path: `/tmp/${run.runId}/b.txt`, content: 'b' }]);
        expect(Buffer.from(await fresh.getFile(c.id, `/tmp/${run.runId}/b.txt`)).toString()).toBe('b');
        await fresh.removeContainer(c.id, { force: true });
        await fresh.dispose();
        await eventually(() => expect(grownResources(before, countActiveResources())).toEqual([]), {
          timeoutMs: 5000,
        });
      } finally {
        await fresh.dispose();
      }
    });
  });

  describe('images', () => {
    it('pullImage with policy missing is a no-op for a local tag', async () => {
      const progress: unknown[] = [];
      await driver.pullImage(IMAGE, { policy: 'missing', onProgress: (p) => progress.push(p) });
      expect(progress).toEqual([]);
    });

    it('pullImage of an image that exists nowhere reachable throws ImageNotFoundError', async () => {
      await expect(driver.pullImage('berth-test/does-not-exist:1', { policy: 'always' })).rejects.toThrow(
        ImageNotFoundError,
      );
    });

    it('pullImage with policy never throws ImageNotFoundError for a missing image', async () => {
      await expect(driver.pullImage('berth-test/does-not-exist:1', { policy: 'never' })).rejects.toThrow(
        ImageNotFoundError,
      );
    });

    it('lists and removes a local tag', async () => {
      const tag = `berth-test/${run.runId}:tmp`;
      cli('tag', IMAGE, tag);
      try {
        expect((await driver.listImages()).some((i) => i.tags.includes(tag))).toBe(true);
        await driver.removeImage(tag);
        expect((await driver.listImages()).some((i) => i.tags.includes(tag))).toBe(false);
      } finally {
        execFileSync('sh', ['-c', `docker rmi ${tag} >/dev/null 2>&1 || true`]);
      }
    });

    it('removeImage of a missing image throws ImageNotFoundError', async () => {
      await expect(driver.removeImage('berth-test/absent:1')).rejects.toThrow(ImageNotFoundError);
    });
  });

  describe('volumes', () => {
    it('removeVolume of a missing volume throws VolumeNotFoundError', async () => {
      await expect(driver.removeVolume(`${run.runId}-absent`)).rejects.toThrow(VolumeNotFoundError);
    });
  });
});
