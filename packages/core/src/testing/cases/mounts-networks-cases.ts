import { ContainerConflictError, NetworkNotFoundError, ValidationError } from '../../errors/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { expectError } from '../helpers/expect-error.js';
import { expect, it } from '../runner/index.js';

/**
 * What a spec refers to: a volume still mounted cannot be removed, a `readOnly` mount is not writable
 * from inside, and a network that does not exist is refused at creation.
 */
export function mountsNetworksCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;

  describeWith(ctx, 'volumes in use', ['volumes'], () => {
    it(
      'refuses to remove a volume a container still mounts (no explicit type) with ContainerConflictError',
      async () => {
        const name = ctx.trackVolume(ctx.uniqueName('inuse'));
        await driver.createVolume({ name });
        const c = await ctx.create(['sleep', '60'], { volumes: [{ source: name, target: '/data' }] });
        await expectError(() => driver.removeVolume(name), ContainerConflictError);
        expect((await driver.listVolumes()).map((v) => v.name)).toContain(name);
        // Once the container is gone, the volume can go too.
        await driver.removeContainer(c.id, { force: true });
        await driver.removeVolume(name);
        expect((await driver.listVolumes()).map((v) => v.name)).not.toContain(name);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'read-only volume mounts', ['volumes', 'exec'], () => {
    it(
      'makes a readOnly mount unwritable from inside (or refuses the spec with ValidationError)',
      async () => {
        const name = ctx.trackVolume(ctx.uniqueName('ro'));
        await driver.createVolume({ name });
        const dir = ctx.path('ro-mounts');
        const volumes = [
          { source: name, target: `${dir}/ro`, readOnly: true },
          { source: name, target: `${dir}/rw` },
        ];
        let id: string;
        try {
          id = (await ctx.run(['sleep', '60'], { workingDir: dir, volumes })).id;
        } catch (error) {
          // A driver that cannot enforce readOnly must say so, never mount it writable.
          expect(ValidationError.is(error)).toBe(true);
          return;
        }
        const inDir = (script: string) => driver.exec(id, { command: ['sh', '-c', script], workingDir: dir });
        // The same volume mounted writable takes the write: the read-only one fails for being read-only.
        expect((await inDir('echo x > rw/control.txt')).exitCode).toBe(0);
        expect((await inDir('echo x > ro/written.txt')).exitCode).not.toBe(0);
        expect((await inDir('test -f rw/written.txt')).exitCode).not.toBe(0);
        expect((await inDir('test -f ro/control.txt')).exitCode).toBe(0);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'unknown networks', ['networks'], () => {
    it(
      'refuses a spec naming a network that does not exist with NetworkNotFoundError, and creates nothing',
      async () => {
        const network = ctx.uniqueName('no-such-net');
        const before = (await driver.listContainers({ labels: ctx.labels })).length;
        await expectError(() => ctx.create(['sleep', '60'], { network }), NetworkNotFoundError);
        expect((await driver.listContainers({ labels: ctx.labels })).length).toBe(before);
      },
      timeoutMs,
    );
  });
}
