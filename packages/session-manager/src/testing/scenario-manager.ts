import type { ContainerDriver } from '@berth/core';
import { afterAll, beforeAll } from '@jest/globals';
import { SessionManager } from '../manager/index.js';
import type { SessionManagerOptions } from '../options/index.js';

/** What {@link useScenarioManager} sets up for a scenario suite, read inside its tests and hooks. */
export interface ScenarioManager {
  /** The driver `makeDriver` made (unwrapped); removes what the suite leaves and is disposed after it. */
  readonly driver: ContainerDriver;
  /** The manager over the (possibly wrapped) driver, labelled with {@link ScenarioManager.runLabel}. */
  readonly manager: SessionManager;
  /** The value of the `test.run` label on every container the suite creates. */
  readonly runLabel: string;
}

/** How {@link useScenarioManager} makes its driver and manager. */
export interface ScenarioManagerOptions {
  /** Prefix of the run label (`<prefix>-<base36 time>`). */
  readonly runPrefix: string;
  /** Makes the real driver, once, in `beforeAll`. */
  readonly makeDriver: () => ContainerDriver;
  /** The suite's manager options; the run label and a 30 s code timeout are set over them. */
  readonly managerOptions?: SessionManagerOptions;
  /** Wraps the driver the manager uses (a counting proxy, say); the unwrapped one still does the cleanup. */
  readonly wrap?: (driver: ContainerDriver) => ContainerDriver;
}

/**
 * Registers, in the current `describe`, a `beforeAll` that makes the driver and a {@link SessionManager} over it
 * (labels `{ 'test.run': runLabel }`, `codeTimeoutMs: 30_000`) and an `afterAll` that disposes of the manager, removes
 * every container left with the run label and disposes of the driver. Hooks registered after it run after its
 * `beforeAll`. Shared by the session-manager scenario suites run on the local and Docker drivers.
 *
 * @example
 * const s = useScenarioManager({ runPrefix: 'nb', makeDriver, managerOptions });
 * it('runs', async () => { await s.manager.createSession({ agentType: 'python' }); });
 */
export function useScenarioManager(options: ScenarioManagerOptions): ScenarioManager {
  const runLabel = `${options.runPrefix}-${Date.now().toString(36)}`;
  let driver: ContainerDriver | undefined;
  let manager: SessionManager | undefined;

  beforeAll(async () => {
    driver = options.makeDriver();
    manager = new SessionManager(options.wrap ? options.wrap(driver) : driver, {
      ...options.managerOptions,
      labels: { 'test.run': runLabel },
      codeTimeoutMs: 30_000,
    });
  });

  afterAll(async () => {
    await manager?.dispose();
    const raw = driver;
    const left = (await raw?.listContainers({ labels: { 'test.run': runLabel } })) ?? [];
    await Promise.all(left.map((c) => raw?.removeContainer(c.id, { force: true }).catch(() => undefined)));
    await raw?.dispose();
  });

  const made = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useScenarioManager: the ${what} is made in beforeAll; read it in a test`);
    return value;
  };
  return {
    get driver() {
      return made(driver, 'driver');
    },
    get manager() {
      return made(manager, 'manager');
    },
    runLabel,
  };
}
