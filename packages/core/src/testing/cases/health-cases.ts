import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { delay } from '../helpers/delay.js';
import { eventually } from '../helpers/eventually.js';
import { describe, expect, it } from '../runner/index.js';

/** A quick health check: every 200 ms, unhealthy after one failure. */
const quickCheck = (command: string[]) => ({ command, intervalMs: 200, timeoutMs: 2_000, retries: 1 });

/** healthCheck (always) and isContainerHealthy (capability healthcheck). */
export function healthCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;

  describe('healthCheck', () => {
    it(
      'reports a healthy driver with latency and details',
      async () => {
        const health = await driver.healthCheck();
        expect(health.healthy).toBe(true);
        expect(Number.isFinite(health.latencyMs)).toBe(true);
        expect(health.latencyMs).toBeGreaterThanOrEqual(0);
        expect(typeof health.details).toBe('object');
        expect(health.details).not.toBeNull();
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'isContainerHealthy', ['healthcheck'], () => {
    it(
      'is true for a running container without a health check',
      async () => {
        const c = await ctx.run(['sleep', '60']);
        expect(await driver.isContainerHealthy(c.id)).toBe(true);
      },
      timeoutMs,
    );

    it(
      'becomes true for a running container whose health check passes',
      async () => {
        const c = await ctx.run(['sleep', '60'], { healthcheck: quickCheck(['true']) });
        await eventually(async () => expect(await driver.isContainerHealthy(c.id)).toBe(true), { timeoutMs: 15_000 });
      },
      timeoutMs,
    );

    it(
      'stays false for a running container whose health check fails',
      async () => {
        const failing = await ctx.run(['sleep', '60'], { healthcheck: quickCheck(['false']) });
        const passing = await ctx.run(['sleep', '60'], { healthcheck: quickCheck(['true']) });
        // Once the same check schedule made the passing one healthy, the failing one has been probed too.
        await eventually(async () => expect(await driver.isContainerHealthy(passing.id)).toBe(true), {
          timeoutMs: 15_000,
        });
        await delay(1_000);
        // (An orchestrator may replace an unhealthy task: then it is not running, and not healthy either.)
        expect(await driver.isContainerHealthy(failing.id)).toBe(false);
      },
      timeoutMs,
    );

    it(
      'is false for an exited container',
      async () => {
        const c = await ctx.run(['sleep', '60']);
        await driver.stopContainer(c.id, { timeoutMs: 500 });
        expect(await driver.isContainerHealthy(c.id)).toBe(false);
      },
      timeoutMs,
    );

    it(
      'is false for a container that never started',
      async () => {
        const c = await ctx.create(['sleep', '60']);
        expect(await driver.isContainerHealthy(c.id)).toBe(false);
      },
      timeoutMs,
    );
  });
}
