import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ContainerConflictError,
  type ContainerSpec,
  DeferredExecHandle,
  type ExecHandle,
  type ExecResult,
  type ExecSpec,
  throwIfAborted,
  validateExecSpec,
} from '@berth/core';
import { privilegeArgs } from '../lifecycle/privileges.js';
import { wrapCommand } from '../lifecycle/wrap-command.js';
import { containerEnv } from '../process/host-env.js';
import { lateEnv, validateLateEnv } from '../process/late-env.js';
import { sandboxExecPrefix } from '../sandbox/container-sandbox.js';
import type { ContainerStore } from '../state/container-store.js';
import type { StateLayout } from '../state/state-layout.js';
import type { ExecStarter } from './exec-process.js';
import { runExec } from './run-exec.js';
import { directExecStarter } from './spawn-direct.js';
import { execSocketPath, supervisedExecStarter } from './spawn-supervised.js';

/** What {@link ContainerExec} needs. */
export interface ContainerExecOptions {
  /** Paths of the state root. */
  layout: StateLayout;
  /** Container records and status. */
  store: ContainerStore;
  /** Throws a typed error when the driver is not usable (disposed, state root broken). */
  prepare: () => Promise<void>;
  /** `prlimit` options for a container's limits. */
  prlimitArgs: (limits: ContainerSpec['resources'] & object) => string[];
  /** Throws when the driver may not run a process unsandboxed (bwrap asked for and not usable). */
  assertUnsandboxedExec: (containerId: string) => void;
}

/**
 * Runs commands in running containers: through the supervisor's exec socket when it serves one (it forks
 * inside the cgroups), else spawned here behind the `sh` cgroup wrapper; with the container's env, limits
 * and user (or the exec's own). In a sandboxed run the command joins the sandbox's namespaces (`nsenter`)
 * first, so it sees what the main process sees.
 */
export class ContainerExec {
  readonly #o: ContainerExecOptions;

  /** @param options - state root, records, readiness and limits. */
  constructor(options: ContainerExecOptions) {
    this.#o = options;
  }

  /** {@inheritDoc @berth/core#ContainerDriver.exec} */
  async exec(id: string, spec: ExecSpec): Promise<ExecResult> {
    validateExecSpec(spec);
    throwIfAborted(spec.signal);
    const start = await this.#starter(id, spec);
    return runExec(start, spec, true).exit;
  }

  /** {@inheritDoc @berth/core#ContainerDriver.execStream} */
  execStream(id: string, spec: ExecSpec): ExecHandle {
    return DeferredExecHandle.from(this.#starter(id, spec).then((start) => runExec(start, spec, false)));
  }

  /** Checks the container runs and picks how the exec starts (supervisor socket, else direct spawn). */
  async #starter(id: string, spec: ExecSpec): Promise<ExecStarter> {
    const { layout, store } = this.#o;
    await this.#o.prepare();
    validateExecSpec(spec);
    validateLateEnv(spec.env);
    const rec = await store.find(id, 'exec');
    const st = await store.status(rec);
    if (st.state !== 'running') {
      throw new ContainerConflictError(`Container ${rec.id} is not running (${st.state}); start it first`, {
        containerId: rec.id,
        operation: 'exec',
      });
    }
    const prlimit = this.#o.prlimitArgs(rec.spec.resources ?? {});
    const privileges = privilegeArgs(rec.spec.security, spec.user);
    const launch = await store.launchSpec(rec.id);
    if (launch?.sandbox !== undefined && st.run !== null && launch.runId === st.run.runId) {
      // the run is sandboxed: join its namespaces (its init is the run's pid) and enter the directory inside
      const dir = spec.workingDir ?? rec.spec.workingDir ?? '/';
      // the env applies to the command only, after the privilege drop (see lateEnv)
      const env = lateEnv(containerEnv(rec.id, '/', rec.spec.env, spec.env));
      const command = [...env.prefix, ...spec.command];
      const argv = [...sandboxExecPrefix(launch.sandbox, st.run.pid, dir), ...privileges, ...command];
      const socket = st.run.execSocket;
      if (typeof socket === 'string') {
        const path = execSocketPath(layout.runDir(rec.id), socket, st.run.supervisorPid);
        return supervisedExecStarter(path, { argv: wrapCommand(argv, [], prlimit), cwd: '/', env: env.env }, rec.id);
      }
      const procs = launch.cgroupDirs.map((d) => join(d, 'cgroup.procs'));
      return directExecStarter({ argv: wrapCommand(argv, procs, prlimit), cwd: '/', env: env.env });
    }
    this.#o.assertUnsandboxedExec(rec.id);
    const cwd = spec.workingDir === undefined ? rec.cwd : join(layout.rootfs(rec.id), spec.workingDir);
    if (spec.workingDir !== undefined) await mkdir(cwd, { recursive: true });
    const env = lateEnv(containerEnv(rec.id, layout.rootfs(rec.id), rec.spec.env, spec.env));
    const command = [...env.prefix, ...spec.command];
    const socket = st.run?.execSocket;
    if (typeof socket === 'string' && st.run !== null) {
      const path = execSocketPath(layout.runDir(rec.id), socket, st.run.supervisorPid);
      return supervisedExecStarter(
        path,
        { argv: wrapCommand(command, [], prlimit, privileges), cwd, env: env.env },
        rec.id,
      );
    }
    const procs = (launch?.cgroupDirs ?? []).map((d) => join(d, 'cgroup.procs'));
    return directExecStarter({ argv: wrapCommand(command, procs, prlimit, privileges), cwd, env: env.env });
  }
}
