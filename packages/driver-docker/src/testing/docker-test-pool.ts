import type { DockerHostPool } from '../pool/docker-host-pool.js';
import { MultiEngineTestRun } from './multi-engine-test-run.js';

type Hook = (fn: () => Promise<void>, timeoutMs?: number) => void;

/** What {@link useDockerTestPool} hands to the test file. */
export interface DockerTestPool {
  /** The opened pool. */
  pool: DockerHostPool;
  /** The file's run on every host of the pool: put `run.labels` on what the tests create. */
  run: MultiEngineTestRun;
}

/** What the `open` of {@link useDockerTestPool} resolves with. */
export interface OpenedDockerTestPool {
  /** The pool the tests use. */
  pool: DockerHostPool;
  /** Ends the pool and what holds it (default: `pool.dispose()`). */
  dispose?: () => Promise<void>;
}

/**
 * One {@link DockerHostPool} for the current test file: `open` builds it in `beforeAll`, and it is handed with a
 * {@link MultiEngineTestRun} over all its hosts (one label for every engine) to `onOpened`; after each test and at the
 * end everything the run labelled is removed from every host (even when the test failed); the pool is disposed last.
 * Call it inside the file's `describeDocker`.
 *
 * @param timeoutMs - of the `beforeAll` and `afterAll` hooks (opening and cleaning several engines).
 * @example
 * ```ts
 * await describeDocker('my pool suite', () => {
 *   let pool: DockerHostPool;
 *   let run: MultiEngineTestRun;
 *   useDockerTestPool(async () => ({ pool: new DockerHostPool({ hosts }) }), (t) => ({ pool, run } = t));
 *   it('runs', async () => {
 *     await pool.createContainer({ image: 'busybox', labels: run.labels }, { hostId: 'second' });
 *   });
 * });
 * ```
 */
export function useDockerTestPool(
  open: () => Promise<OpenedDockerTestPool>,
  onOpened: (opened: DockerTestPool) => void,
  timeoutMs = 120_000,
): void {
  const g = globalThis as unknown as { beforeAll: Hook; afterEach: Hook; afterAll: Hook };
  let run: MultiEngineTestRun | undefined;
  let dispose: (() => Promise<void>) | undefined;
  g.beforeAll(async () => {
    const opened = await open();
    const { pool } = opened;
    dispose = opened.dispose ?? (() => pool.dispose());
    run = new MultiEngineTestRun(pool.hostIds.map((id) => pool.host(id).docker));
    onOpened({ pool, run });
  }, timeoutMs);
  g.afterEach(async () => {
    await run?.cleanup();
  });
  g.afterAll(async () => {
    try {
      await run?.cleanup();
    } finally {
      await dispose?.();
    }
  }, timeoutMs);
}
