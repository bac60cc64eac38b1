import { constants } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, unlink } from 'node:fs/promises';
import { ContainerSecurityError } from '@berth/core';
import type { HostView } from './host-view.js';

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** Mount points at the top of every sandbox root besides the host's system directories. */
const SANDBOX_DIRS = ['proc', 'dev'] as const;

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

function inDir(dir: FileHandle, name: string): string {
  return `/proc/self/fd/${dir.fd}/${name}`;
}

/**
 * Makes directory `parts` (a container path split in components) in `rootfs`, one component at a time, each opened
 * with `O_NOFOLLOW` relative to the one before: a symlink or a file on the way is refused with
 * `ContainerSecurityError`, so a link the container planted in an earlier run cannot steer a mount (or a `mkdir`
 * running as root) to a host path. Nothing of the container runs while its sandbox is prepared.
 */
export async function ensureRootDir(rootfs: string, parts: string[], containerId: string): Promise<void> {
  let dir = await open(rootfs, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    for (const [i, name] of parts.entries()) {
      const at = `/${parts.slice(0, i + 1).join('/')}`;
      let next: FileHandle | null = null;
      for (let attempt = 0; next === null; attempt++) {
        try {
          next = await open(inDir(dir, name), DIR_FLAGS);
        } catch (err) {
          const code = errnoCode(err);
          if (code !== 'ENOENT' || attempt > 2) {
            throw new ContainerSecurityError(
              `Cannot use ${at} in container ${containerId} as a mount point (${code ?? String(err)}): it must be a directory, not a symlink or a file`,
              { containerId, operation: 'startContainer', cause: err },
            );
          }
          await mkdir(inDir(dir, name), 0o755).catch((e: unknown) => {
            if (errnoCode(e) !== 'EEXIST') throw e;
          });
        }
      }
      await dir.close().catch(() => undefined);
      dir = next;
    }
  } finally {
    await dir.close().catch(() => undefined);
  }
}

/** Splits an absolute container path in components (`/a/b` → `['a', 'b']`). */
export function pathParts(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

/**
 * `true` when `path` lies in one of the host directories the sandbox binds read-only (`/usr/…`, `/etc/…`, and the
 * top-level links bound as directories: `/bin/…`, `/lib64/…`).
 */
export function inHostDir(host: HostView, path: string): boolean {
  const dirs = [...host.dirs, ...host.symlinks.map((l) => l.path)];
  return dirs.some((d) => path === d || path.startsWith(`${d}/`));
}

/**
 * Lays out a container's rootfs for its sandbox before each start: the mount points of the host's system
 * directories, `/proc`, `/dev` and every volume target (see {@link ensureRootDir}); `/tmp` (mode 1777, the
 * container's own, persisted like the rest of its files); a directory at each of the host's top-level symlinks
 * (`/bin`, `/lib64` …), where the sandbox binds what they lead to read-only — whatever else is there (the link
 * an older run got, or a file or link the container put there) is removed first, a directory of the container's
 * is covered.
 * Volume targets inside a host system directory are bound over the host's path, which must exist.
 */
export async function prepareSandboxRoot(
  rootfs: string,
  host: HostView,
  mountTargets: string[],
  containerId: string,
): Promise<void> {
  for (const dir of [...host.dirs, ...SANDBOX_DIRS.map((d) => `/${d}`)]) {
    await ensureRootDir(rootfs, pathParts(dir), containerId);
  }
  await ensureRootDir(rootfs, ['tmp'], containerId);
  await chmodNoFollow(rootfs, 'tmp', 0o1777);
  for (const link of host.symlinks) {
    const name = pathParts(link.path)[0] as string;
    const st = await lstat(`${rootfs}/${name}`).catch(() => null);
    if (st !== null && !st.isDirectory()) await unlink(`${rootfs}/${name}`); // never follows the last component
    await ensureRootDir(rootfs, [name], containerId);
  }
  for (const target of mountTargets) {
    if (!inHostDir(host, target)) await ensureRootDir(rootfs, pathParts(target), containerId);
  }
}

/** `chmod` of directory `name` directly in `rootfs`, only when it is a directory (never through a symlink). */
async function chmodNoFollow(rootfs: string, name: string, mode: number): Promise<void> {
  const dir = await open(rootfs, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    const fh = await open(inDir(dir, name), DIR_FLAGS);
    try {
      await fh.chmod(mode);
    } finally {
      await fh.close();
    }
  } finally {
    await dir.close();
  }
}
