import type { ConformanceContext } from '../conformance-context.js';
import { describe, expect, it } from '../runner/index.js';

const PARALLEL = 20;

/** Many lifecycles at once leave nothing behind. */
export function concurrencyCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;

  describe('concurrency', () => {
    it(
      `runs ${PARALLEL} concurrent create + start + remove(force) with nothing left behind`,
      async () => {
        const ids = await Promise.all(
          Array.from({ length: PARALLEL }, async (_, i) => {
            const c = await ctx.create(['sleep', '60'], { labels: { 'conformance.index': String(i) } });
            await driver.startContainer(c.id);
            await driver.removeContainer(c.id, { force: true });
            return c.id;
          }),
        );
        expect(new Set(ids).size).toBe(PARALLEL);
        expect(await driver.listContainers({ labels: ctx.labels })).toEqual([]);
      },
      timeoutMs,
    );

    it(
      `keeps ${PARALLEL} concurrently created containers apart`,
      async () => {
        const created = await Promise.all(
          Array.from({ length: PARALLEL }, (_, i) =>
            ctx.create(['sleep', '60'], { labels: { 'conformance.index': String(i) } }),
          ),
        );
        const listed = await driver.listContainers({ labels: ctx.labels });
        expect(listed.map((c) => c.id).sort()).toEqual(created.map((c) => c.id).sort());
        for (const c of listed) expect(created[Number(c.labels['conformance.index'])]?.id).toBe(c.id);
      },
      timeoutMs,
    );
  });
}
