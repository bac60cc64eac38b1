import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { type FileEntry, ResourceLimitError, ValidationError } from '@berth/core';
import { type FileOpContext, mapFileError, notRegularFile } from './file-errors.js';
import { openLeaf, openParentDir } from './open-in-container.js';
import { type ContainerFsRoots, containerPath } from './resolve-container-path.js';

/** Largest file `getFile` returns (256 MiB); a larger one is refused with `ResourceLimitError` (`file size`). */
export const MAX_GET_FILE_BYTES = 256 * 1024 * 1024;
/** Bytes read per system call by `getFile`; the abort signal is checked between reads. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** Mode bits `putFiles` applies: permissions only, never setuid, setgid or sticky. */
const PERMISSION_BITS = 0o777;
/** `O_NONBLOCK`: opening a FIFO returns at once (no writer/reader needed); no effect on regular files. */
const COMMON_FLAGS = constants.O_NONBLOCK | constants.O_NOCTTY;
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | COMMON_FLAGS;
const READ_FLAGS = constants.O_RDONLY | COMMON_FLAGS;

/** Options of {@link readContainerFile} and {@link readRegularFile}. */
export interface ReadFileOptions {
  /** Aborts the read between chunks (rejects with the signal's reason). */
  signal?: AbortSignal | undefined;
  /** Size limit (default {@link MAX_GET_FILE_BYTES}). */
  maxBytes?: number;
  /** Bytes per read (default {@link READ_CHUNK_BYTES}). */
  chunkBytes?: number;
}

/** What a non-regular file is, for the error message. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** Refuses anything but a regular file (directory, FIFO, socket, device) after `fstat` of the opened handle. */
function requireRegular(st: Stats, ctx: FileOpContext): void {
  if (st.isDirectory()) {
    throw new ValidationError([{ path: 'path', message: `${ctx.path} is a directory, not a file` }], {
      containerId: ctx.containerId,
      operation: ctx.operation,
    });
  }
  if (!st.isFile()) throw notRegularFile(ctx, kindOf(st));
}

function tooLarge(ctx: FileOpContext, limit: number, requested: number): ResourceLimitError {
  return new ResourceLimitError('file size', limit, requested, {
    containerId: ctx.containerId,
    operation: ctx.operation,
  });
}

/**
 * Writes one entry of `putFiles` into the container without following any symlink the container planted
 * (see `openParentDir`): parents are created, the file is opened with `O_NOFOLLOW`, checked to be a regular file
 * with `fstat`, then truncated, written and `fchmod`-ed through that one descriptor. The mode is masked to the
 * permission bits (default 0644).
 *
 * @throws a typed Berth error for every failure: `ContainerSecurityError` for a symlink or `..`,
 * `ValidationError` for a directory, FIFO, socket or device, `FileNotFoundError`, `DriverUnavailableError`.
 */
export async function writeContainerFile(
  roots: ContainerFsRoots,
  entry: FileEntry,
  containerId: string,
): Promise<void> {
  const ctx: FileOpContext = { containerId, operation: 'putFiles', path: entry.path };
  const path = containerPath(roots, entry.path, containerId, ctx.operation);
  if (path.parts.length === 0) {
    throw new ValidationError([{ path: 'path', message: `${entry.path} is the container's root, not a file` }], {
      containerId,
      operation: ctx.operation,
    });
  }
  const dir = await openParentDir(roots, path, ctx, true);
  let fh: FileHandle;
  try {
    fh = await openLeaf(roots, dir, path, WRITE_FLAGS, ctx, 0o600);
  } finally {
    await dir.close().catch(() => undefined);
  }
  try {
    requireRegular(await fh.stat(), ctx);
    await fh.truncate(0);
    await fh.writeFile(typeof entry.content === 'string' ? entry.content : Buffer.from(entry.content));
    await fh.chmod((entry.mode ?? 0o644) & PERMISSION_BITS);
  } catch (err) {
    throw mapFileError(err, ctx, path.absolute);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/**
 * Reads one file of the container for `getFile`, without following any symlink the container planted. The file
 * is opened with `O_NOFOLLOW | O_NONBLOCK` (a FIFO cannot block the thread), checked with `fstat` (only a regular
 * file is read) and read in chunks through that descriptor, the abort signal checked between chunks.
 *
 * @throws `ResourceLimitError` (`file size`) above `maxBytes`, `ValidationError` for a directory, FIFO, socket
 * or device, `ContainerSecurityError` for a symlink, `FileNotFoundError`; the signal's reason on abort.
 */
export async function readContainerFile(
  roots: ContainerFsRoots,
  path: string,
  containerId: string,
  opts: ReadFileOptions = {},
): Promise<Uint8Array> {
  const ctx: FileOpContext = { containerId, operation: 'getFile', path };
  const cpath = containerPath(roots, path, containerId, ctx.operation);
  if (cpath.parts.length === 0) {
    throw new ValidationError([{ path: 'path', message: `${path} is a directory, not a file` }], {
      containerId,
      operation: ctx.operation,
    });
  }
  opts.signal?.throwIfAborted();
  const dir = await openParentDir(roots, cpath, ctx, false);
  let fh: FileHandle;
  try {
    fh = await openLeaf(roots, dir, cpath, READ_FLAGS, ctx);
  } finally {
    await dir.close().catch(() => undefined);
  }
  const maxBytes = opts.maxBytes ?? MAX_GET_FILE_BYTES;
  try {
    const st = await fh.stat();
    requireRegular(st, ctx);
    if (st.size > maxBytes) throw tooLarge(ctx, maxBytes, st.size);
    return await readRegularFile(fh, st.size, { ...opts, maxBytes }, (n) => tooLarge(ctx, maxBytes, n));
  } catch (err) {
    if (opts.signal?.aborted === true && err === opts.signal.reason) throw err;
    throw mapFileError(err, ctx, cpath.absolute);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/**
 * Reads an open regular file from offset 0 to its end, `chunkBytes` per read, checking `signal` before each
 * read. `size` (from `fstat`) sizes the buffer; a file that grows meanwhile is read on, up to `maxBytes`, past
 * which `tooLarge(bytesSeen)` is thrown. The buffer never exceeds `maxBytes` (twice that while it grows).
 */
export async function readRegularFile(
  fh: FileHandle,
  size: number,
  opts: ReadFileOptions,
  tooLarge: (bytesSeen: number) => Error,
): Promise<Uint8Array> {
  const maxBytes = opts.maxBytes ?? MAX_GET_FILE_BYTES;
  const chunk = opts.chunkBytes ?? READ_CHUNK_BYTES;
  let buf = Buffer.alloc(Math.min(size, maxBytes));
  let pos = 0;
  for (;;) {
    opts.signal?.throwIfAborted();
    if (pos === buf.length) {
      // the buffer is full: is there more (a file that grew, or a size fstat does not know)?
      const probe = Buffer.alloc(1);
      if ((await fh.read(probe, 0, 1, pos)).bytesRead === 0) break;
      if (pos + 1 > maxBytes) throw tooLarge(pos + 1);
      const grown = Buffer.alloc(Math.min(maxBytes, Math.max(buf.length * 2, pos + chunk)));
      buf.copy(grown, 0, 0, pos);
      grown[pos] = probe[0] as number;
      buf = grown;
      pos++;
      continue;
    }
    const { bytesRead } = await fh.read(buf, pos, Math.min(chunk, buf.length - pos), pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, pos);
}
