import type { BuildProgress } from '../../contract/index.js';
import { ImageBuildError, ValidationError } from '../../errors/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { expectError } from '../helpers/expect-error.js';
import { expect, it } from '../runner/index.js';

/** The optional host operations: image builds (`imageBuild`) and system info/version/usage (`systemInfo`). */
export function hostOperationsCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  const buildTimeoutMs = Math.max(timeoutMs, 120_000);

  describeWith(ctx, 'buildImage', ['imageBuild'], () => {
    it(
      'builds a Dockerfile from files, reporting each step and its output; a container runs the tagged image',
      async () => {
        const tag = `${ctx.uniqueName('kit').toLowerCase()}:built`;
        const progress: BuildProgress[] = [];
        try {
          const result = await driver.buildImage?.({
            context: [{ path: 'Dockerfile', content: `FROM ${ctx.image}\nRUN echo kit-build-ok\n` }],
            tags: [tag],
            onProgress: (p) => progress.push(p),
          });
          expect(result?.tags).toEqual([tag]);
          expect(result?.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
          const steps = progress.filter((p) => p.kind === 'step');
          expect(steps.map((s) => s.step)).toEqual(steps.map((_, i) => i + 1));
          expect(steps.every((s) => s.totalSteps === steps.length)).toBe(true);
          expect(progress.some((p) => p.kind === 'output' && p.text === 'kit-build-ok')).toBe(true);
          const c = await ctx.create(['true'], { image: tag });
          expect(c.image).toBe(tag);
        } finally {
          await driver.removeImage?.(tag, { force: true }).catch(() => undefined);
        }
      },
      buildTimeoutMs,
    );

    it(
      'rejects a failing step with ImageBuildError carrying the reason and the output so far',
      async () => {
        const err = await expectError(
          () =>
            driver.buildImage?.({
              context: [{ path: 'Dockerfile', content: `FROM ${ctx.image}\nRUN exit 3\n` }],
            }) ?? Promise.resolve(),
          ImageBuildError,
        );
        expect(err.reason).toMatch(/non-zero code: 3/);
        expect(err.log.length).toBeGreaterThan(0);
      },
      buildTimeoutMs,
    );

    it(
      'rejects a context without the Dockerfile with ValidationError',
      async () => {
        await expectError(
          () => driver.buildImage?.({ context: [{ path: 'README', content: 'no Dockerfile' }] }) ?? Promise.resolve(),
          ValidationError,
        );
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'system info', ['systemInfo'], () => {
    it(
      'reports the host, its versions and its disk usage',
      async () => {
        const info = await driver.getSystemInfo?.();
        expect(info?.cpus).toBeGreaterThan(0);
        expect(info?.memoryBytes).toBeGreaterThan(0);
        expect(info?.serverVersion).not.toBe('');
        expect(info?.containers.total).toBeGreaterThanOrEqual(info?.containers.running ?? 0);
        expect((await driver.getSystemVersion?.())?.version).not.toBe('');
        const usage = await driver.getSystemUsage?.();
        for (const part of [usage?.images, usage?.containers, usage?.volumes, usage?.buildCache]) {
          expect(part?.count).toBeGreaterThanOrEqual(0);
          expect(part?.sizeBytes).toBeGreaterThanOrEqual(0);
        }
      },
      timeoutMs,
    );
  });
}
