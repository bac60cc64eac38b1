import {
  ContainerConflictError,
  ContainerSecurityError,
  type FileEntry,
  FileNotFoundError,
  ValidationError,
} from '@berth/core';
import { FsError } from '../fs/fs-error.js';
import { toBytes } from '../shell/shell-io.js';
import type { MockContainer } from './mock-container.js';

/**
 * Writes `files` into `c` (parents created, mode default 0644, relative paths from its working directory).
 * @throws FileNotFoundError, ContainerSecurityError (read-only) or ContainerConflictError, as an engine would.
 */
export function putContainerFiles(c: MockContainer, files: readonly FileEntry[]): void {
  for (const file of files) {
    try {
      c.fs.write(file.path, toBytes(file.content), { parents: true, mode: file.mode ?? 0o644 }, c.cwd);
    } catch (err) {
      throw toFileError(err, c.id, 'putFiles');
    }
  }
}

/**
 * The bytes of `path` in `c` (relative paths from its working directory).
 * @throws FileNotFoundError for a missing path or a directory.
 */
export function readContainerFile(c: MockContainer, path: string): Uint8Array {
  try {
    return c.fs.read(path, c.cwd);
  } catch (err) {
    throw toFileError(err, c.id, 'getFile');
  }
}

/** @throws ValidationError unless `path` is a non-empty string without NUL. */
export function validateFilePath(path: unknown, field: string): void {
  if (typeof path !== 'string' || path === '' || path.includes('\0')) {
    throw new ValidationError([{ path: field, message: 'must be a non-empty path without NUL' }], {}, 'file path');
  }
}

/** The Berth error an engine gives for a filesystem error of the mini shell's virtual filesystem. */
function toFileError(err: unknown, containerId: string, operation: string): unknown {
  if (!(err instanceof FsError)) return err;
  if (err.code === 'ENOENT' || (err.code === 'EISDIR' && operation === 'getFile')) {
    return new FileNotFoundError(err.path, { containerId, operation, cause: err });
  }
  if (err.code === 'EROFS') {
    return new ContainerSecurityError(`${err.path}: read-only file system`, { containerId, operation, cause: err });
  }
  return new ContainerConflictError(`${err.path}: ${err.reason}`, { containerId, operation, cause: err });
}
