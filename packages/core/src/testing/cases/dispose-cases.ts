import type { ContainerDriver } from '../../contract/index.js';
import type { ConformanceContext } from '../conformance-context.js';
import { countActiveResources, grownResources, settledResources } from '../helpers/active-resources.js';
import { collect } from '../helpers/collect.js';
import { delay } from '../helpers/delay.js';
import { eventually } from '../helpers/eventually.js';
import { describe, expect, it } from '../runner/index.js';

/** Uses every streaming part of a fresh driver, so its dispose() has something to release. */
async function exercise(ctx: ConformanceContext, driver: ContainerDriver): Promise<void> {
  const caps = driver.capabilities;
  const events = caps.events ? driver.events$({ labels: ctx.labels }).subscribe() : undefined;
  const c = await driver.createContainer(ctx.spec(['sleep', '60']));
  ctx.track(c.id);
  try {
    await driver.startContainer(c.id);
    if (caps.exec) await driver.exec(c.id, { command: ['echo', 'hi'] });
    if (caps.stats) await collect(driver.stats$(c.id, { intervalMs: 100 }), { until: (s) => s.length >= 1 });
    await collect(driver.logs$(c.id, { follow: false }));
    await delay(100);
  } finally {
    events?.unsubscribe();
    await driver.removeContainer(c.id, { force: true });
  }
}

/** dispose(): releases every handle the driver opened, and may be called twice. */
export function disposeCases(ctx: ConformanceContext): void {
  const { timeoutMs } = ctx;

  describe('dispose', () => {
    it(
      'leaves no extra timers, sockets or child processes behind',
      async () => {
        const before = await settledResources();
        const fresh = await ctx.makeDriver();
        ctx.trackDriver(fresh);
        await exercise(ctx, fresh);
        await fresh.dispose();
        await eventually(() => expect(grownResources(before, countActiveResources())).toEqual([]), {
          timeoutMs: 5000,
        });
      },
      timeoutMs,
    );

    it(
      'can be called twice',
      async () => {
        const fresh = await ctx.makeDriver();
        ctx.trackDriver(fresh);
        await fresh.dispose();
        await expect(fresh.dispose()).resolves.toBeUndefined();
      },
      timeoutMs,
    );
  });
}
