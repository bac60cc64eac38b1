import { Readable } from 'node:stream';
import { ImageNotFoundError, type PullProgress } from '@berth/core';
import Docker from 'dockerode';
import { DockerImageClient } from './docker-image-client.js';

/** A real dockerode client whose `pull` and image lookup answer from memory (no registry here). */
function engineWithPull(messages: object[], present = false): Docker {
  const docker = new Docker({ socketPath: '/var/run/berth-unused.sock' });
  docker.pull = (() =>
    Promise.resolve(Readable.from(messages.map((m) => `${JSON.stringify(m)}\n`)))) as unknown as Docker['pull'];
  docker.getImage = ((name: string) => ({
    inspect: () =>
      present
        ? Promise.resolve({ Id: name })
        : Promise.reject(Object.assign(new Error('no such image'), { statusCode: 404 })),
  })) as unknown as Docker['getImage'];
  return docker;
}

describe(DockerImageClient.name, () => {
  describe('.pull', () => {
    it('reports every progress message with layer and byte counts', async () => {
      const progress: PullProgress[] = [];
      const client = new DockerImageClient(
        engineWithPull([
          { status: 'Pulling from library/busybox', id: 'latest' },
          { status: 'Downloading', id: 'abc', progressDetail: { current: 10, total: 100 } },
          { status: 'Download complete', id: 'abc' },
          { status: 'Status: Downloaded newer image for busybox:latest' },
        ]),
      );
      await client.pull('busybox:latest', { onProgress: (p) => progress.push(p) });
      expect(progress).toEqual([
        { image: 'busybox:latest', status: 'Pulling from library/busybox', layer: 'latest' },
        { image: 'busybox:latest', status: 'Downloading', layer: 'abc', current: 10, total: 100 },
        { image: 'busybox:latest', status: 'Download complete', layer: 'abc' },
        { image: 'busybox:latest', status: 'Status: Downloaded newer image for busybox:latest' },
      ]);
    });

    it('throws ImageNotFoundError when the stream ends with a not-found error', async () => {
      const client = new DockerImageClient(
        engineWithPull([
          { error: 'manifest for x:1 not found: manifest unknown', errorDetail: { message: 'manifest unknown' } },
        ]),
      );
      await expect(client.pull('x:1')).rejects.toThrow(ImageNotFoundError);
    });

    it('does not pull an image that is present with policy missing', async () => {
      const progress: PullProgress[] = [];
      const client = new DockerImageClient(engineWithPull([{ status: 'should not happen' }], true));
      await client.pull('busybox:latest', { policy: 'missing', onProgress: (p) => progress.push(p) });
      expect(progress).toEqual([]);
    });
  });
});
