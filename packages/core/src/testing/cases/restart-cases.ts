import type { ConformanceContext } from '../conformance-context.js';
import { delay } from '../helpers/delay.js';
import { eventually } from '../helpers/eventually.js';
import { describe, expect, it } from '../runner/index.js';

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** restartContainer: a real new run (new `startedAt`, the command runs again, once) and `waitContainer` of that run. */
export function restartCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;

  describe('restartContainer', () => {
    it(
      'gives the new run a later startedAt',
      async () => {
        const c = await ctx.run(['sleep', '60']);
        const first = (await driver.getContainer(c.id))?.startedAt;
        expect(first).toBeInstanceOf(Date);
        // Timestamps of some engines have 1 ms resolution: let the clock move on.
        await delay(50);
        await driver.restartContainer(c.id, { timeoutMs: 500 });
        const second = (await driver.getContainer(c.id))?.startedAt;
        expect(second).toBeInstanceOf(Date);
        expect(second?.getTime()).toBeGreaterThan(first?.getTime() ?? Number.POSITIVE_INFINITY);
      },
      timeoutMs,
    );

    it(
      'makes waitContainer report the new run, not the previous exit',
      async () => {
        // Each run lives about a second, so the second run's exit is well after the first one's.
        const c = await ctx.run(['sh', '-c', 'sleep 1; exit 3']);
        const first = await driver.waitContainer(c.id);
        expect(first.exitCode).toBe(3);
        await driver.restartContainer(c.id, { timeoutMs: 500 });
        const second = await driver.waitContainer(c.id);
        expect(second.exitCode).toBe(3);
        expect(second.finishedAt.getTime()).toBeGreaterThan(first.finishedAt.getTime());
      },
      timeoutMs,
    );
  });

  // Counted through the logs, which keep every run's lines (Docker's do; a Swarm service's aggregate every task's),
  // not through the container's filesystem (an orchestrator's restart is a new task with a fresh one) and not by
  // comparing log timestamps with the restart's start (needs synchronised clocks).
  describe('restartContainer: runs counted in the logs', () => {
    it(
      'really restarts a running container: the command runs again, once',
      async () => {
        const c = await ctx.run(['sh', '-c', 'echo run; sleep 60']);
        const runs = async (): Promise<string[]> => lines(await driver.getContainerLogs(c.id));
        await eventually(async () => expect(await runs()).toEqual(['run']));
        await driver.restartContainer(c.id, { timeoutMs: 500 });
        expect((await driver.getContainer(c.id))?.state).toBe('running');
        await eventually(async () => expect(await runs()).toEqual(['run', 'run']));
        // A driver that started the command twice would have logged a third line by now.
        await delay(500);
        expect(await runs()).toEqual(['run', 'run']);
      },
      timeoutMs,
    );
  });
}
