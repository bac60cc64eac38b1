import { lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { ContainerSecurityError, ValidationError } from '@berth/core';

/** Where a container's files live: its rootfs plus the real directories its volume links point to. */
export interface ContainerFsRoots {
  /** The container's rootfs on the host. */
  rootfs: string;
  /** Working directory inside the container (absolute, container view) for relative paths. */
  workingDir: string;
  /** Real host directories mounted into the tree by symlink (volumes and binds). */
  mounts: string[];
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function realRoots(roots: ContainerFsRoots): Promise<string[]> {
  const out: string[] = [];
  for (const r of [roots.rootfs, ...roots.mounts]) {
    try {
      out.push(await realpath(r));
    } catch {
      // a missing mount source cannot contain anything
    }
  }
  return out;
}

/**
 * Maps a container path to a host path inside the rootfs. Absolute paths resolve inside the rootfs
 * (`/etc/x` → `<rootfs>/etc/x`), relative ones from the working directory. A path that leaves the tree
 * lexically (`..`) or through a symlink is refused with `ContainerSecurityError`.
 */
export function lexicalPath(roots: ContainerFsRoots, path: string, containerId: string): string {
  if (path.length === 0 || path.includes('\0')) {
    throw new ValidationError([{ path: 'path', message: 'path must be non-empty and contain no NUL' }]);
  }
  const inContainer = path.startsWith('/') ? path : join(roots.workingDir, path);
  const norm = normalize(inContainer);
  if (path.split('/').includes('..') || !norm.startsWith('/')) {
    throw new ContainerSecurityError(`Path ${path} escapes the container; use a path inside it`, {
      containerId,
      operation: 'files',
    });
  }
  return join(roots.rootfs, norm);
}

/**
 * Resolves `path` for writing: creates missing parent directories one by one, checking after each step
 * (with `realpath`) that the parent is still inside the container, and refuses a final component that is a
 * symlink pointing outside.
 */
export async function resolveForWrite(roots: ContainerFsRoots, path: string, containerId: string): Promise<string> {
  const target = lexicalPath(roots, path, containerId);
  const allowed = await realRoots(roots);
  const refuse = (): never => {
    throw new ContainerSecurityError(`Path ${path} resolves outside the container; refusing to write`, {
      containerId,
      operation: 'putFiles',
    });
  };
  const parts = relative(roots.rootfs, dirname(target))
    .split(sep)
    .filter((p) => p !== '');
  let current = roots.rootfs;
  for (const part of parts) {
    current = join(current, part);
    try {
      await mkdir(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const real = await realpath(current);
    if (!allowed.some((root) => inside(root, real))) refuse();
  }
  try {
    const st = await lstat(target);
    if (st.isSymbolicLink()) {
      const real = await realpath(target).catch(() => null);
      if (real === null || !allowed.some((root) => inside(root, real))) refuse();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return target;
}

/** Resolves `path` for reading: its real path must be inside the container. `null` when it does not exist. */
export async function resolveForRead(
  roots: ContainerFsRoots,
  path: string,
  containerId: string,
): Promise<string | null> {
  const target = lexicalPath(roots, path, containerId);
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    return null;
  }
  const allowed = await realRoots(roots);
  if (!allowed.some((root) => inside(root, real))) {
    throw new ContainerSecurityError(`Path ${path} resolves outside the container; refusing to read`, {
      containerId,
      operation: 'getFile',
    });
  }
  return real;
}
