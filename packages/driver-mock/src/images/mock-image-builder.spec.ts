import { type BuildProgress, ImageBuildError, ValidationError } from '@berth/core';
import { MockDriver } from '../driver/mock-driver.js';

/** A one-file ustar archive (what `tar` writes), to feed the mock a tar context. */
function tarOf(name: string, text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const header = new Uint8Array(512);
  const put = (at: number, s: string): void => header.set(new TextEncoder().encode(s), at);
  put(0, name);
  put(100, '0000644\0');
  put(124, `${body.length.toString(8).padStart(11, '0')}\0`);
  put(156, '0');
  put(257, 'ustar\0');
  const padded = new Uint8Array(Math.ceil(body.length / 512) * 512);
  padded.set(body);
  const out = new Uint8Array(512 + padded.length + 1024);
  out.set(header);
  out.set(padded, 512);
  return out;
}

describe('MockDriver.buildImage', () => {
  let driver: MockDriver;
  beforeEach(() => {
    driver = new MockDriver({ seed: 7 });
  });
  afterEach(() => driver.dispose());

  describe('when the Dockerfile builds', () => {
    it('reports one step per instruction and makes the tag a local image containers can use', async () => {
      const progress: BuildProgress[] = [];
      const result = await driver.buildImage({
        context: [{ path: 'Dockerfile', content: 'FROM busybox:latest\nRUN echo hello\nCMD ["sh"]\n' }],
        tags: ['app:dev'],
        onProgress: (p) => progress.push(p),
      });
      expect(progress.filter((p) => p.kind === 'step').map((p) => p.text)).toEqual([
        'Step 1/3 : FROM busybox:latest',
        'Step 2/3 : RUN echo hello',
        'Step 3/3 : CMD ["sh"]',
      ]);
      expect(progress).toContainEqual({ kind: 'output', text: 'hello' });
      const images = await driver.listImages();
      expect(images.find((i) => i.tags.includes('app:dev'))?.id).toBe(result.imageId);
      await expect(driver.createContainer({ image: 'app:dev' })).resolves.toMatchObject({ image: 'app:dev' });
    });

    it('reads a tar archive context', async () => {
      const result = await driver.buildImage({ context: tarOf('Dockerfile', 'FROM busybox:latest\n'), tags: ['t:1'] });
      expect(result.tags).toEqual(['t:1']);
    });
  });

  describe('when a step fails', () => {
    it('rejects with ImageBuildError carrying the reason and the log', async () => {
      const err = await driver
        .buildImage({ context: [{ path: 'Dockerfile', content: 'FROM busybox:latest\nRUN exit 3\n' }] })
        .catch((e: unknown) => e);
      expect(ImageBuildError.is(err)).toBe(true);
      expect((err as ImageBuildError).reason).toBe("The command '/bin/sh -c exit 3' returned a non-zero code: 3");
      expect((err as ImageBuildError).log).toEqual(['Step 1/2 : FROM busybox:latest', 'Step 2/2 : RUN exit 3']);
    });
  });

  describe('when the FROM image is not local', () => {
    it('rejects with ImageBuildError', async () => {
      await expect(
        driver.buildImage({ context: [{ path: 'Dockerfile', content: 'FROM nosuch/image:1\n' }] }),
      ).rejects.toBeInstanceOf(ImageBuildError);
    });
  });

  describe('when the context has no Dockerfile', () => {
    it('rejects with ValidationError', async () => {
      await expect(driver.buildImage({ context: [{ path: 'x', content: '' }] })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });
  });
});

describe('MockDriver system info', () => {
  it('counts its containers, images and volumes', async () => {
    const driver = new MockDriver({ seed: 7 });
    try {
      const c = await driver.createContainer({ image: 'busybox:latest', command: ['sleep', '10'] });
      await driver.startContainer(c.id);
      await driver.createContainer({ image: 'busybox:latest' });
      await driver.createVolume({ name: 'v1' });
      const info = await driver.getSystemInfo();
      expect(info.containers).toEqual({ total: 2, running: 1, paused: 0, stopped: 1 });
      expect(info.images).toBe((await driver.listImages()).length);
      expect((await driver.getSystemUsage()).volumes.count).toBe(1);
      expect((await driver.getSystemVersion()).version).toBe(driver.version);
    } finally {
      await driver.dispose();
    }
  });
});
