import type { StatsSample } from '../../contract/index.js';
import { ContainerConflictError } from '../../errors/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { countActiveResources, settledResources } from '../helpers/active-resources.js';
import { collect } from '../helpers/collect.js';
import { delay } from '../helpers/delay.js';
import { eventually } from '../helpers/eventually.js';
import { expectError } from '../helpers/expect-error.js';
import { expect, it } from '../runner/index.js';

const NUMERIC_FIELDS = [
  'cpuPercent',
  'memoryBytes',
  'memoryLimitBytes',
  'memoryPercent',
  'pids',
  'networkRxBytes',
  'networkTxBytes',
  'blockReadBytes',
  'blockWriteBytes',
] as const satisfies readonly (keyof StatsSample)[];

/** Asserts a sample is about `id` and every number in it is finite and non-negative. */
function expectSaneSample(sample: StatsSample, id: string): void {
  expect(sample.containerId).toBe(id);
  expect(sample.timestamp).toBeInstanceOf(Date);
  for (const field of NUMERIC_FIELDS) {
    const value = sample[field];
    expect({ field, finite: Number.isFinite(value), nonNegative: value >= 0 }).toEqual({
      field,
      finite: true,
      nonNegative: true,
    });
  }
}

/** getStats and stats$: sane numbers, several samples, nothing after unsubscribe, no leaked timers. */
export function statsCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;

  /**
   * Follows `stats$` of a running container until it has sent a sample, then runs `end` (a stop or a removal)
   * and returns every sample once the stream has completed by itself (rejects if it is still open after 20 s).
   */
  const samplesUntilEnd = async (id: string, end: () => Promise<void>): Promise<StatsSample[]> => {
    let received = 0;
    const done = collect(driver.stats$(id, { intervalMs: 200 }), {
      timeoutMs: 20_000,
      until: () => {
        received++;
        return false;
      },
    });
    try {
      await eventually(() => expect(received).toBeGreaterThanOrEqual(1));
      await end();
    } catch (err) {
      done.catch(() => undefined); // the failure above is the one to report
      throw err;
    }
    return await done;
  };

  describeWith(ctx, 'stats', ['stats'], () => {
    it(
      'getStats returns finite, non-negative numbers for a running container',
      async () => {
        const c = await ctx.run(['sleep', '60']);
        expectSaneSample(await driver.getStats(c.id), c.id);
      },
      timeoutMs,
    );

    it(
      'stats$ emits at least two sane samples',
      async () => {
        const c = await ctx.run(['sleep', '60']);
        const samples = await collect(driver.stats$(c.id, { intervalMs: 200 }), { until: (s) => s.length >= 2 });
        expect(samples.length).toBeGreaterThanOrEqual(2);
        for (const sample of samples) expectSaneSample(sample, c.id);
      },
      timeoutMs,
    );

    it(
      'getStats throws ContainerConflictError for an exited container',
      async () => {
        const c = await ctx.run(['sh', '-c', 'exit 0']);
        await driver.waitContainer(c.id);
        await eventually(async () => expect((await driver.getContainer(c.id))?.state).toBe('exited'));
        await expectError(() => driver.getStats(c.id), ContainerConflictError);
      },
      timeoutMs,
    );

    it(
      'getStats throws ContainerConflictError for a container that never started',
      async () => {
        const c = await ctx.create(['sleep', '60']);
        await expectError(() => driver.getStats(c.id), ContainerConflictError);
      },
      timeoutMs,
    );

    it(
      'stats$ completes when the container exits',
      async () => {
        const c = await ctx.run(['sleep', '60']);
        const samples = await samplesUntilEnd(c.id, () => driver.stopContainer(c.id, { timeoutMs: 500 }));
        for (const sample of samples) expectSaneSample(sample, c.id);
      },
      timeoutMs,
    );

    it(
      'stats$ completes when the container is removed',
      async () => {
        const c = await ctx.run(['sleep', '60']);
        await samplesUntilEnd(c.id, () => driver.removeContainer(c.id, { force: true }));
      },
      timeoutMs,
    );

    it(
      'stats$ completes at once, without a sample, for a container that is not running',
      async () => {
        const c = await ctx.run(['sh', '-c', 'exit 0']);
        await driver.waitContainer(c.id);
        await eventually(async () => expect((await driver.getContainer(c.id))?.state).toBe('exited'));
        expect(await collect(driver.stats$(c.id, { intervalMs: 200 }), { timeoutMs: 10_000 })).toEqual([]);
      },
      timeoutMs,
    );

    it(
      'stats$ emits nothing after unsubscribe, and leaves no timer behind',
      async () => {
        const c = await ctx.run(['sleep', '60']);
        const before = await settledResources();
        let received = 0;
        const subscription = driver.stats$(c.id, { intervalMs: 200 }).subscribe({ next: () => received++ });
        ctx.trackSubscription(subscription);
        await eventually(() => expect(received).toBeGreaterThanOrEqual(2));
        subscription.unsubscribe();
        const atUnsubscribe = received;
        // (An rxjs subscriber drops values after unsubscribe by itself; the timer left running is what a driver
        // that forgets its teardown shows.)
        await eventually(
          () => expect(countActiveResources()['Timeout'] ?? 0).toBeLessThanOrEqual(before['Timeout'] ?? 0),
          { timeoutMs: 3000 },
        );
        await delay(800);
        expect(received).toBe(atUnsubscribe);
      },
      timeoutMs,
    );
  });
}
