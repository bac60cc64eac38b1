import { posix } from 'node:path';
import { type FileEntry, FileNotFoundError, ValidationError } from '@berth/core';
import type Docker from 'dockerode';
import { engineStatus, mapDockerError } from '../errors/map-docker-error.js';
import { packTar, readFirstEntry, type TarEntry } from './tar-archive.js';

/** Most symbolic links {@link DockerFileTransfer.getFile} follows before giving up. */
const MAX_LINKS = 8;

/**
 * Copies files in and out of a container through the archive endpoints (`PUT`/`GET /containers/{id}/archive`),
 * which work on running and stopped containers alike. `putArchive` needs its target directory to exist, so
 * {@link putFiles} finds the deepest existing ancestor of each file (`HEAD …/archive`) and packs the missing
 * parent directories (mode 0755) together with the file, relative to that ancestor. Existing directories are
 * never re-packed, so their modes and owners stay as they are.
 */
export class DockerFileTransfer {
  readonly #container: Docker.Container;

  /** @param container - dockerode handle of the container. */
  constructor(container: Docker.Container) {
    this.#container = container;
  }

  /** Writes every file (binary-safe), creating parent directories. Relative paths resolve against `workingDir`. */
  async putFiles(files: FileEntry[], workingDir: string): Promise<void> {
    const byAncestor = new Map<string, TarEntry[]>();
    const existing = new Map<string, boolean>();
    for (const file of files) {
      const path = resolvePath(file.path, workingDir);
      const dir = posix.dirname(path);
      const missing: string[] = [];
      let ancestor = dir;
      while (ancestor !== '/' && !(await this.#exists(ancestor, existing))) {
        missing.unshift(ancestor);
        ancestor = posix.dirname(ancestor);
      }
      const entries = byAncestor.get(ancestor) ?? [];
      for (const m of missing) {
        const name = posix.relative(ancestor, m);
        if (!entries.some((e) => e.name === name)) entries.push({ name, mode: 0o755 });
        existing.set(m, true);
      }
      const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
      entries.push({ name: posix.relative(ancestor, path), content, mode: file.mode ?? 0o644 });
      byAncestor.set(ancestor, entries);
    }
    for (const [ancestor, entries] of byAncestor) {
      const archive = await packTar(entries);
      try {
        await this.#container.putArchive(archive, { path: ancestor });
      } catch (err) {
        throw mapDockerError(err, {
          operation: 'putFiles',
          kind: 'file',
          id: ancestor,
          containerId: this.#container.id,
        });
      }
    }
  }

  /**
   * Reads one file; a missing path → `FileNotFoundError`, a directory → `ValidationError`. A symbolic link
   * is followed inside the container (as `cat` would), up to {@link MAX_LINKS} links; a dangling one is
   * `FileNotFoundError`.
   */
  async getFile(path: string, workingDir: string): Promise<Uint8Array> {
    let absolute = resolvePath(path, workingDir);
    for (let links = 0; links <= MAX_LINKS; links++) {
      const entry = await this.#readEntry(absolute);
      if (entry.kind === 'file')
        return new Uint8Array(entry.content.buffer, entry.content.byteOffset, entry.content.length);
      absolute = posix.resolve(posix.dirname(absolute), entry.target);
    }
    throw new FileNotFoundError(absolute, { containerId: this.#container.id, operation: 'getFile' });
  }

  async #readEntry(absolute: string): Promise<Exclude<Awaited<ReturnType<typeof readFirstEntry>>, undefined>> {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.#container.getArchive({ path: absolute });
    } catch (err) {
      // the caller inspected the container just before: a 404 here is the path
      if (engineStatus(err) === 404) {
        throw new FileNotFoundError(absolute, { containerId: this.#container.id, operation: 'getFile', cause: err });
      }
      throw mapDockerError(err, { operation: 'getFile', kind: 'file', id: absolute, containerId: this.#container.id });
    }
    const entry = await readFirstEntry(stream);
    if (entry === undefined) {
      throw new ValidationError([{ path: 'path', message: `${absolute} is not a regular file` }], {
        containerId: this.#container.id,
        operation: 'getFile',
      });
    }
    return entry;
  }

  async #exists(dir: string, cache: Map<string, boolean>): Promise<boolean> {
    const known = cache.get(dir);
    if (known !== undefined) return known;
    try {
      // dockerode answers HEAD with the response stream: reading its empty body ends the response and
      // frees the socket, which otherwise stays open (and keeps the process alive) until the engine closes it
      const response = await this.#container.infoArchive({ path: dir });
      response.resume();
      cache.set(dir, true);
      return true;
    } catch (err) {
      // HEAD has no body: a 404 cannot say what is missing; the caller inspected the container just before
      if (engineStatus(err) === 404) {
        cache.set(dir, false);
        return false;
      }
      throw mapDockerError(err, { operation: 'putFiles', kind: 'file', id: dir, containerId: this.#container.id });
    }
  }
}

/** Absolute, normalised path inside the container; `..` may not climb above `/`. */
export function resolvePath(path: string, workingDir: string): string {
  if (path === '' || path.includes('\0')) {
    throw new ValidationError(
      [{ path: 'path', message: 'must be a non-empty path without NUL bytes' }],
      {},
      'file path',
    );
  }
  const absolute = posix.resolve(workingDir === '' ? '/' : workingDir, path);
  if (absolute === '/')
    throw new ValidationError([{ path: 'path', message: 'must name a file, not /' }], {}, 'file path');
  return absolute;
}
