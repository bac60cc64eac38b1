/**
 * The driver-interface seed's example programs (`shared/seeds/driver-interface.md`: Quick Start, Session
 * Management, Error Handling, use cases 1–4) as the seed writes them, on the mock driver. The same suite runs on
 * Docker in `driver-interface-seed.docker.int.spec.ts`.
 */
import { type ContainerDriver, ContainerError, ContainerTimeoutError, ResourceLimitError } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { jest } from '@jest/globals';
import { errorHandling, quickStart, SEED_NETWORK } from '../testing/driver-interface-seed/seed-programs.js';
import {
  RecordingConsole,
  runDriverInterfaceSeed,
  SEED_ANALYSIS_OUTPUT,
} from '../testing/driver-interface-seed/seed-suite.js';

/** A mock with every image, the seed's network, and a python3 that answers the seed's analysis program. */
async function openMock(): Promise<MockDriver> {
  const mock = new MockDriver({ acceptAnyImage: true });
  await mock.createNetwork({ name: SEED_NETWORK });
  mock.onExec('python3', async ({ argv, container, cwd }) => {
    const code = new TextDecoder().decode(await mock.getFile(container.id, `${cwd}/${argv[1]}`));
    // the mock runs no Python: it answers the one program the seed runs, and fails any other
    return code.includes('analyze_data([1, 2, 3, 4, 5])')
      ? { stdout: SEED_ANALYSIS_OUTPUT }
      : { stderr: 'not the seed program\n', exitCode: 1 };
  });
  return mock;
}

describe('driver-interface seed on the mock driver', () => {
  runDriverInterfaceSeed({
    open: openMock,
    close: async (driver: ContainerDriver) => driver.dispose(),
    timeoutMs: 20_000,
  });

  describe('Quick Start: Error Handling, failing branches', () => {
    let mock: MockDriver;
    beforeEach(async () => {
      mock = await openMock();
    });
    afterEach(async () => {
      jest.restoreAllMocks();
      await mock.dispose();
    });

    it('reports a ResourceLimitError as "Resource limit exceeded" without retrying', async () => {
      const { config } = await quickStart(mock, new RecordingConsole());
      mock.faults.failNext(1, new ResourceLimitError('memory', 1024, 4096), { operation: 'createContainer' });
      const out = new RecordingConsole();
      const error = await errorHandling(mock, config, out);
      expect(error).toBeInstanceOf(ContainerError);
      expect(out.errors).toEqual([['Resource limit exceeded:', 'memory limit 1024 exceeded (requested 4096)']]);
      expect(await mock.listContainers()).toEqual([]);
    });

    it('retries a ContainerTimeoutError and then creates the container', async () => {
      jest.spyOn(Math, 'random').mockReturnValue(0); // no backoff wait: the jitter draws 0
      const { config } = await quickStart(mock, new RecordingConsole());
      mock.faults.failNext(2, new ContainerTimeoutError('createContainer', 5), { operation: 'createContainer' });
      const out = new RecordingConsole();
      const result = await errorHandling(mock, config, out);
      expect(out.errors).toEqual([]);
      expect(out.logs).toEqual([['Container created successfully:', (result as { id: string }).id]]);
    });

    it('reports "Operation timeout" once the retries are used up', async () => {
      jest.spyOn(Math, 'random').mockReturnValue(0);
      const { config } = await quickStart(mock, new RecordingConsole());
      mock.faults.failNext(4, new ContainerTimeoutError('createContainer', 5), { operation: 'createContainer' });
      const out = new RecordingConsole();
      await errorHandling(mock, config, out);
      expect(out.errors).toEqual([['Operation timeout:', 'createContainer timed out after 5 ms']]);
    });
  });
});
