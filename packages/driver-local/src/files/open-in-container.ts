import { constants } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, stat } from 'node:fs/promises';
import { DriverUnavailableError } from '@berth/core';
import { errnoCode, type FileOpContext, mapFileError, symlinkRefused } from './file-errors.js';
import type { ContainerFsRoots, ContainerPath } from './resolve-container-path.js';

/** Flags for each directory on the way: a symlink or a file fails (`ENOTDIR`, or `ELOOP` for a symlink). */
const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
/** Mode of the parent directories `putFiles` creates. */
const NEW_DIR_MODE = 0o755;
/** How often a missing directory is created again when the container removes it between mkdir and open. */
const MKDIR_ATTEMPTS = 3;

let procChecked: Promise<void> | undefined;

/** The walk names entries as `/proc/self/fd/<dirfd>/<name>`; without `/proc` it cannot run. */
function requireProcFd(): Promise<void> {
  procChecked ??= stat('/proc/self/fd').then(
    () => undefined,
    (err: unknown) => {
      procChecked = undefined;
      throw new DriverUnavailableError('The local driver files API needs /proc mounted (it opens files via /proc)', {
        cause: err,
      });
    },
  );
  return procChecked;
}

/**
 * Path naming `name` inside the directory open as `dir`. The kernel resolves `/proc/self/fd/<fd>` to that very
 * directory (whatever has since been renamed or replaced by a symlink on the way to it), then looks `name` up in
 * it: together with `O_NOFOLLOW` this is `openat(dirfd, name, O_NOFOLLOW)`, which Node does not offer.
 */
function inDir(dir: FileHandle, name: string): string {
  return `/proc/self/fd/${dir.fd}/${name}`;
}

/** Closes a handle, ignoring a failure (it is closed either way; nothing was written through it). */
async function closeQuietly(fh: FileHandle): Promise<void> {
  await fh.close().catch(() => undefined);
}

/** `true` when container path `at` is where a volume or bind of the container is mounted. */
function isMountPoint(roots: ContainerFsRoots, at: string): boolean {
  return roots.mounts.some((m) => m.target === at);
}

/**
 * Opens the mount source linked at `at` with `flags`, when `at` is a known mount point (the symlink met there
 * is not read: the source comes from the spec). Any other symlink is refused with `ContainerSecurityError`.
 */
async function openMount(
  roots: ContainerFsRoots,
  at: string,
  flags: number,
  ctx: FileOpContext,
  mode?: number,
): Promise<FileHandle> {
  const mount = roots.mounts.find((m) => m.target === at);
  if (mount === undefined) throw symlinkRefused(ctx, at);
  try {
    return await open(mount.source, flags & ~constants.O_NOFOLLOW, mode);
  } catch (err) {
    throw mapFileError(err, ctx, at);
  }
}

/**
 * Whether `name` in `dir` is a symlink now. Only picks the error to report after `O_DIRECTORY | O_NOFOLLOW`
 * failed with `ENOTDIR` (which Linux answers for a symlink as for a file): nothing is opened through it.
 */
async function isSymlink(dir: FileHandle, name: string): Promise<boolean> {
  return lstat(inDir(dir, name)).then(
    (st) => st.isSymbolicLink(),
    () => false,
  );
}

/** Opens the directory `name` (container path `at`) inside `dir`, creating it first when `create` is set. */
async function openChildDir(
  roots: ContainerFsRoots,
  dir: FileHandle,
  name: string,
  at: string,
  ctx: FileOpContext,
  create: boolean,
): Promise<FileHandle> {
  // a volume or bind (a symlink without the sandbox, a bind mount made inside it) is its source, whatever is there
  if (isMountPoint(roots, at)) return openMount(roots, at, DIR_FLAGS, ctx);
  for (let attempt = 1; ; attempt++) {
    try {
      return await open(inDir(dir, name), DIR_FLAGS);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ELOOP' || (code === 'ENOTDIR' && (await isSymlink(dir, name)))) {
        return openMount(roots, at, DIR_FLAGS, ctx);
      }
      if (code !== 'ENOENT' || !create || attempt > MKDIR_ATTEMPTS) throw mapFileError(err, ctx, at);
    }
    try {
      // mkdir does not follow a symlink in the last component: one planted here fails with EEXIST and the
      // next open refuses it
      await mkdir(inDir(dir, name), NEW_DIR_MODE);
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw mapFileError(err, ctx, at);
    }
  }
}

/**
 * Opens the directory that holds the last component of `path`, one component at a time from the rootfs, each
 * with `O_NOFOLLOW` relative to the directory opened before. A symlink on the way is refused
 * (`ContainerSecurityError`) unless it is a mount point, which leads to its mount source. With `create`,
 * missing directories are made (mode 0755) the same way. The caller closes the returned handle.
 *
 * @throws a typed Berth error for every failure (see `mapFileError`).
 */
export async function openParentDir(
  roots: ContainerFsRoots,
  path: ContainerPath,
  ctx: FileOpContext,
  create: boolean,
): Promise<FileHandle> {
  await requireProcFd();
  let dir: FileHandle;
  try {
    dir = await open(roots.rootfs, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch (err) {
    throw mapFileError(err, ctx, '/');
  }
  try {
    for (let i = 0; i < path.parts.length - 1; i++) {
      const at = `/${path.parts.slice(0, i + 1).join('/')}`;
      const next = await openChildDir(roots, dir, path.parts[i] as string, at, ctx, create);
      await closeQuietly(dir);
      dir = next;
    }
    return dir;
  } catch (err) {
    await closeQuietly(dir);
    throw err;
  }
}

/**
 * Opens the last component of `path` inside `dir` (from {@link openParentDir}) with `flags | O_NOFOLLOW`
 * (and `mode` when it creates). A symlink there is refused unless it is a mount point. The caller closes the
 * handle and must `fstat` it before use: the flags decide only how it is opened, not what it is.
 */
export async function openLeaf(
  roots: ContainerFsRoots,
  dir: FileHandle,
  path: ContainerPath,
  flags: number,
  ctx: FileOpContext,
  mode?: number,
): Promise<FileHandle> {
  const name = path.parts[path.parts.length - 1] as string;
  if (isMountPoint(roots, path.absolute)) return openMount(roots, path.absolute, flags, ctx, mode);
  try {
    return await open(inDir(dir, name), flags | constants.O_NOFOLLOW, mode);
  } catch (err) {
    if (errnoCode(err) === 'ELOOP') return openMount(roots, path.absolute, flags, ctx, mode);
    throw mapFileError(err, ctx, path.absolute);
  }
}
