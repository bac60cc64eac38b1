import type { DockerDriverOptions } from '../config/docker-driver-options.js';
import { DockerDriver } from '../docker-driver.js';
import { DockerTestRun } from './docker-test-run.js';

type Hook = (fn: () => Promise<void>, timeoutMs?: number) => void;

/** What {@link useDockerTestDriver} hands to the test file. */
export interface DockerTestDriver {
  /** The connected driver. */
  driver: DockerDriver;
  /** The file's run on the driver's engine: put `run.labels` on what the tests create. */
  run: DockerTestRun;
}

/**
 * One real {@link DockerDriver} for the current test file: connects in `beforeAll` and hands it, with a
 * {@link DockerTestRun} on its engine, to `onConnected`; after each test and at the end removes everything the run
 * labelled (even when the test failed); disposes the driver last. Call it inside the file's `describeDocker`.
 *
 * @example
 * ```ts
 * await describeDocker('my docker suite', () => {
 *   let driver: DockerDriver;
 *   let run: DockerTestRun;
 *   useDockerTestDriver((t) => ({ driver, run } = t));
 *   it('runs', async () => {
 *     await driver.createContainer({ image: 'busybox', labels: run.labels });
 *   });
 * });
 * ```
 */
export function useDockerTestDriver(
  onConnected: (connected: DockerTestDriver) => void,
  options: DockerDriverOptions = {},
): void {
  const g = globalThis as unknown as { beforeAll: Hook; afterEach: Hook; afterAll: Hook };
  let connected: DockerTestDriver | undefined;
  g.beforeAll(async () => {
    const driver = await DockerDriver.connect(options);
    connected = { driver, run: new DockerTestRun(driver.docker) };
    onConnected(connected);
  });
  g.afterEach(async () => {
    await connected?.run.cleanup();
  });
  g.afterAll(async () => {
    try {
      await connected?.run.cleanup();
    } finally {
      await connected?.driver.dispose();
    }
  });
}
