import { createServer } from 'node:net';
import { ImageNotFoundError } from '../../errors/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { expectError } from '../helpers/expect-error.js';
import { expect, it } from '../runner/index.js';

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Capabilities `images` (unknown images refused, local images listed) and `ports` (published endpoints). */
export function capabilityCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  const unknownImage = (): string => `berth-conformance/no-such-image:${ctx.runId.toLowerCase()}`;

  describeWith(ctx, 'images', ['images'], () => {
    it(
      'refuses to create a container of an unknown image with ImageNotFoundError, and creates nothing',
      async () => {
        const image = unknownImage();
        const err = await expectError(() => driver.createContainer(ctx.spec(['true'], { image })), ImageNotFoundError);
        expect(err.image).toContain('no-such-image');
        expect(await driver.listContainers({ labels: ctx.labels, state: ['created', 'running', 'exited'] })).toEqual(
          [],
        );
      },
      timeoutMs,
    );

    it(
      'lists the kit image among local images',
      async () => {
        const images = (await driver.listImages?.()) ?? [];
        const bare = ctx.image.replace(/:latest$/, '');
        const tags = images.flatMap((i) => i.tags);
        expect(
          tags.some((tag) => tag === ctx.image || tag === `${bare}:latest` || tag.endsWith(`/${bare}:latest`)),
        ).toBe(true);
      },
      timeoutMs,
    );

    it(
      'throws ImageNotFoundError when removing an unknown image',
      async () => {
        await expectError(() => driver.removeImage?.(unknownImage()), ImageNotFoundError);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'ports', ['ports'], () => {
    it(
      'publishes spec.ports: endpoint on 127.0.0.1 with a host port; none without ports',
      async () => {
        const published = await ctx.run(['sleep', '60'], { ports: [{ containerPort: 8080 }] });
        const plain = await ctx.run(['sleep', '60']);
        const endpoint = (await driver.getContainer(published.id))?.endpoint ?? '';
        expect(endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
        const port = Number(endpoint.split(':')[1]);
        expect(port).toBeGreaterThan(0);
        expect(port).toBeLessThan(65_536);
        expect((await driver.getContainer(plain.id))?.endpoint ?? null).toBeNull();
      },
      timeoutMs,
    );

    it(
      'uses the given hostPort',
      async () => {
        const hostPort = await freePort();
        const c = await ctx.run(['sleep', '60'], { ports: [{ containerPort: 8080, hostPort }] });
        expect((await driver.getContainer(c.id))?.endpoint).toBe(`127.0.0.1:${hostPort}`);
      },
      timeoutMs,
    );
  });
}
