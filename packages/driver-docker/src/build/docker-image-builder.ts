import {
  type BuildImageOptions,
  type BuildImageResult,
  ImageBuildError,
  raceAbort,
  ValidationError,
  type ValidationIssue,
} from '@berth/core';
import type Docker from 'dockerode';
import { engineMessage, engineStatus, isAbortError, mapDockerError } from '../errors/map-docker-error.js';
import { JsonObjectSplitter } from '../stats/json-object-splitter.js';
import { buildContextStream } from './build-context.js';
import { type BuildMessage, BuildProgressReader } from './build-progress.js';

const TAG = /^[a-z0-9][a-z0-9._\-/:]*$/;

/** Checks the options of a build; throws a `ValidationError` listing every bad field. */
export function validateBuildOptions(opts: BuildImageOptions): void {
  const issues: ValidationIssue[] = [];
  if (typeof opts !== 'object' || opts === null) {
    throw new ValidationError([{ path: '', message: 'expected build options' }], {}, 'build options');
  }
  if (opts.context === undefined || opts.context === null) issues.push({ path: 'context', message: 'is required' });
  (opts.tags ?? []).forEach((t, i) => {
    if (typeof t !== 'string' || !TAG.test(t) || t.length > 255) {
      issues.push({ path: `tags[${i}]`, message: 'must be a lower-case image reference such as app:1.0' });
    }
  });
  if (opts.dockerfile !== undefined && (typeof opts.dockerfile !== 'string' || opts.dockerfile.trim() === '')) {
    issues.push({ path: 'dockerfile', message: 'must be a non-empty path inside the context' });
  }
  for (const field of ['buildArgs', 'labels'] as const) {
    const v = opts[field];
    if (v === undefined) continue;
    if (typeof v !== 'object' || v === null || Object.values(v).some((x) => typeof x !== 'string')) {
      issues.push({ path: field, message: 'must map names to strings' });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, { operation: 'buildImage' }, 'build options');
}

/**
 * Builds images on one engine (`POST /build`, the classic builder): streams the context, reads the engine's
 * progress messages as they come and reports them, and maps failures to Berth errors: a Dockerfile the engine
 * refuses or a failing step → `ImageBuildError` (with the output so far), an unreachable engine →
 * `DriverUnavailableError`, bad options → `ValidationError`. An abort destroys the request.
 */
export class DockerImageBuilder {
  readonly #docker: Docker;

  /** @param docker - dockerode client of the engine. */
  constructor(docker: Docker) {
    this.#docker = docker;
  }

  /** Builds one image; see `ContainerDriver.buildImage`. */
  async build(opts: BuildImageOptions): Promise<BuildImageResult> {
    validateBuildOptions(opts);
    const { signal } = opts;
    signal?.throwIfAborted();
    const dockerfile = opts.dockerfile ?? 'Dockerfile';
    const context = await buildContextStream(opts.context, dockerfile);
    const tags = opts.tags ?? [];
    const query: Docker.ImageBuildOptions = {
      dockerfile,
      rm: true,
      forcerm: true,
      ...(tags.length === 0 ? {} : { t: tags as unknown as string }),
      ...(opts.buildArgs === undefined ? {} : { buildargs: opts.buildArgs }),
      ...(opts.labels === undefined ? {} : { labels: opts.labels }),
      ...(opts.target === undefined ? {} : { target: opts.target }),
      ...(opts.noCache === true ? { nocache: true } : {}),
      ...(opts.pull === true ? { pull: true } : {}),
      ...(signal === undefined ? {} : { abortSignal: signal }),
    };
    const reader = new BuildProgressReader(opts.onProgress);
    let stream: NodeJS.ReadableStream;
    try {
      stream = await raceAbort(this.#docker.buildImage(context, query), signal);
    } catch (err) {
      if (signal?.aborted === true) throw signal.reason;
      if (isAbortError(err)) throw err;
      const status = engineStatus(err);
      // the engine refuses a bad Dockerfile or build option before streaming (400/500 with a message)
      if (status === 400 || status === 500) {
        throw new ImageBuildError(engineMessage(err), [], { operation: 'buildImage', cause: err });
      }
      throw mapDockerError(err, { operation: 'buildImage', kind: 'image', id: tags[0] ?? 'build' });
    }
    try {
      await raceAbort(follow(stream, reader), signal);
    } catch (err) {
      (stream as { destroy?: () => void }).destroy?.();
      if (signal?.aborted === true) throw signal.reason;
      throw mapDockerError(err, { operation: 'buildImage', kind: 'image', id: tags[0] ?? 'build' });
    }
    if (reader.error !== undefined) throw new ImageBuildError(reader.error, reader.log, { operation: 'buildImage' });
    const imageId = reader.imageId ?? (await this.#idOfTag(tags[0]));
    if (imageId === undefined) {
      throw new ImageBuildError('the engine reported no image id', reader.log, { operation: 'buildImage' });
    }
    return { imageId, tags, log: reader.log };
  }

  async #idOfTag(tag: string | undefined): Promise<string | undefined> {
    if (tag === undefined) return undefined;
    try {
      return (await this.#docker.getImage(tag).inspect()).Id;
    } catch {
      return undefined;
    }
  }
}

/** Reads the whole build stream into `reader`; resolves at its end, rejects on a stream error. */
function follow(stream: NodeJS.ReadableStream, reader: BuildProgressReader): Promise<void> {
  const splitter = new JsonObjectSplitter();
  return new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      for (const message of splitter.push(chunk)) reader.read(message as BuildMessage);
    });
    stream.on('end', () => {
      reader.end();
      resolve();
    });
    stream.on('error', reject);
  });
}
