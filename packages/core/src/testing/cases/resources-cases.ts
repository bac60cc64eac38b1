import {
  ContainerConflictError,
  NetworkNotFoundError,
  ValidationError,
  VolumeNotFoundError,
} from '../../errors/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { expectError } from '../helpers/expect-error.js';
import { expect, it } from '../runner/index.js';

const MIB = 1024 * 1024;

/** Volumes and networks CRUD, volume mounts, and the resource limits a driver declares. */
export function resourcesCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  const volumeNames = async (): Promise<string[]> => (await driver.listVolumes()).map((v) => v.name);
  const networkNames = async (): Promise<string[]> => (await driver.listNetworks()).map((n) => n.name);
  const newVolume = async () => {
    const name = ctx.trackVolume(ctx.uniqueName('vol'));
    return driver.createVolume({ name, labels: { ...ctx.labels } });
  };
  const newNetwork = async () => {
    const network = await driver.createNetwork({ name: ctx.uniqueName('net'), labels: { ...ctx.labels } });
    ctx.trackNetwork(network.id);
    return network;
  };

  describeWith(ctx, 'volumes', ['volumes'], () => {
    it(
      'creates a volume with its name, labels and creation time',
      async () => {
        const volume = await newVolume();
        expect(volume.name).toMatch(/^vol-/);
        expect(volume.labels).toMatchObject(ctx.labels);
        expect(volume.createdAt).toBeInstanceOf(Date);
      },
      timeoutMs,
    );

    it(
      'lists a created volume',
      async () => {
        const volume = await newVolume();
        expect(await volumeNames()).toContain(volume.name);
      },
      timeoutMs,
    );

    it(
      'throws ContainerConflictError for a duplicate name',
      async () => {
        const volume = await newVolume();
        await expectError(() => driver.createVolume({ name: volume.name }), ContainerConflictError);
      },
      timeoutMs,
    );

    it(
      'removes a volume',
      async () => {
        const volume = await newVolume();
        await driver.removeVolume(volume.name);
        expect(await volumeNames()).not.toContain(volume.name);
      },
      timeoutMs,
    );

    it(
      'throws VolumeNotFoundError when removing an unknown volume',
      async () => {
        await expectError(() => driver.removeVolume(`missing-${ctx.runId}`), VolumeNotFoundError);
      },
      timeoutMs,
    );

    it(
      'throws ValidationError for a bad volume name',
      async () => {
        await expectError(() => driver.createVolume({ name: '../escape' }), ValidationError);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'volume mounts', ['volumes', 'files'], () => {
    it(
      'shares a volume between containers',
      async () => {
        const volume = await newVolume();
        const mount = { volumes: [{ source: volume.name, target: '/data' }] };
        const writer = await ctx.run(['sleep', '60'], mount);
        await driver.putFiles(writer.id, [{ path: '/data/shared.txt', content: 'shared' }]);
        const reader = await ctx.run(['sleep', '60'], mount);
        expect(new TextDecoder().decode(await driver.getFile(reader.id, '/data/shared.txt'))).toBe('shared');
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'networks', ['networks'], () => {
    it(
      'creates a network with id, name, labels and internal flag',
      async () => {
        const network = await newNetwork();
        expect(network.id.length).toBeGreaterThan(0);
        expect(network.name).toMatch(/^net-/);
        expect(network.labels).toMatchObject(ctx.labels);
        expect(network.internal).toBe(false);
        expect(network.createdAt).toBeInstanceOf(Date);
      },
      timeoutMs,
    );

    it(
      'lists a created network',
      async () => {
        const network = await newNetwork();
        expect(await networkNames()).toContain(network.name);
      },
      timeoutMs,
    );

    it(
      'throws ContainerConflictError for a duplicate name',
      async () => {
        const network = await newNetwork();
        await expectError(() => driver.createNetwork({ name: network.name }), ContainerConflictError);
      },
      timeoutMs,
    );

    it(
      'removes a network by id',
      async () => {
        const network = await newNetwork();
        await driver.removeNetwork(network.id);
        expect(await networkNames()).not.toContain(network.name);
      },
      timeoutMs,
    );

    it(
      'removes a network by name',
      async () => {
        const network = await newNetwork();
        await driver.removeNetwork(network.name);
        expect(await networkNames()).not.toContain(network.name);
      },
      timeoutMs,
    );

    it(
      'throws NetworkNotFoundError when removing an unknown network',
      async () => {
        await expectError(() => driver.removeNetwork(`missing-${ctx.runId}`), NetworkNotFoundError);
      },
      timeoutMs,
    );

    it(
      'attaches a container to a created network',
      async () => {
        const network = await newNetwork();
        const c = await ctx.run(['sleep', '60'], { network: network.name });
        expect((await driver.getContainer(c.id))?.state).toBe('running');
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'memory limit', ['resourceLimits.memory'], () => {
    it(
      'reports the memory limit in ContainerInstance.resources',
      async () => {
        const c = await ctx.create(['sleep', '60'], { resources: { memoryMb: 64 } });
        expect(c.resources.memoryMb).toBe(64);
        expect((await driver.getContainer(c.id))?.resources.memoryMb).toBe(64);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'memory limit in stats', ['resourceLimits.memory', 'stats'], () => {
    it(
      'reports the memory limit as memoryLimitBytes',
      async () => {
        const c = await ctx.run(['sleep', '60'], { resources: { memoryMb: 64 } });
        expect((await driver.getStats(c.id)).memoryLimitBytes).toBe(64 * MIB);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'cpu limit', ['resourceLimits.cpu'], () => {
    it(
      'reports the cpu limit in ContainerInstance.resources',
      async () => {
        const c = await ctx.create(['sleep', '60'], { resources: { cpu: 0.5 } });
        expect(c.resources.cpu).toBe(0.5);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'pids limit', ['resourceLimits.pids'], () => {
    it(
      'reports the pids limit in ContainerInstance.resources',
      async () => {
        const c = await ctx.create(['sleep', '60'], { resources: { pids: 32 } });
        expect(c.resources.pids).toBe(32);
      },
      timeoutMs,
    );
  });
}
