import { describe, expect, it } from '@jest/globals';
import type Docker from 'dockerode';
import { DockerTestRun } from './docker-test-run.js';
import { MultiEngineTestRun } from './multi-engine-test-run.js';

/** An engine holding labelled images only; `fail` makes its listing throw. */
function fakeEngine(options: { fail?: Error } = {}): { docker: Docker; images: Set<string> } {
  const images = new Set<string>();
  const docker = {
    listContainers: async () => [],
    listNetworks: async () => [],
    listVolumes: async () => ({ Volumes: [] }),
    listImages: async () => {
      if (options.fail !== undefined) throw options.fail;
      return [...images].map((Id) => ({ Id }));
    },
    getImage: (id: string) => ({ remove: async () => images.delete(id) }),
  } as unknown as Docker;
  return { docker, images };
}

/**
 * A build that leaves `id` on the engine one macrotask from now: after a clean-up that did not wait for it (the fake
 * engine answers in microtasks) has listed and removed everything.
 */
function lateBuild(images: Set<string>, id: string): Promise<void> {
  return new Promise<void>((resolve) => {
    setImmediate(() => {
      images.add(id);
      resolve();
    });
  });
}

describe(DockerTestRun.name, () => {
  describe('.cleanup', () => {
    it('waits for tracked work, so an image a build finishes late is removed too', async () => {
      const { docker, images } = fakeEngine();
      const run = new DockerTestRun(docker);
      const build = run.track(lateBuild(images, 'late'));
      await run.cleanup();
      await build;
      expect([...images]).toEqual([]);
    });

    it('waits for tracked work that fails, then cleans', async () => {
      const { docker, images } = fakeEngine();
      images.add('left');
      const run = new DockerTestRun(docker);
      await expect(run.track(Promise.reject(new Error('build failed')))).rejects.toThrow('build failed');
      await run.cleanup();
      expect([...images]).toEqual([]);
    });
  });
});

describe(MultiEngineTestRun.name, () => {
  it('labels every engine with one run id', () => {
    const run = new MultiEngineTestRun([fakeEngine().docker, fakeEngine().docker]);
    expect(run.labels).toEqual({ 'berth.test': run.runId });
  });

  it('cleans every engine, waiting for tracked work on each', async () => {
    const main = fakeEngine();
    const second = fakeEngine();
    const run = new MultiEngineTestRun([main.docker, second.docker]);
    main.images.add('on-main');
    const build = run.track(lateBuild(second.images, 'late-on-second'));
    await run.cleanup();
    await build;
    expect([...main.images, ...second.images]).toEqual([]);
  });

  it('tries every engine before it rethrows the first failure', async () => {
    const broken = fakeEngine({ fail: new Error('engine down') });
    const fine = fakeEngine();
    fine.images.add('left');
    const run = new MultiEngineTestRun([broken.docker, fine.docker]);
    await expect(run.cleanup()).rejects.toThrow('engine down');
    expect([...fine.images]).toEqual([]);
  });
});
