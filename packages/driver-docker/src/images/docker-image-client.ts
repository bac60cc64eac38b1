import { type ImageInfo, ImageNotFoundError, type PullOptions, type PullProgress, raceAbort } from '@berth/core';
import type Docker from 'dockerode';
import { engineStatus, mapDockerError } from '../errors/map-docker-error.js';

/** One message of the engine's pull progress stream. */
interface PullMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Images on one engine: pull (with progress and policies), list, remove, exists.
 *
 * Pull errors: "not found", "pull access denied", "manifest unknown" — and a registry that cannot be
 * reached at all (`dial tcp …`, `no such host`) — become `ImageNotFoundError` with the engine's message in
 * `cause`. The engine itself is healthy in that case, so it is deliberately not a `DriverUnavailableError`
 * (which would count against the engine's circuit breaker); an unreachable *engine* still is.
 */
export class DockerImageClient {
  readonly #docker: Docker;

  /** @param docker - dockerode client of the engine. */
  constructor(docker: Docker) {
    this.#docker = docker;
  }

  /** `true` when the image is present locally. */
  async exists(image: string): Promise<boolean> {
    try {
      await this.#docker.getImage(image).inspect();
      return true;
    } catch (err) {
      if (engineStatus(err) === 404) return false;
      throw mapDockerError(err, { operation: 'inspectImage', kind: 'image', id: image });
    }
  }

  /** Pulls `image` according to `opts.policy` (default `missing`), reporting progress. */
  async pull(image: string, opts: PullOptions = {}): Promise<void> {
    opts.signal?.throwIfAborted();
    const policy = opts.policy ?? 'missing';
    if (policy !== 'always') {
      const present = await raceAbort(this.exists(image), opts.signal);
      if (present) return;
      if (policy === 'never') throw new ImageNotFoundError(image, { operation: 'pullImage' });
    }
    let stream: NodeJS.ReadableStream;
    try {
      stream = await raceAbort(
        this.#docker.pull(
          image,
          opts.signal === undefined ? {} : { abortSignal: opts.signal },
        ) as Promise<NodeJS.ReadableStream>,
        opts.signal,
      );
    } catch (err) {
      if (opts.signal?.aborted === true) throw opts.signal.reason;
      throw mapDockerError(err, { operation: 'pullImage', kind: 'image', id: image });
    }
    await raceAbort(this.#follow(image, stream, opts.onProgress), opts.signal).catch((err: unknown) => {
      (stream as { destroy?: () => void }).destroy?.();
      throw err;
    });
  }

  #follow(image: string, stream: NodeJS.ReadableStream, onProgress?: (p: PullProgress) => void): Promise<void> {
    // the engine reports pull failures after the 200 header as `{ "error": … }` messages in the stream
    let failure: string | undefined;
    return new Promise<void>((resolve, reject) => {
      const fail = (message: string, cause?: unknown): void =>
        reject(
          mapDockerError(Object.assign(new Error(message), { statusCode: 500, json: { message }, cause }), {
            operation: 'pullImage',
            kind: 'image',
            id: image,
          }),
        );
      this.#docker.modem.followProgress(
        stream,
        (err: Error | null) => {
          if (err !== null && err !== undefined) fail(err.message, err);
          else if (failure !== undefined) fail(failure);
          else resolve();
        },
        (message: PullMessage) => {
          if (message.error !== undefined) {
            failure ??= message.errorDetail?.message ?? message.error;
            return;
          }
          if (onProgress === undefined) return;
          const progress: PullProgress = { image, status: message.status ?? '' };
          if (message.id !== undefined) progress.layer = message.id;
          if (message.progressDetail?.current !== undefined) progress.current = message.progressDetail.current;
          if (message.progressDetail?.total !== undefined) progress.total = message.progressDetail.total;
          onProgress(progress);
        },
      );
    });
  }

  /** Every local image. */
  async list(): Promise<ImageInfo[]> {
    try {
      const images = await this.#docker.listImages();
      return images.map((i) => ({
        id: i.Id,
        tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
        sizeBytes: i.Size,
        createdAt: new Date(i.Created * 1000),
      }));
    } catch (err) {
      throw mapDockerError(err, { operation: 'listImages', kind: 'image' });
    }
  }

  /** Removes a local image (`ImageNotFoundError` when absent, `ContainerConflictError` when in use). */
  async remove(image: string, opts: { force?: boolean } = {}): Promise<void> {
    try {
      await this.#docker.getImage(image).remove({ force: opts.force ?? false });
    } catch (err) {
      throw mapDockerError(err, { operation: 'removeImage', kind: 'image', id: image });
    }
  }
}
