import { type BuildProgress, ImageBuildError, ValidationError } from '@berth/core';
import type { DockerDriver } from '../docker-driver.js';
import { packTar } from '../files/tar-archive.js';
import { useDockerTestDriver } from '../testing/docker-test-driver.js';
import { describeDocker } from '../testing/docker-test-gate.js';
import type { DockerTestRun } from '../testing/docker-test-run.js';

/** A local base image (no registry): the busybox test image. */
const BASE = 'berth/busybox:latest';

await describeDocker('DockerDriver.buildImage', () => {
  let driver: DockerDriver;
  let run: DockerTestRun;
  useDockerTestDriver((connected) => ({ driver, run } = connected));

  describe('when given a tar archive built in memory', () => {
    it('builds and tags the image, reporting every step in order, and a container runs what it copied', async () => {
      const context = await packTar([
        {
          name: 'Dockerfile',
          mode: 0o644,
          content: Buffer.from(`FROM ${BASE}\nCOPY hello.txt /hello.txt\nRUN echo built-ok\n`),
        },
        { name: 'hello.txt', mode: 0o644, content: Buffer.from('hello from the context\n') },
      ]);
      const tag = `berth-test/${run.runId}:tar`;
      const events: BuildProgress[] = [];
      const result = await run.track(
        driver.buildImage({ context, tags: [tag], labels: run.labels, onProgress: (p) => events.push(p) }),
      );
      expect(result.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(result.tags).toEqual([tag]);
      const steps = events.filter((e) => e.kind === 'step');
      // the engine adds a LABEL step for `labels`
      expect(steps.map((s) => [s.step, s.totalSteps])).toEqual([
        [1, 4],
        [2, 4],
        [3, 4],
        [4, 4],
      ]);
      expect(steps[1]?.text).toBe('Step 2/4 : COPY hello.txt /hello.txt');
      expect(events.some((e) => e.kind === 'output' && e.text === 'built-ok')).toBe(true);
      expect((await driver.docker.getImage(tag).inspect()).Id).toBe(result.imageId);
      const c = await driver.createContainer({ image: tag, command: ['cat', '/hello.txt'], labels: run.labels });
      await driver.startContainer(c.id);
      await driver.waitContainer(c.id);
      expect(await driver.getContainerLogs(c.id)).toBe('hello from the context\n');
    });
  });

  describe('when given files', () => {
    it('packs them (nested paths included) with build args', async () => {
      const result = await run.track(
        driver.buildImage({
          context: [
            { path: 'Dockerfile', content: `FROM ${BASE}\nARG WHO\nCOPY app/ /app/\nRUN echo "$WHO" > /who\n` },
            { path: 'app/main.sh', content: 'echo main\n', mode: 0o755 },
          ],
          tags: [`berth-test/${run.runId}:files`],
          buildArgs: { WHO: 'berth' },
          labels: run.labels,
        }),
      );
      const c = await driver.createContainer({
        image: result.imageId,
        command: ['sh', '-c', 'cat /who && sh /app/main.sh'],
        labels: run.labels,
      });
      await driver.startContainer(c.id);
      await driver.waitContainer(c.id);
      expect(await driver.getContainerLogs(c.id)).toBe('berth\nmain\n');
    });
  });

  describe('when a step fails', () => {
    it('rejects with ImageBuildError carrying the engine reason and the output so far', async () => {
      const err = await driver
        .buildImage({
          context: [{ path: 'Dockerfile', content: `FROM ${BASE}\nRUN echo before-failure && exit 3\n` }],
          labels: run.labels,
        })
        .catch((e: unknown) => e);
      expect(ImageBuildError.is(err)).toBe(true);
      expect((err as ImageBuildError).reason).toMatch(/returned a non-zero code: 3/);
      expect((err as ImageBuildError).log).toContain('before-failure');
    });
  });

  describe('when the Dockerfile is not valid', () => {
    it('rejects with ImageBuildError', async () => {
      const err = await driver
        .buildImage({ context: [{ path: 'Dockerfile', content: `FROM ${BASE}\nNOSUCHINSTRUCTION x\n` }] })
        .catch((e: unknown) => e);
      expect(ImageBuildError.is(err)).toBe(true);
      expect((err as ImageBuildError).reason).toMatch(/unknown instruction/i);
    });
  });

  describe('when the FROM image is neither local nor pullable', () => {
    it('rejects with ImageBuildError', async () => {
      const err = await driver
        .buildImage({ context: [{ path: 'Dockerfile', content: 'FROM berth-test/no-such-image:never\n' }] })
        .catch((e: unknown) => e);
      expect(ImageBuildError.is(err)).toBe(true);
    }, 60_000);
  });

  describe('when the context has no Dockerfile', () => {
    it('rejects with ValidationError before calling the engine', async () => {
      await expect(driver.buildImage({ context: [{ path: 'x.txt', content: 'x' }] })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });
  });

  describe('when aborted', () => {
    it('rejects with the signal reason', async () => {
      const controller = new AbortController();
      const pending = run.track(
        driver.buildImage({
          context: [{ path: 'Dockerfile', content: `FROM ${BASE}\nRUN sleep 30\n` }],
          labels: run.labels,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.kind === 'step' && p.step === 2) controller.abort(new Error('stop the build'));
          },
        }),
      );
      await expect(pending).rejects.toThrow('stop the build');
    });
  });
});
