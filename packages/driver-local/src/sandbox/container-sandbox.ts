import { DriverUnavailableError, type IsolationLevel } from '@berth/core';
import type { LaunchSandbox } from '../state/records.js';
import { type HostView, HostViewCache } from './host-view.js';
import { ensureRootDir, inHostDir, pathParts, prepareSandboxRoot } from './prepare-sandbox-root.js';
import { inDirArgs, nsenterArgs, type SandboxMount, sandboxArgsViaFd } from './sandbox-args.js';
import { SANDBOX_HINT, type SandboxSupport } from './sandbox-probe.js';
// seccomp (default filter for the main process and every exec)
import { execSeccompArgs, SANDBOX_SECCOMP_FD, withSeccompFd, writeSeccompFilter } from './seccomp/seccomp-fd.js';

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
  /**
   * Give its processes the driver's seccomp filter, when it has one (default `true`). `false` for a spec with
   * `noNewPrivileges: false`: bwrap's `--seccomp` sets `no_new_privs`, which would break its setuid programs.
   */
  seccomp?: boolean;
}

/**
 * The local driver's isolation: whether containers run in bubblewrap (`'process'`), as plain host processes by
 * explicit opt-in (`'none'`), or not at all because bwrap was asked for and is not usable (`'refused'`).
 */
export class ContainerSandbox {
  readonly #support: SandboxSupport | null;
  readonly #hostView = new HostViewCache();
  // seccomp: where the default filter is written (null: containers get no filter), and that write, done once
  readonly #seccompFile: string | null;
  #seccompWritten: Promise<void> | null = null;

  /**
   * @param support - the probe's result; `null` when isolation `'none'` was chosen (nothing probed).
   * @param seccompFile - where to write the default seccomp filter every sandboxed process gets (see
   *   `defaultSeccompFilter`); `null`: none (the `seccomp: false` option).
   */
  constructor(support: SandboxSupport | null, seccompFile: string | null = null) {
    this.#support = support;
    this.#seccompFile = seccompFile;
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
    const sandbox: LaunchSandbox = {
      nsenter: s.nsenter,
      userns: s.userns,
      hostNetwork: run.hostNetwork,
      workingDir: chdir,
    };
    const prefix = [...bwrap.argv, ...inDirArgs(run.workingDir, run.owner, true)];
    // seccomp: bwrap installs the filter read on fd 6 right before it execs the command (after its own setup)
    const file = run.seccomp === false ? null : this.#seccompFile;
    if (file === null) return { prefix, args: bwrap.options, sandbox };
    this.#seccompWritten ??= writeSeccompFilter(file);
    await this.#seccompWritten;
    return {
      prefix: withSeccompFd(file, prefix),
      args: [...bwrap.options, '--seccomp', String(SANDBOX_SECCOMP_FD)],
      sandbox: { ...sandbox, seccomp: { file, bwrap: s.bwrap } },
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
  const prefix = dir === (sandbox.workingDir ?? '/') ? join : [...join, ...inDirArgs(dir)];
  // seccomp: the exec installs the run's filter itself (a filter is inherited, never joined)
  const sc = sandbox.seccomp;
  return sc === undefined
    ? prefix
    : withSeccompFd(sc.file, [...join, ...execSeccompArgs(sc.bwrap), ...prefix.slice(join.length)]);
}
