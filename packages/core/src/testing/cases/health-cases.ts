import { describe, expect, it } from '@jest/globals';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';

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
