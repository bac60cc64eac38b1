import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { defaultSeccompFilter } from './default-filter.js';

/** File descriptor on which bwrap reads the seccomp program (`--seccomp 6`), opened by {@link withSeccompFd}. */
export const SANDBOX_SECCOMP_FD = 6;

/** Opens `$0` (the program's file) as fd {@link SANDBOX_SECCOMP_FD}, then runs the rest of argv; 126 if it cannot. */
const OPEN_FD_SCRIPT = `exec ${SANDBOX_SECCOMP_FD}<"$0" || exit 126; exec "$@"`;

/**
 * `argv` behind a `/bin/sh` (the host's) that first opens the seccomp program `file` as fd
 * {@link SANDBOX_SECCOMP_FD}, for bwrap's `--seccomp`, which takes a descriptor, not a path. `sh` replaces itself
 * with `argv`, so the host path is in no argv once it runs; bwrap closes the descriptor after reading it, so the
 * command does not hold it.
 */
export function withSeccompFd(file: string, argv: string[]): string[] {
  return ['/bin/sh', '-c', OPEN_FD_SCRIPT, file, ...argv];
}

/**
 * What an exec runs after joining a sandbox's namespaces so that it gets the filter the main process got: a bwrap
 * inside the sandbox (uid 0 and every capability there, before the privilege drop) that binds the sandbox's `/`
 * as its own `/` (a mount namespace of its own, with the same mounts), installs the filter read on fd
 * {@link SANDBOX_SECCOMP_FD} and runs the rest of argv. A seccomp filter is inherited, never joined: `nsenter`
 * cannot give one to a process the sandbox's init did not fork.
 */
export function execSeccompArgs(bwrap: string): string[] {
  return [bwrap, '--dev-bind', '/', '/', '--seccomp', String(SANDBOX_SECCOMP_FD), '--'];
}

/**
 * Writes the default filter (see `defaultSeccompFilter`) to `file` (a temporary file renamed over it, so a
 * concurrent reader never sees half of it); the content only depends on the host's architecture and byte order.
 */
export async function writeSeccompFilter(file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, defaultSeccompFilter(), { mode: 0o644 });
  await rename(tmp, file);
}
