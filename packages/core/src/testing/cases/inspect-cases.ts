import { ContainerNotFoundError } from '../../errors/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { expectError } from '../helpers/expect-error.js';
import { expect, it } from '../runner/index.js';

/** The optional `inspectContainer` (capability `inspect`): configuration, last run, ports, mounts, network. */
export function inspectCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  const inspect = async (id: string) => {
    const details = await driver.inspectContainer?.(id);
    if (details === undefined) throw new Error(`${ctx.name} declares inspect but has no inspectContainer`);
    return details;
  };

  describeWith(ctx, 'inspectContainer', ['inspect'], () => {
    it(
      'reports what getContainer does, plus the image id, argv, env and working directory',
      async () => {
        const workingDir = ctx.path('inspect-wd');
        const c = await ctx.create(['sleep', '60'], { env: { KIT_INSPECT: 'yes' }, workingDir });
        const [details, instance] = await Promise.all([inspect(c.id), driver.getContainer(c.id)]);
        expect(details).toMatchObject({ id: c.id, name: c.name, image: ctx.image, state: 'created' });
        expect(details.labels).toEqual(instance?.labels);
        expect(details.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(details.command.slice(-2)).toEqual(['sleep', '60']);
        expect(details.env).toContain('KIT_INSPECT=yes');
        expect(details.workingDir).toBe(workingDir);
        expect({ exitCode: details.exitCode, finishedAt: details.finishedAt }).toEqual({
          exitCode: 0,
          finishedAt: undefined,
        });
      },
      timeoutMs,
    );

    it(
      "reports the last run's exit code and when it finished",
      async () => {
        const c = await ctx.run(['sh', '-c', 'exit 3']);
        await driver.waitContainer(c.id);
        const details = await inspect(c.id);
        expect({ state: details.state, exitCode: details.exitCode, oomKilled: details.oomKilled }).toEqual({
          state: 'exited',
          exitCode: 3,
          oomKilled: false,
        });
        expect(details.finishedAt).toBeInstanceOf(Date);
      },
      timeoutMs,
    );

    it(
      'rejects an unknown id with ContainerNotFoundError',
      async () => {
        await expectError(() => inspect(`missing-${ctx.runId}`), ContainerNotFoundError);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'inspectContainer: ports', ['inspect', 'ports'], () => {
    it(
      'reports a published port with the host port it got',
      async () => {
        const c = await ctx.run(['sleep', '60'], { ports: [{ containerPort: 8080 }] });
        const port = (await inspect(c.id)).ports.find((p) => p.privatePort === 8080 && p.publicPort !== undefined);
        expect(port?.type).toBe('tcp');
        expect(port?.publicPort).toBeGreaterThan(0);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'inspectContainer: mounts', ['inspect', 'volumes'], () => {
    it(
      'reports a read-only volume mount by volume name and target',
      async () => {
        const name = ctx.trackVolume(ctx.uniqueName('ivol'));
        await driver.createVolume({ name, labels: { ...ctx.labels } });
        const c = await ctx.create(['sleep', '60'], { volumes: [{ source: name, target: '/data', readOnly: true }] });
        expect((await inspect(c.id)).mounts).toContainEqual(
          expect.objectContaining({ type: 'volume', source: name, destination: '/data', readWrite: false }),
        );
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'inspectContainer: networks', ['inspect', 'networks'], () => {
    it(
      'reports the network it is attached to as its network mode, with an address in it',
      async () => {
        const network = await driver.createNetwork({ name: ctx.uniqueName('inet'), labels: { ...ctx.labels } });
        ctx.trackNetwork(network.id);
        const c = await ctx.run(['sleep', '60'], { network: network.name });
        const details = await inspect(c.id);
        expect(details.networkMode).toBe(network.name);
        expect(details.networks[network.name]?.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      },
      timeoutMs,
    );
  });
}
