import type { LogLine } from '../../contract/index.js';
import type { ConformanceContext } from '../conformance-context.js';
import { collect } from '../helpers/collect.js';
import { eventually } from '../helpers/eventually.js';
import { describe, expect, it } from '../runner/index.js';

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** The edges of the log options: `tail: 0`, `since` at a line's own timestamp (inclusive), `until` while following. */
export function logsBoundsCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;

  describe('log option bounds', () => {
    it(
      'returns nothing with tail: 0',
      async () => {
        const c = await ctx.run(['sh', '-c', 'echo first; echo second; sleep 60']);
        await eventually(async () => expect(lines(await driver.getContainerLogs(c.id))).toEqual(['first', 'second']));
        expect(await driver.getContainerLogs(c.id, { tail: 0 })).toBe('');
        expect(await collect(driver.logs$(c.id, { tail: 0 }))).toEqual([]);
      },
      timeoutMs,
    );

    it(
      'includes a line written exactly at since (since is inclusive)',
      async () => {
        const c = await ctx.run(['sh', '-c', 'echo before; sleep 1; echo at-since; sleep 60']);
        const all = await eventually(async () => {
          const got = await collect<LogLine>(driver.logs$(c.id));
          expect(got.map((l) => l.text)).toEqual(['before', 'at-since']);
          return got;
        });
        const since = all[1]?.timestamp as Date;
        expect(lines(await driver.getContainerLogs(c.id, { since }))).toEqual(['at-since']);
      },
      timeoutMs,
    );

    it(
      'completes a followed stream at until, while the container keeps running',
      async () => {
        const c = await ctx.run(['sh', '-c', 'echo one; sleep 1; echo two; sleep 1; echo three; sleep 60']);
        await eventually(async () => expect(lines(await driver.getContainerLogs(c.id))).toContain('one'));
        const until = new Date(Date.now() + 500);
        // Without until this stream would follow for the container's 60 s, past the safety net.
        const got = await collect<LogLine>(driver.logs$(c.id, { follow: true, until }), { timeoutMs: 15_000 });
        expect(got.map((l) => l.text)).toContain('one');
        expect(got.every((l) => l.timestamp.getTime() < until.getTime())).toBe(true);
        expect((await driver.getContainer(c.id))?.state).toBe('running');
      },
      timeoutMs,
    );
  });
}
