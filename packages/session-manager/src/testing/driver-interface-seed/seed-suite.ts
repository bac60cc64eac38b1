import type { ContainerDriver, ContainerInstance } from '@berth/core';
import { expect, jest } from '@jest/globals';
import {
  agentExecutionEnvironment,
  batchProcessing,
  codeExecutionSandbox,
  errorHandling,
  microservicesArchitecture,
  quickStart,
  type SeedConsole,
  sessionManagement,
} from './seed-programs.js';

/** The seed's analysis program prints this line (Python's `repr` of the dict). */
export const SEED_ANALYSIS_OUTPUT = "Analysis result: {'count': 5, 'average': 3.0}\n";

/** How one driver runs the seed programs. */
export interface SeedSuiteTarget {
  /** A fresh driver for one test, with what the programs assume (images, the network, `/workspace`). */
  open(): Promise<ContainerDriver>;
  /** Removes what the test left (containers the programs did not remove, the network) and disposes the driver. */
  close(driver: ContainerDriver, created: readonly string[]): Promise<void>;
  /** Timeout of one test in ms. */
  timeoutMs: number;
}

/** A console that records what the programs print. */
export class RecordingConsole implements SeedConsole {
  /** Every `log` call's arguments. */
  readonly logs: unknown[][] = [];
  /** Every `error` call's arguments. */
  readonly errors: unknown[][] = [];
  log(...args: unknown[]): void {
    this.logs.push(args);
  }
  error(...args: unknown[]): void {
    this.errors.push(args);
  }
}

/**
 * `driver` seen through a proxy that records the id of every container `createContainer` returns (the programs
 * carry no test labels, so this is how the test finds what to remove). Methods are bound to the driver, whose
 * private fields a proxy could not reach.
 */
export function recordingDriver(driver: ContainerDriver): { driver: ContainerDriver; created: string[] } {
  const created: string[] = [];
  const proxy = new Proxy(driver, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (key === 'createContainer') {
        return async (...args: Parameters<ContainerDriver['createContainer']>) => {
          const c = await target.createContainer(...args);
          created.push(c.id);
          return c;
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { driver: proxy, created };
}

/** Whether `/` of a running container refuses a write. */
async function rootIsReadOnly(driver: ContainerDriver, id: string): Promise<boolean> {
  const r = await driver.exec(id, { command: ['sh', '-c', 'echo x > /berth-seed-probe'] });
  return r.exitCode !== 0;
}

/**
 * Registers one `it` per example program of the driver-interface seed, run as the seed writes them on the driver
 * `target` opens. The assertions check what the seed promises: the programs run, and the seed's settings took effect
 * in Berth's canonical form.
 */
export function runDriverInterfaceSeed(target: SeedSuiteTarget): void {
  const { timeoutMs } = target;
  let base: ContainerDriver;
  let driver: ContainerDriver;
  let created: string[];
  let out: RecordingConsole;

  beforeEach(async () => {
    base = await target.open();
    ({ driver, created } = recordingDriver(base));
    out = new RecordingConsole();
  }, timeoutMs);

  afterEach(async () => {
    jest.restoreAllMocks();
    await target.close(base, created);
  }, timeoutMs);

  const diskEnforced = () => driver.capabilities.resourceLimits.disk;

  describe('Quick Start: Basic Usage', () => {
    it(
      'creates, starts, reads logs, checks health, stops and removes the ContainerConfig as written',
      async () => {
        const { container, logs, isHealthy } = await quickStart(driver, out);
        expect(typeof logs).toBe('string');
        expect(isHealthy).toBe(true);
        expect(out.logs).toContainEqual(['Container healthy:', true]);
        expect(container.sessionId).toBe('session-123');
        // memory and disk in MiB, as the seed's examples mean them; disk only where the driver enforces it
        expect(container.resources).toMatchObject({ cpu: 2, memoryMb: 4096, pids: 100 });
        expect(container.resources.diskMb).toBe(diskEnforced() ? 10240 : undefined);
        expect(await driver.getContainer(container.id)).toBeNull();
      },
      timeoutMs,
    );
  });

  describe('Quick Start: Session Management', () => {
    it(
      'creates the session with agent capabilities, runs the Python example with timeout, prints output, cleans up',
      async () => {
        const { session, result, container, containerAfter } = await sessionManagement(driver, out);
        expect(result.output).toBe(SEED_ANALYSIS_OUTPUT);
        expect(result.stdout).toBe(SEED_ANALYSIS_OUTPUT);
        expect(out.logs).toEqual([[SEED_ANALYSIS_OUTPUT]]);
        expect(session.capabilities).toEqual(['python', 'javascript']);
        expect(session.resources).toEqual({ cpu: 2, memoryMb: 4096, diskMb: 10240 });
        expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(300000);
        expect(container?.labels['berth.capabilities']).toBe('python,javascript');
        expect(containerAfter).toBeNull();
      },
      timeoutMs,
    );
  });

  describe('Quick Start: Error Handling', () => {
    it(
      'creates the container through RetryHandler and CircuitBreaker and logs its id',
      async () => {
        const { config } = await quickStart(driver, new RecordingConsole());
        const result = await errorHandling(driver, config, out);
        expect(result).toMatchObject({ id: expect.any(String) });
        expect(out.logs).toEqual([['Container created successfully:', (result as ContainerInstance).id]]);
        expect(out.errors).toEqual([]);
      },
      timeoutMs,
    );
  });

  describe('Use case 1: Agent Execution Environment', () => {
    it(
      'creates the agent container with memory and disk in MiB',
      async () => {
        const c = await agentExecutionEnvironment(driver);
        expect(c.resources.memoryMb).toBe(8192);
        expect(c.resources.cpu).toBeGreaterThan(0); // 4, or the host's CPUs when it has fewer
        expect(c.resources.diskMb).toBe(diskEnforced() ? 20480 : undefined);
      },
      timeoutMs,
    );
  });

  describe('Use case 2: Code Execution Sandbox', () => {
    it(
      'creates the sandbox with readonlyRootfs and securityOpts, reads its logs; its root refuses writes',
      async () => {
        const { sandbox, logs } = await codeExecutionSandbox(driver);
        expect(typeof logs).toBe('string');
        await driver.startContainer(sandbox.id);
        expect(await rootIsReadOnly(driver, sandbox.id)).toBe(true);
      },
      timeoutMs,
    );
  });

  describe('Use case 3: Batch Processing', () => {
    it(
      'creates five workers and asks each for its health',
      async () => {
        const { workers, statuses } = await batchProcessing(driver);
        expect(workers).toHaveLength(5);
        expect(statuses).toEqual([false, false, false, false, false]); // created, never started
        const ids = await Promise.all(workers.map(async (w) => (await driver.getContainer(w.id))?.resources.memoryMb));
        expect(ids).toEqual([4096, 4096, 4096, 4096, 4096]);
      },
      timeoutMs,
    );
  });

  describe('Use case 4: Microservices Architecture', () => {
    it(
      'creates and starts the three services with their ports and labels',
      async () => {
        const started: ContainerInstance[] = [];
        await microservicesArchitecture(driver, (container) => started.push(container));
        expect(started.map((c) => c.labels['service.name'])).toEqual(['api', 'worker', 'database']);
        const states = await Promise.all(started.map(async (c) => (await driver.getContainer(c.id))?.state));
        expect(states.every((s) => s === 'running' || s === 'exited')).toBe(true);
      },
      timeoutMs,
    );
  });
}
