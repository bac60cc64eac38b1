import {
  ContainerConflictError,
  ContainerNotFoundError,
  DriverUnavailableError,
  type ExecSpec,
  type ExitStatus,
  type RemoveOptions,
} from '@berth/core';
import type { ImageBehaviour } from '../scripting/image-behaviour.js';
import type { MockScripting } from '../scripting/mock-scripting.js';
import { ShellProcess } from '../shell/shell-process.js';
import type { TimerRegistry } from '../timers/timer-registry.js';
import type { ContainerEvents } from './container-events.js';
import { containerKernel } from './container-kernel.js';
import type { ContainerRegistry } from './container-registry.js';
import { type HealthCheckDeps, setHealth, startHealthChecks, stopHealthChecks } from './health-checks.js';
import type { MockContainer } from './mock-container.js';

/** Grace period of a stop that gives none: TERM, then KILL after this long. */
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

/** What a {@link ContainerRuntime} works with. */
export interface ContainerRuntimeDeps {
  /** The containers (a removed one leaves it). */
  containers: ContainerRegistry;
  /** Receives `started`, `stopped`, `exited`, `oom`, `health` and `removed`. */
  events: ContainerEvents;
  /** Scripted commands and image behaviour (canned logs, exit code, default command). */
  scripting: MockScripting;
  /** Timers (stop grace periods, health checks, the shell's sleeps). */
  timers: TimerRegistry;
  /** Main process when neither the spec nor the image gives a command. */
  defaultCommand: readonly string[] | undefined;
}

/**
 * The process runtime of containers: runs each one's main process in the mini shell, its health checks, stops
 * (TERM, then KILL after the grace period), exits and OOM kills, waits for exits, and removal.
 */
export class ContainerRuntime {
  readonly #containers: ContainerRegistry;
  readonly #events: ContainerEvents;
  readonly #scripting: MockScripting;
  readonly #timers: TimerRegistry;
  readonly #defaultCommand: readonly string[] | undefined;
  readonly #health: HealthCheckDeps;

  /**
   * @param deps - registry, events, scripting, timers and the default command.
   */
  constructor(deps: ContainerRuntimeDeps) {
    this.#containers = deps.containers;
    this.#events = deps.events;
    this.#scripting = deps.scripting;
    this.#timers = deps.timers;
    this.#defaultCommand = deps.defaultCommand;
    this.#health = {
      timers: deps.timers,
      hook: (c) => this.#scripting.hook(c, { command: c.spec.healthcheck?.command ?? ['true'] }),
      onChange: (c, healthy) => this.#events.emit(c, 'health', { healthy }),
    };
  }

  /** Starts the main process of `c` (state `running`, `started` event, canned logs, health checks). */
  start(c: MockContainer): void {
    const behaviour = this.#scripting.behaviour(c.spec.image);
    c.state = 'running';
    c.startedAt = new Date();
    c.oomPending = false;
    this.#events.emit(c, 'started');
    for (const line of behaviour?.logs ?? []) {
      if (typeof line === 'string') c.logs.appendLine('stdout', line);
      else c.logs.appendLine(line.stream, line.text);
    }
    const argv = this.#mainArgv(c, behaviour);
    const spec: ExecSpec = {
      command: argv,
      ...(c.spec.env === undefined ? {} : { env: c.spec.env }),
      workingDir: c.cwd,
    };
    const main = new ShellProcess({
      fs: c.fs,
      timers: this.#timers,
      env: c.env,
      cwd: c.cwd,
      stdout: (data) => c.logs.append('stdout', data),
      stderr: (data) => c.logs.append('stderr', data),
      hook: this.#scripting.hook(c, spec),
      kernel: containerKernel(c, true),
    });
    c.main = main;
    c.mainDone = main
      .run(argv)
      .catch((err: unknown) => {
        c.logs.appendLine('stderr', `mock: ${err instanceof Error ? err.message : String(err)}`);
        return 1;
      })
      .then((exitCode) => this.#onMainExit(c, main, exitCode));
    startHealthChecks(c, this.#health);
  }

  /** Stops `c`: TERM, then KILL after `timeoutMs`; resolves once it exited (`stopped` event). Concurrent stops share one. */
  stop(c: MockContainer, timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
    if (c.stopping !== undefined) return c.stopping;
    const main = c.main;
    if (c.state !== 'running' || main === undefined) return Promise.resolve();
    const done = c.mainDone ?? Promise.resolve();
    const stopping = (async () => {
      main.kill('TERM');
      const timer = this.#timers.setTimeout(() => main.kill('KILL'), timeoutMs);
      await done;
      this.#timers.clearTimeout(timer);
      this.#events.emit(c, 'stopped');
    })().finally(() => {
      c.stopping = undefined;
    });
    c.stopping = stopping;
    return stopping;
  }

  /** The exit of `c`: the last one when it has exited, else the next; rejects with `ContainerNotFoundError` on removal. */
  waitExit(c: MockContainer): ExitStatus | Promise<ExitStatus> {
    if (c.state === 'exited' && c.lastExit !== undefined) return { ...c.lastExit };
    return new Promise<ExitStatus>((resolve, reject) => {
      const subscription = c.exits$.subscribe({
        next: (status) => {
          subscription.unsubscribe();
          resolve({ ...status });
        },
        error: reject,
        complete: () => reject(new ContainerNotFoundError(c.id, { operation: 'waitContainer' })),
      });
    });
  }

  /** Makes the main process of `c` exit with `exitCode` now; resolves once it has. */
  async exit(c: MockContainer, exitCode: number): Promise<void> {
    c.main?.terminate(exitCode);
    await c.mainDone;
  }

  /** Kills `c` as the kernel does on memory exhaustion (`oom` event, 137, `oomKilled`). */
  async oomKill(c: MockContainer): Promise<void> {
    if (c.main === undefined) return;
    c.oomPending = true;
    c.main.terminate(137);
    await c.mainDone;
  }

  /** Forces the health of `c` (a `health` event when it changes). */
  setHealth(c: MockContainer, healthy: boolean): void {
    setHealth(c, healthy, this.#health);
  }

  /** `true` when `c` runs and its health check (if any) passes. */
  isHealthy(c: MockContainer): boolean {
    return c.state === 'running' && (c.health === 'none' || c.health === 'healthy');
  }

  /**
   * Removes `c` (`removed` event, logs and exits completed); a running one only with `force`, which kills it
   * (137), else `ContainerConflictError`.
   */
  async remove(c: MockContainer, opts: RemoveOptions): Promise<void> {
    if (c.state === 'running') {
      if (opts.force !== true) {
        throw new ContainerConflictError(`Container ${c.id} is running; stop it first or remove with { force: true }`, {
          containerId: c.id,
          operation: 'removeContainer',
        });
      }
      c.main?.terminate(137);
      await c.mainDone;
    }
    this.#containers.remove(c, 'removeContainer');
    c.state = 'removed';
    this.#events.emit(c, 'removed');
    c.logs.close();
    c.exits$.complete();
  }

  /** Ends every process of `c` for good (the driver is disposed): pending waits reject with `DriverUnavailableError`. */
  shutdown(c: MockContainer): void {
    c.exits$.error(new DriverUnavailableError('mock driver disposed', { containerId: c.id, operation: 'dispose' }));
    stopHealthChecks(c);
    for (const exec of c.execs) exec.terminate(137);
    c.main?.terminate(137);
    c.logs.close();
  }

  /** The argv the main process of `c` runs (or would run at its next start): spec, image behaviour or default. */
  mainArgv(c: MockContainer): string[] {
    return this.#mainArgv(c, this.#scripting.behaviour(c.spec.image));
  }

  #mainArgv(c: MockContainer, behaviour: ImageBehaviour | undefined): string[] {
    if (behaviour?.exitCode !== undefined) return ['exit', String(behaviour.exitCode)];
    const argv = [...(c.spec.entrypoint ?? []), ...(c.spec.command ?? [])];
    if (argv.length > 0) return argv;
    return [...(behaviour?.command ?? this.#defaultCommand ?? ['sleep', 'infinity'])];
  }

  #onMainExit(c: MockContainer, main: ShellProcess, exitCode: number): void {
    if (c.main !== main) return;
    c.main = undefined;
    c.logs.flush();
    stopHealthChecks(c);
    for (const exec of c.execs) exec.terminate(137);
    const status: ExitStatus = { exitCode, oomKilled: c.oomPending, finishedAt: new Date() };
    c.lastExit = status;
    c.state = 'exited';
    if (c.oomPending) this.#events.emit(c, 'oom');
    this.#events.emit(c, 'exited', { exitCode });
    c.exits$.next(status);
  }
}
