import {
  type BerthError,
  ContainerConflictError,
  ContainerSecurityError,
  DriverUnavailableError,
  FileNotFoundError,
  isBerthError,
  ValidationError,
} from '@berth/core';

/** What a files-API call was doing when a system call failed, for the typed error. */
export interface FileOpContext {
  /** The container. */
  containerId: string;
  /** `putFiles` or `getFile`. */
  operation: 'putFiles' | 'getFile';
  /** The path as the caller gave it. */
  path: string;
}

/** The errno code of a Node system error, or `undefined`. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `ValidationError` saying the path names something that is not a regular file. */
export function notRegularFile(ctx: FileOpContext, what: string, cause?: unknown): ValidationError {
  return new ValidationError(
    [{ path: 'path', message: `${ctx.path} is ${what}, not a regular file; only regular files can be copied` }],
    { containerId: ctx.containerId, operation: ctx.operation, ...(cause === undefined ? {} : { cause }) },
  );
}

/** `ContainerSecurityError` for a symlink met on the way (only volume mount points are followed). */
export function symlinkRefused(ctx: FileOpContext, at: string, cause?: unknown): ContainerSecurityError {
  return new ContainerSecurityError(
    `Path ${ctx.path} goes through the symlink ${at}; the files API follows no symlinks except volume mount ` +
      'points, so use the real path',
    { containerId: ctx.containerId, operation: ctx.operation, ...(cause === undefined ? {} : { cause }) },
  );
}

/**
 * Turns a failed system call of the files API into a typed Berth error (a Berth error passes through):
 * `ENOENT` → `FileNotFoundError`; `ELOOP` → `ContainerSecurityError` (a symlink); `EACCES`/`EPERM` →
 * `ContainerSecurityError`; `ENOTDIR` → `FileNotFoundError` when reading, `ValidationError` when writing;
 * `EISDIR`, `ENXIO`, `ENODEV`, `ENAMETOOLONG` → `ValidationError`; `ETXTBSY` → `ContainerConflictError`;
 * anything else (`EIO`, `ENOSPC`, `EMFILE` …) → `DriverUnavailableError` (retryable), with the cause kept.
 *
 * @param at - container path of the component the call was about, for the message.
 */
export function mapFileError(err: unknown, ctx: FileOpContext, at: string): BerthError {
  if (isBerthError(err)) return err;
  const opts = { containerId: ctx.containerId, operation: ctx.operation, cause: err };
  const code = errnoCode(err);
  switch (code) {
    case 'ENOENT':
      return new FileNotFoundError(ctx.path, opts);
    case 'ELOOP':
      return symlinkRefused(ctx, at, err);
    case 'EACCES':
    case 'EPERM':
      return new ContainerSecurityError(`Permission denied on ${at} for ${ctx.operation} of ${ctx.path}`, opts);
    case 'ENOTDIR':
      if (ctx.operation === 'getFile') return new FileNotFoundError(ctx.path, opts);
      return new ValidationError(
        [{ path: 'path', message: `${at} (a parent of ${ctx.path}) is not a directory` }],
        opts,
      );
    case 'EISDIR':
      return new ValidationError([{ path: 'path', message: `${ctx.path} is a directory, not a file` }], opts);
    case 'ENXIO':
    case 'ENODEV':
      return notRegularFile(ctx, 'a socket, FIFO or device', err);
    case 'ENAMETOOLONG':
      return new ValidationError([{ path: 'path', message: `${ctx.path} is too long for the host` }], opts);
    case 'ETXTBSY':
      return new ContainerConflictError(`${ctx.path} is a program being run; it cannot be written now`, opts);
    default:
      return new DriverUnavailableError(`${ctx.operation} of ${ctx.path} failed on the host: ${String(err)}`, opts);
  }
}
