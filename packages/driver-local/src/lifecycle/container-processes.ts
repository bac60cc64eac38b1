import { existsSync } from 'node:fs';
import { chown, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  ContainerNotFoundError,
  type ContainerSpec,
  DriverUnavailableError,
  type ExitStatus,
  raceAbort,
  throwIfAborted,
} from '@berth/core';
import { CgroupManager, type ContainerCgroup } from '../cgroups/cgroup-manager.js';
import { CONTAINER_ID_ENV, containerEnv } from '../process/host-env.js';
import { type LateEnv, lateEnv } from '../process/late-env.js';
import { processesWithEnvMarker } from '../process/proc-stat.js';
import { trySignal } from '../process/signals.js';
import type { ContainerSandbox } from '../sandbox/container-sandbox.js';
import { atomicWriteJson } from '../state/atomic-write.js';
import type { ContainerStore } from '../state/container-store.js';
import type { ContainerRecord, LaunchSpec } from '../state/records.js';
import type { StateLayout } from '../state/state-layout.js';
import { etcHostsMounts } from './etc-hosts.js';
import { launchSupervisor } from './launch-supervisor.js';
import { privilegeArgs, type RunAs, resolveRunAs } from './privileges.js';
import { waitNotRunning } from './wait-not-running.js';
import { wrapCommand } from './wrap-command.js';

/** Name of the supervisor's exec socket in the run directory. */
const EXEC_SOCKET = 'exec.sock';

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** What {@link ContainerProcesses} needs. */
export interface ContainerProcessesOptions {
  /** Paths of the state root. */
  layout: StateLayout;
  /** Container records and status. */
  store: ContainerStore;
  /** Per-container cgroups (an empty manager when cgroups are off or unavailable). */
  cgroups: CgroupManager;
  /** Path of the installed supervisor script (known once the driver is ready). */
  supervisorPath: () => string;
  /** Poll interval of waits on the run directory. */
  pollIntervalMs: number;
  /** The sandbox runs are started in (or the opt-out of it). */
  sandbox: ContainerSandbox;
}

/**
 * Starts and stops a container's processes: a run is a detached supervisor (see `launchSupervisor`)
 * running the command inside the container's cgroups (or under rlimits via `prlimit`), with the
 * container's user; stop is SIGTERM to the process group, then SIGKILL to everything of the container.
 */
export class ContainerProcesses {
  readonly #o: ContainerProcessesOptions;
  readonly #hasPrlimit = ['/usr/bin/prlimit', '/bin/prlimit'].some((p) => existsSync(p));

  /** @param options - state root, records, cgroups, supervisor. */
  constructor(options: ContainerProcessesOptions) {
    this.#o = options;
  }

  /** `true` when `prlimit` is installed (limits cgroups cannot enforce become rlimits). */
  get hasPrlimit(): boolean {
    return this.#hasPrlimit;
  }

  /** `prlimit` options for the limits cgroups do not enforce (empty without `prlimit`). */
  prlimitArgs(limits: ContainerSpec['resources'] & object): string[] {
    if (!this.#hasPrlimit) return [];
    const args: string[] = [];
    const enforced = this.#o.cgroups.enforced;
    if (limits.memoryMb !== undefined && !enforced.memory) args.push(`--as=${limits.memoryMb * 1024 * 1024}`);
    if (limits.pids !== undefined && !enforced.pids && process.getuid?.() !== 0) args.push(`--nproc=${limits.pids}`);
    return args;
  }

  /**
   * Launches the next run of `rec` and resolves with its updated record once the main process runs. What can be
   * refused (user, privileges, env) is checked before the run's cgroups are made; when the launch fails after
   * that, they are removed again (a failed start leaves no cgroup behind).
   */
  async start(rec: ContainerRecord): Promise<ContainerRecord> {
    const limits = rec.spec.resources ?? {};
    const runId = rec.runId + 1;
    const user = rec.spec.security?.user;
    const runAs = user === undefined ? undefined : resolveRunAs(user);
    const privileges = privilegeArgs(rec.spec.security);
    const sandboxedMode = this.#o.sandbox.mode === 'process';
    // the container's env applies to its command only, after the privilege drop (see lateEnv)
    const env = lateEnv(containerEnv(rec.id, sandboxedMode ? '/' : this.#o.layout.rootfs(rec.id), rec.spec.env));
    let cg: ContainerCgroup | null = null;
    if (this.#o.cgroups.available) {
      try {
        cg = this.#o.cgroups.create(rec.id, limits, runId);
      } catch (err) {
        throw new DriverUnavailableError(`Could not set up cgroups for ${rec.id}: ${String(err)}`, {
          containerId: rec.id,
          operation: 'startContainer',
          cause: err,
        });
      }
    }
    try {
      return await this.#launch(rec, runId, cg, { runAs, privileges, env });
    } catch (err) {
      if (cg !== null) await CgroupManager.removeDirs(cg.dirs);
      throw err;
    }
  }

  async #launch(
    rec: ContainerRecord,
    runId: number,
    cg: ContainerCgroup | null,
    run: { runAs: RunAs | undefined; privileges: string[]; env: LateEnv },
  ): Promise<ContainerRecord> {
    const { layout, store } = this.#o;
    const { runAs, privileges, env } = run;
    const prlimit = this.prlimitArgs(rec.spec.resources ?? {});
    const argv = [...(rec.spec.entrypoint ?? []), ...(rec.spec.command ?? [])];
    const command = [...env.prefix, ...(argv.length > 0 ? argv : ['sh'])];
    const procs = (cg?.dirs ?? []).map((d) => join(d, 'cgroup.procs'));
    const sandboxed = await this.#o.sandbox.launch({
      id: rec.id,
      rootfs: layout.rootfs(rec.id),
      workingDir: rec.spec.workingDir ?? '/',
      mounts: [...store.fsRoots(rec).mounts, ...etcHostsMounts(layout, rec.id, rec.spec)],
      hostNetwork: rec.spec.network === 'host',
      ...(runAs === undefined ? {} : { owner: `${runAs.uid}:${runAs.gid}` }),
      // seccomp: bwrap --seccomp sets no_new_privs, which a spec with noNewPrivileges: false asks not to have
      seccomp: rec.spec.security?.noNewPrivileges !== false,
    });
    const launch: LaunchSpec = {
      runId,
      argv:
        sandboxed === null
          ? wrapCommand(command, procs, prlimit, privileges)
          : wrapCommand([...sandboxed.prefix, ...privileges, ...command], procs, prlimit),
      // sandboxed: `/` of the host (bwrap enters the root itself), so no wrapper's PWD names the rootfs's host path
      cwd: sandboxed === null ? rec.cwd : '/',
      env: env.env,
      logFile: layout.logFile(rec.id),
      stateFile: layout.stateFile(rec.id),
      exitFile: layout.exitFile(rec.id),
      cgroupDirs: cg?.dirs ?? [],
      oomFiles: cg?.oomFiles ?? [],
      marker: `${CONTAINER_ID_ENV}=${rec.id}`,
    };
    if (cg !== null) {
      launch.execSocket = EXEC_SOCKET;
      launch.execJoin = cg.joinFiles;
      launch.execLeave = cg.leaveFiles;
    }
    if (sandboxed !== null) {
      launch.sandbox = sandboxed.sandbox;
      launch.sandboxArgs = sandboxed.args;
    }
    await mkdir(layout.runDir(rec.id), { recursive: true });
    if (sandboxed === null) await mkdir(rec.cwd, { recursive: true });
    if (runAs !== undefined) {
      // the user's own working tree, as an image would give a USER its home (sandboxed: the working directory is
      // handed over inside the sandbox, where the container's own symlinks cannot lead to a host path)
      const dirs = sandboxed === null ? [layout.rootfs(rec.id), rec.cwd] : [layout.rootfs(rec.id)];
      for (const dir of new Set(dirs)) await chown(dir, runAs.uid, runAs.gid);
    }
    await atomicWriteJson(layout.launchFile(rec.id), launch);
    const next: ContainerRecord = { ...rec, runId, startedAt: new Date().toISOString() };
    await store.launching(rec.id, async () => {
      await store.write(next);
      await launchSupervisor(this.#o.supervisorPath(), layout.launchFile(rec.id), rec.id);
    });
    return next;
  }

  /**
   * SIGTERM to the process group, SIGKILL to everything of the container after `timeoutMs` (at once when
   * 0). Resolves `true` once the run ended, `false` when it was not running.
   */
  async stop(rec: ContainerRecord, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const st = await this.#o.store.status(rec);
    if (st.state !== 'running' || st.run === null) return false;
    const pgid = st.run.pid;
    if (timeoutMs > 0) {
      trySignal(-pgid, 'SIGTERM');
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      const onAbort = (): void => deadline.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const after = await this.waitNotRunning(rec, deadline.signal).catch(() => null);
        if (after !== null) return true;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      throwIfAborted(signal);
    }
    await this.#killAll(rec, pgid, st.run.supervisorPid);
    await this.waitNotRunning(rec);
    return true;
  }

  /** Resolves once the current run of `rec` is no longer running (see {@link waitNotRunning}). */
  waitNotRunning(rec: ContainerRecord, signal?: AbortSignal): ReturnType<typeof waitNotRunning> {
    return waitNotRunning(this.#o.store, this.#o.layout.runDir(rec.id), rec, this.#o.pollIntervalMs, signal);
  }

  /**
   * Resolves with the exit of `rec`'s run once it ended. Docker semantics: waiting on a never-started
   * container waits for it to run and exit. Rejects with the abort reason when `signal` aborts.
   */
  async waitExit(rec: ContainerRecord, signal?: AbortSignal): Promise<ExitStatus> {
    let st = await this.waitNotRunning(rec, signal);
    if (st.state === 'created') {
      for (;;) {
        throwIfAborted(signal);
        const latest = await this.#o.store.read(rec.id);
        if (latest === null) throw new ContainerNotFoundError(rec.id, { operation: 'waitContainer' });
        if (latest.runId > 0) {
          st = await this.waitNotRunning(latest, signal);
          if (st.state !== 'created') break;
        }
        await raceAbort(delay(this.#o.pollIntervalMs), signal);
      }
    }
    const exit = st.exit;
    return {
      exitCode: exit?.exitCode ?? 255,
      oomKilled: exit?.oomKilled ?? false,
      finishedAt: new Date(exit?.finishedAt ?? Date.now()),
    };
  }

  /**
   * Removes every cgroup directory of `rec` (all its runs, in every hierarchy — the last run's from `launch.json`,
   * earlier runs' and failed starts' found by name), SIGKILLing what is left in them first; retries busy ones for a
   * few seconds. For a container that is being removed (nothing of it may run on).
   */
  async removeCgroups(rec: ContainerRecord): Promise<void> {
    const launch = await this.#o.store.launchSpec(rec.id);
    await this.#o.cgroups.removeContainer(rec.id, { known: launch?.cgroupDirs ?? [], kill: true });
  }

  /**
   * Removes the empty cgroup directories that earlier runs of `recs` left (a supervisor that crashed or gave up, a
   * start that failed): every run before the current one, and the current one too when it is not running. One pass,
   * never kills; directories of containers not in `recs` (other state roots share the hierarchies) are not touched.
   */
  async sweepStaleCgroups(recs: ContainerRecord[]): Promise<number> {
    if (!this.#o.cgroups.available) return 0;
    const stale = new Map<string, number>();
    const parents = new Set<string>();
    for (const rec of recs) {
      const st = await this.#o.store.status(rec).catch(() => null);
      if (st === null || st.state === 'created') continue;
      stale.set(rec.id, st.state === 'running' ? rec.runId - 1 : rec.runId);
      const launch = await this.#o.store.launchSpec(rec.id).catch(() => null);
      for (const dir of launch?.cgroupDirs ?? []) parents.add(dirname(dir));
    }
    return stale.size === 0 ? 0 : this.#o.cgroups.sweep(stale, [...parents]);
  }

  async #killAll(rec: ContainerRecord, pgid: number, supervisorPid: number): Promise<void> {
    trySignal(-pgid, 'SIGKILL');
    const launch = await this.#o.store.launchSpec(rec.id);
    // The supervisor's main thread is in the cgroups while it forks an exec: it must survive to record the exit.
    const cgroupDirs = launch?.cgroupDirs ?? [];
    for (const pid of CgroupManager.pids(cgroupDirs)) if (pid !== supervisorPid) trySignal(pid, 'SIGKILL');
    // Without cgroups, a process that left the group (setsid) is found by its env marker. That reads the environ
    // of every process on the host, so only then: with cgroups, every process of the run is in its cgroups (and a
    // sandboxed run's PID namespace dies with its init), and a scan per removal made removals O(host processes).
    if (cgroupDirs.length > 0) return;
    for (const pid of await processesWithEnvMarker(`${CONTAINER_ID_ENV}=${rec.id}`)) trySignal(pid, 'SIGKILL');
  }
}
