import type { DriverEvent } from '../../contract/index.js';
import type { ConformanceContext } from '../conformance-context.js';
import { countActiveResources, grownResources, settledResources } from '../helpers/active-resources.js';
import { collect } from '../helpers/collect.js';
import { eventually } from '../helpers/eventually.js';
import { describe, expect, it } from '../runner/index.js';

/** dispose() while containers run, with a health check probing and streams still subscribed. */
export function disposeRunningCases(ctx: ConformanceContext): void {
  const { timeoutMs } = ctx;

  describe('dispose with running containers', () => {
    it(
      'completes events$, and leaves no timers behind, with a probing container and open streams',
      async () => {
        const before = await settledResources();
        const fresh = await ctx.makeDriver();
        ctx.trackDriver(fresh);
        const caps = fresh.capabilities;
        const events = caps.events
          ? collect<DriverEvent>(fresh.events$({ labels: ctx.labels }), { timeoutMs: 20_000 })
          : undefined;
        const probing = caps.healthcheck
          ? { healthcheck: { command: ['true'], intervalMs: 100, timeoutMs: 2_000, retries: 1 } }
          : {};
        const c = await fresh.createContainer(ctx.spec(['sleep', '60'], probing));
        ctx.track(c.id);
        await fresh.startContainer(c.id);
        if (caps.stats)
          ctx.trackSubscription(fresh.stats$(c.id, { intervalMs: 100 }).subscribe({ error: () => undefined }));
        if (caps.healthcheck) await eventually(async () => expect(await fresh.isContainerHealthy(c.id)).toBe(true));
        await fresh.dispose();
        // events$ completes on dispose (collect resolves on completion, rejects after its safety net).
        if (events !== undefined) expect((await events).length).toBeGreaterThan(0);
        await eventually(() => expect(grownResources(before, countActiveResources())).toEqual([]), {
          timeoutMs: 5_000,
        });
      },
      timeoutMs,
    );
  });
}
