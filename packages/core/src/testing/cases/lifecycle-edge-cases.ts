import { ContainerNotFoundError, ValidationError } from '../../errors/index.js';
import type { ConformanceContext } from '../conformance-context.js';
import { delay } from '../helpers/delay.js';
import { eventually } from '../helpers/eventually.js';
import { expectError } from '../helpers/expect-error.js';
import { describe, expect, it } from '../runner/index.js';

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** Stop timeout of the SIGTERM case: long enough that only a process SIGTERM did not end meets SIGKILL. */
const STOP_GRACE_MS = 8_000;

/**
 * Lifecycle at its edges: `StopOptions` validation, starting a running container (no restart), a
 * `waitContainer` pending while the container is force-removed, and the exit code of a SIGTERM death.
 */
export function lifecycleEdgeCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  /**
   * Force-removes container `id` while a `waitContainer` on it is pending; resolves with how that wait settled:
   * `exit <code>`, `ContainerNotFoundError`, or `rejected: <error>`.
   */
  const removeWhileWaiting = async (id: string): Promise<string> => {
    const waiting = driver.waitContainer(id).then(
      (status) => `exit ${status.exitCode}`,
      (error: unknown) => (ContainerNotFoundError.is(error) ? 'ContainerNotFoundError' : `rejected: ${String(error)}`),
    );
    await delay(200);
    await driver.removeContainer(id, { force: true });
    return waiting;
  };

  describe('lifecycle edges', () => {
    it(
      'rejects a negative or NaN stop timeoutMs with ValidationError, and keeps the container running',
      async () => {
        const c = await ctx.run(['sleep', '60']);
        await expectError(() => driver.stopContainer(c.id, { timeoutMs: -1 }), ValidationError);
        await expectError(() => driver.stopContainer(c.id, { timeoutMs: Number.NaN }), ValidationError);
        await expectError(() => driver.restartContainer(c.id, { timeoutMs: -5 }), ValidationError);
        expect((await driver.getContainer(c.id))?.state).toBe('running');
      },
      timeoutMs,
    );

    it(
      'does not restart a running container on startContainer: same startedAt, the command ran once',
      async () => {
        const c = await ctx.run(['sh', '-c', 'echo started; sleep 60']);
        await eventually(async () => expect(lines(await driver.getContainerLogs(c.id))).toEqual(['started']));
        const first = (await driver.getContainer(c.id))?.startedAt?.getTime();
        await delay(50);
        await driver.startContainer(c.id);
        expect((await driver.getContainer(c.id))?.startedAt?.getTime()).toBe(first);
        // A second run would print again within moments; give it a generous second.
        await delay(1_000);
        expect(lines(await driver.getContainerLogs(c.id))).toEqual(['started']);
        expect((await driver.getContainer(c.id))?.state).toBe('running');
      },
      timeoutMs,
    );

    it(
      'settles a waitContainer pending while a running container is force-removed: the kill exit, or ContainerNotFoundError',
      async () => {
        const c = await ctx.run(['sleep', '60']);
        // The force removal kills the main process (SIGKILL: 137) or the container is gone first.
        expect(['exit 137', 'ContainerNotFoundError']).toContain(await removeWhileWaiting(c.id));
      },
      timeoutMs,
    );

    it(
      'rejects a waitContainer pending on a never-started container with ContainerNotFoundError when it is removed',
      async () => {
        const c = await ctx.create(['sleep', '60']);
        expect(await removeWhileWaiting(c.id)).toBe('ContainerNotFoundError');
      },
      timeoutMs,
    );

    it(
      'reports 143 for a main process without a SIGTERM handler ended by stop (128 + SIGTERM)',
      async () => {
        const c = await ctx.run(['sh', '-c', 'echo ready; sleep 60']);
        await eventually(async () => expect(lines(await driver.getContainerLogs(c.id))).toEqual(['ready']));
        const waiting = driver.waitContainer(c.id);
        // A grace period far longer than SIGTERM needs: a process that survived it would be killed (137).
        await driver.stopContainer(c.id, { timeoutMs: STOP_GRACE_MS });
        expect(await waiting).toEqual({ exitCode: 143, oomKilled: false, finishedAt: expect.any(Date) });
        expect((await driver.getContainer(c.id))?.state).toBe('exited');
      },
      timeoutMs,
    );
  });
}
