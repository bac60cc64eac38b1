import type { ContainerSpec } from '@berth/core';
import { LocalDriver } from '../local-driver.js';
import { type AttackHost, type AttackHostOptions, useAttackHost } from './attack-host.js';

/** What {@link useAttackedLocalDriver} hands to the test file. */
export interface AttackedLocalDriver {
  /** The current test's host side (see {@link useAttackHost}). */
  readonly host: AttackHost;
  /** Creates and starts a container of the `host` image running `sleep 60` (or what `spec` says); its id. */
  run(spec?: Partial<ContainerSpec>): Promise<string>;
}

/**
 * The attacked side of the root-run sandbox attacks: {@link useAttackHost}, and before each test a fresh
 * {@link LocalDriver} (process isolation) on the host's home, handed to `onDriver`; after each test (also a failed
 * one) every container it has, in any state, is force-removed and the driver disposed before the host side goes.
 * Call it inside the file's describe.
 *
 * @example
 * ```ts
 * let driver: LocalDriver;
 * const { host, run } = useAttackedLocalDriver({ name: 'berth-attack', secret: 'S', uid: 0 }, (d) => {
 *   driver = d;
 * });
 * it('cannot read the host secret', async () => {
 *   const id = await run();
 *   expect((await driver.exec(id, { command: ['cat', host.targets.secretFile] })).exitCode).not.toBe(0);
 * });
 * ```
 */
export function useAttackedLocalDriver(
  options: Omit<AttackHostOptions, 'setUp' | 'tearDown'>,
  onDriver: (driver: LocalDriver) => void,
): AttackedLocalDriver {
  let driver: LocalDriver | undefined;
  const host = useAttackHost({
    ...options,
    setUp: ({ home }) => {
      driver = new LocalDriver({ home, isolation: 'process' });
      onDriver(driver);
    },
    tearDown: async () => {
      const d = driver;
      driver = undefined;
      if (d === undefined) return;
      for (const c of await d.listContainers({ state: ['created', 'running', 'exited', 'dead'] })) {
        await d.removeContainer(c.id, { force: true });
      }
      await d.dispose();
    },
  });
  return {
    host,
    run: async (spec = {}) => {
      if (driver === undefined) throw new Error('the attacked driver exists only while a test runs');
      const c = await driver.createContainer({ image: 'host', command: ['sleep', '60'], ...spec });
      await driver.startContainer(c.id);
      return c.id;
    },
  };
}
