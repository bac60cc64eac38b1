import { normalize, posix } from 'node:path';
import { ContainerSecurityError, ValidationError } from '@berth/core';

/** A volume or bind linked into the container's tree: the symlink at `target` leads to `source`. */
export interface MountPoint {
  /** Absolute container path of the link, normalised (`/data`). */
  target: string;
  /** Real host path the link stands for (the volume's data directory or the bind source). */
  source: string;
}

/** Where a container's files live: its rootfs plus the volumes and binds linked into it. */
export interface ContainerFsRoots {
  /** The container's rootfs on the host. */
  rootfs: string;
  /** Working directory inside the container (absolute, container view) for relative paths. */
  workingDir: string;
  /**
   * Volumes and binds mounted into the tree (by symlink without the sandbox, bind mounts inside it): a path
   * reaching a target continues in its source (the only symlinks the files API follows are these).
   */
  mounts: MountPoint[];
}

/** A container path split for a component-by-component walk. */
export interface ContainerPath {
  /** Absolute, normalised container path (`/a/b/c`). */
  absolute: string;
  /** Its components (`['a', 'b', 'c']`); empty for `/`. */
  parts: string[];
}

/**
 * Maps a path given to `putFiles`/`getFile` to a container path: absolute paths as they are, relative ones from
 * the working directory. A path with a `..` component, or one that is empty or holds NUL, is refused (the first
 * with `ContainerSecurityError`, the others with `ValidationError`). Symlinks are not looked at here: the walk
 * in `open-in-container.ts` refuses them.
 */
export function containerPath(
  roots: ContainerFsRoots,
  path: string,
  containerId: string,
  operation: string,
): ContainerPath {
  if (path.length === 0 || path.includes('\0')) {
    throw new ValidationError([{ path: 'path', message: 'path must be non-empty and contain no NUL' }], {
      containerId,
      operation,
    });
  }
  if (path.split('/').includes('..')) {
    throw new ContainerSecurityError(`Path ${path} escapes the container; use a path inside it`, {
      containerId,
      operation,
    });
  }
  const absolute = normalize(path.startsWith('/') ? path : posix.join(roots.workingDir, path));
  if (!absolute.startsWith('/')) {
    throw new ContainerSecurityError(`Path ${path} escapes the container; use a path inside it`, {
      containerId,
      operation,
    });
  }
  const parts = absolute.split('/').filter((p) => p !== '' && p !== '.');
  return { absolute: `/${parts.join('/')}`, parts };
}

/** `target` of a volume spec as the walk compares it: absolute and normalised (`data/` → `/data`). */
export function mountTarget(target: string): string {
  const parts = normalize(`/${target}`)
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  return `/${parts.join('/')}`;
}
