import { DriverUnavailableError, type IsolationLevel } from '@berth/core';
import type { LaunchSandbox } from '../state/records.js';
import { type HostView, HostViewCache } from './host-view.js';
import { ensureRootDir, inHostDir, pathParts, prepareSandboxRoot } from './prepare-sandbox-root.js';
import { inDirArgs, nsenterArgs, type SandboxMount, sandboxArgsViaFd } from './sandbox-args.js';
import { SANDBOX_HINT, type SandboxSupport } from './sandbox-probe.js';

/** What a container's run needs from its sandbox. */
export interface SandboxRun {
  /** Container id (hostname: its first 12 characters). */
  id: string;
  /** The container's rootfs on the host. */
  rootfs: string;
  /** Its working directory, as the container sees it (absolute). */
  workingDir: string;
  /** Its volumes and binds. */
  mounts: SandboxMount[];
  /** `network: 'host'` in the spec. */
  hostNetwork: boolean;
  /** `uid:gid` the working directory is handed to (the spec's `security.user`), if any. */
  owner?: string;
}

/**
 * The local driver's isolation: whether containers run in bubblewrap (`'process'`), as plain host processes by
 * explicit opt-in (`'none'`), or not at all because bwrap was asked for and is not usable (`'refused'`).
 */
export class ContainerSandbox {
  readonly #support: SandboxSupport | null;
  readonly #hostView = new HostViewCache();

  /**
   * @param support - the probe's result; `null` when isolation `'none'` was chosen (nothing probed).
   */
  constructor(support: SandboxSupport | null) {
    this.#support = support;
  }

  /** `'process'` (sandboxed), `'none'` (opted out) or `'refused'` (asked for, bwrap not usable). */
  get mode(): 'process' | 'none' | 'refused' {
    if (this.#support === null) return 'none';
    return this.#support.usable ? 'process' : 'refused';
  }

  /** What `capabilities.isolation` declares: `'process'` unless opted out (a refusing driver runs nothing). */
  get isolation(): IsolationLevel {
    return this.#support === null ? 'none' : 'process';
  }

  /** Health details: the mode, and bwrap's path and version or why it is not usable. */
  details(): Record<string, unknown> {
    const s = this.#support;
    if (s === null) return { mode: 'none', reason: "isolation 'none' chosen: containers run as plain host processes" };
    if (!s.usable) return { mode: 'refused', reason: s.reason, fix: SANDBOX_HINT };
    return { mode: 'process', bwrap: s.bwrap, version: s.version, userns: s.userns };
  }

  /** Throws `DriverUnavailableError` (why, and how to fix it) when containers cannot be run. */
  assertUsable(operation: string, containerId?: string): void {
    const s = this.#support;
    if (s === null || s.usable) return;
    throw new DriverUnavailableError(`The local driver cannot sandbox containers: ${s.reason}; ${SANDBOX_HINT}`, {
      operation,
      ...(containerId === undefined ? {} : { containerId }),
    });
  }

  /**
   * Prepares the rootfs of `run` (mount points, `/tmp`, symlinks: see `prepareSandboxRoot`) and returns the argv
   * prefix of its main process — `bwrap --args 5 -- sh -c 'mkdir -p; cd; report ready' <workingDir> --` (privileges
   * and the command follow) — bwrap's options (`args`, which the supervisor writes on fd 5, so that no host path is
   * in the sandbox's `/proc/1/cmdline`) and what its execs need to join it; `null` when unsandboxed. The
   * supervisor reads the init's pid on fd 3 and the ready report on fd 4.
   */
  async launch(run: SandboxRun): Promise<{ prefix: string[]; args: string[]; sandbox: LaunchSandbox } | null> {
    const s = this.#support;
    if (s === null) return null;
    if (!s.usable) {
      this.assertUsable('startContainer', run.id);
      return null;
    }
    const host = this.#hostView.get();
    const targets = run.mounts.map((m) => m.target);
    await prepareSandboxRoot(run.rootfs, host, targets, run.id);
    const chdir = await initWorkingDir(run, host, targets);
    const bwrap = sandboxArgsViaFd({
      bwrap: s.bwrap,
      userns: s.userns,
      rootfs: run.rootfs,
      host,
      mounts: run.mounts,
      hostNetwork: run.hostNetwork,
      hostname: run.id.slice(0, 12),
      chdir,
    });
    return {
      prefix: [...bwrap.argv, ...inDirArgs(run.workingDir, run.owner, true)],
      args: bwrap.options,
      sandbox: { nsenter: s.nsenter, userns: s.userns, hostNetwork: run.hostNetwork, workingDir: chdir },
    };
  }
}

/**
 * The working directory bwrap's init gets (so execs start there with no `cd`): the container's, when it can be
 * made a plain directory of the rootfs now (not under a mount or a host directory, no symlink on the way — a
 * container may link its own paths, then `/` and the `cd` wrapper do the job inside), else `/`.
 */
async function initWorkingDir(run: SandboxRun, host: HostView, targets: string[]): Promise<string> {
  const dir = run.workingDir;
  if (dir === '/' || inHostDir(host, dir)) return '/';
  if (targets.some((t) => dir === t || dir.startsWith(`${t}/`))) return '/';
  try {
    await ensureRootDir(run.rootfs, pathParts(dir), run.id);
    return dir;
  } catch {
    return '/';
  }
}

/**
 * argv prefix of an exec in a sandboxed run: join its namespaces (its init is `initPid`), then enter `dir` —
 * with no `cd` wrapper (one process less) when that is the init's working directory already.
 */
export function sandboxExecPrefix(sandbox: LaunchSandbox, initPid: number, dir: string): string[] {
  const join = nsenterArgs(sandbox.nsenter, initPid, sandbox.userns, sandbox.hostNetwork === true);
  return dir === (sandbox.workingDir ?? '/') ? join : [...join, ...inDirArgs(dir)];
}
