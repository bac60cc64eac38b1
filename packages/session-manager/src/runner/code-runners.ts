import type { ContainerDriver } from '@berth/core';
import { CodeRunner, type CodeRunnerOptions } from './code-runner.js';
import { encodeStartupEnv, warmStartupEnv } from './startup-env.js';

/** What {@link CodeRunners} needs. */
export interface CodeRunnersOptions extends Omit<CodeRunnerOptions, 'driver' | 'containerId' | 'startupEnv'> {
  /** The driver runners are started on. */
  driver: ContainerDriver;
  /**
   * Most runners with a startup env (beside the one without) kept per container; past it the least recently used
   * idle one is closed. Default 4.
   */
  maxStartupEnvRunners?: number;
}

interface Slot {
  runner: CodeRunner | undefined;
  starting: Promise<CodeRunner | undefined> | undefined;
  /** The runner could not start in this container with this startup env (no Python, say): runs take the exec path. */
  unavailable: boolean;
  /** When a run last asked for it (a counter, for least-recently-used closing). */
  used: number;
}

/** The key of the runner without a startup env. */
const PLAIN = encodeStartupEnv({});

/**
 * The code runners of each container, one per startup env: a run's `PYTHON*`, `LANG` and `LC_*` variables (see
 * `warmStartupEnv`) pick the runner started with exactly those values, so its `python3` files run as forks with
 * the `sys.path`, hash seed, locale and flags a fresh interpreter with that env would have — the fast path for
 * every env a fork can carry. A run with a variable only a fresh interpreter applies (`PYTHONVERBOSE`, …) goes to
 * the runner without a startup env, which then starts a fresh interpreter for it. Runners are started on first use
 * (the plain one ahead with {@link prestart}), restarted on the next use after they died, and given up on for a
 * container and startup env where they cannot run ({@link CodeRunner.cannotRun}: then {@link acquire} answers
 * `undefined` and the caller takes the plain exec path). When the driver fails to start one (a container not ready
 * yet), that use takes the exec path and the next one tries again. At most `maxStartupEnvRunners` runners with a
 * startup env are kept per container (the least recently used idle one is closed).
 *
 * @example
 * ```ts
 * const runners = new CodeRunners({ driver });
 * const runner = await runners.acquire(containerId, { PYTHONPATH: '/opt/lib' }); // undefined: putFiles + execStream
 * ```
 */
export class CodeRunners {
  private readonly containers = new Map<string, Map<string, Slot>>();
  private uses = 0;

  /** @param options - the driver and the runners' bounds. */
  constructor(private readonly options: CodeRunnersOptions) {}

  /**
   * The container's running runner for a run with `env` (its startup variables pick it), starting one when there is
   * none; `undefined` when none can run there.
   */
  acquire(containerId: string, env: Readonly<Record<string, string>> = {}): Promise<CodeRunner | undefined> {
    const startupEnv = warmStartupEnv(env) ?? {};
    const key = encodeStartupEnv(startupEnv);
    let slots = this.containers.get(containerId);
    if (slots === undefined) {
      slots = new Map();
      this.containers.set(containerId, slots);
    }
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = { runner: undefined, starting: undefined, unavailable: false, used: 0 };
      slots.set(key, slot);
    }
    slot.used = ++this.uses;
    if (slot.unavailable) return Promise.resolve(undefined);
    if (slot.runner !== undefined && !slot.runner.closed) return Promise.resolve(slot.runner);
    if (slot.starting === undefined) {
      if (key !== PLAIN) this.makeRoom(slots, key);
      slot.starting = this.launch(containerId, startupEnv, slot);
    }
    return slot.starting;
  }

  /**
   * Starts the container's runner for a session with `env` ahead of its first run (the plain one, and the one for
   * `env`'s startup variables when it has any); resolves whether the runner for `env` is running (errors are left
   * to that run).
   */
  async prestart(containerId: string, env: Readonly<Record<string, string>> = {}): Promise<boolean> {
    const plain = this.acquire(containerId);
    const own = encodeStartupEnv(warmStartupEnv(env) ?? {}) === PLAIN ? plain : this.acquire(containerId, env);
    return (await own) !== undefined;
  }

  /** How many runners the container has running or starting now. */
  running(containerId: string): number {
    let n = 0;
    for (const slot of this.containers.get(containerId)?.values() ?? []) {
      if (slot.starting !== undefined || (slot.runner !== undefined && !slot.runner.closed)) n += 1;
    }
    return n;
  }

  /** Closes the container's runners and forgets the container (it is gone). */
  forget(containerId: string): void {
    const slots = this.containers.get(containerId);
    this.containers.delete(containerId);
    for (const slot of slots?.values() ?? []) void slot.runner?.close();
  }

  /** Closes every runner. */
  async closeAll(): Promise<void> {
    const runners = [...this.containers.values()].flatMap((slots) => [...slots.values()].map((s) => s.runner));
    this.containers.clear();
    await Promise.all(runners.map((r) => r?.close()));
  }

  /** Closes least recently used idle runners with a startup env until one more fits under the bound. */
  private makeRoom(slots: Map<string, Slot>, keep: string): void {
    const max = this.options.maxStartupEnvRunners ?? 4;
    const live = [...slots.entries()].filter(
      ([key, s]) => key !== PLAIN && key !== keep && s.runner !== undefined && !s.runner.closed,
    );
    live.sort(([, a], [, b]) => a.used - b.used);
    let excess = live.length - (max - 1);
    for (const [key, slot] of live) {
      if (excess <= 0) break;
      if (slot.runner?.busy || slot.starting !== undefined) continue;
      void slot.runner?.close();
      slots.delete(key);
      excess -= 1;
    }
  }

  private async launch(
    containerId: string,
    startupEnv: Readonly<Record<string, string>>,
    slot: Slot,
  ): Promise<CodeRunner | undefined> {
    const runner = new CodeRunner({ ...this.options, containerId, startupEnv }); // its bounds and driver
    slot.runner = runner;
    try {
      await runner.start();
      return runner;
    } catch {
      slot.runner = undefined;
      slot.unavailable = runner.cannotRun; // else (the driver failed to start it) the next run tries again
      return undefined;
    } finally {
      slot.starting = undefined;
    }
  }
}
