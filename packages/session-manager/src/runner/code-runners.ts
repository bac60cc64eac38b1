import type { ContainerDriver } from '@berth/core';
import { CodeRunner, type CodeRunnerOptions } from './code-runner.js';

/** What {@link CodeRunners} needs. */
export interface CodeRunnersOptions extends Omit<CodeRunnerOptions, 'driver' | 'containerId'> {
  /** The driver runners are started on. */
  driver: ContainerDriver;
}

interface Slot {
  runner: CodeRunner | undefined;
  starting: Promise<CodeRunner | undefined> | undefined;
  /** The runner could not start in this container (no Python, say): runs take the exec path there. */
  unavailable: boolean;
}

/**
 * The code runner of each container: started on first use (or ahead with {@link prestart}), restarted on the
 * next use after it died, and given up on for a container where it cannot run ({@link CodeRunner.cannotRun}: then
 * {@link acquire} answers `undefined` and the caller takes the plain exec path). When the driver fails to start it
 * (a container not ready yet), that use takes the exec path and the next one tries again.
 *
 * @example
 * ```ts
 * const runners = new CodeRunners({ driver });
 * const runner = await runners.acquire(containerId); // undefined: fall back to putFiles + execStream
 * ```
 */
export class CodeRunners {
  private readonly slots = new Map<string, Slot>();

  /** @param options - the driver and the runners' bounds. */
  constructor(private readonly options: CodeRunnersOptions) {}

  /** The container's running runner, starting one when it has none; `undefined` when none can run there. */
  acquire(containerId: string): Promise<CodeRunner | undefined> {
    let slot = this.slots.get(containerId);
    if (slot === undefined) {
      slot = { runner: undefined, starting: undefined, unavailable: false };
      this.slots.set(containerId, slot);
    }
    if (slot.unavailable) return Promise.resolve(undefined);
    if (slot.runner !== undefined && !slot.runner.closed) return Promise.resolve(slot.runner);
    if (slot.starting === undefined) slot.starting = this.launch(containerId, slot);
    return slot.starting;
  }

  /** Starts the container's runner ahead of its first run; resolves whether it is running (errors are left to that run). */
  async prestart(containerId: string): Promise<boolean> {
    return (await this.acquire(containerId)) !== undefined;
  }

  /** Closes the container's runner and forgets the container (it is gone). */
  forget(containerId: string): void {
    const slot = this.slots.get(containerId);
    this.slots.delete(containerId);
    void slot?.runner?.close();
  }

  /** Closes every runner. */
  async closeAll(): Promise<void> {
    const runners = [...this.slots.values()].map((s) => s.runner);
    this.slots.clear();
    await Promise.all(runners.map((r) => r?.close()));
  }

  private async launch(containerId: string, slot: Slot): Promise<CodeRunner | undefined> {
    const { driver, ...bounds } = this.options;
    const runner = new CodeRunner({ ...bounds, driver, containerId });
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
