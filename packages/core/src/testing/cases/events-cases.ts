import type { DriverEvent, DriverEventType } from '../../contract/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { countActiveResources, grownResources, settledResources } from '../helpers/active-resources.js';
import { delay } from '../helpers/delay.js';
import { eventually } from '../helpers/eventually.js';
import { expect, it } from '../runner/index.js';

/** Lets a freshly subscribed event stream connect before the events it must see happen. */
const CONNECT_MS = 250;

/** events$: lifecycle order, filters, exit codes. */
export function eventsCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  /** Subscribes (tracked) and returns the live list of received events. */
  const listen = async (filter: Parameters<typeof driver.events$>[0]): Promise<DriverEvent[]> => {
    const events: DriverEvent[] = [];
    ctx.trackSubscription(driver.events$(filter).subscribe({ next: (e) => events.push(e) }));
    await delay(CONNECT_MS);
    return events;
  };
  const typesOf = (events: DriverEvent[], id: string): DriverEventType[] =>
    events.filter((e) => e.containerId === id).map((e) => e.type);

  describeWith(ctx, 'events$', ['events'], () => {
    it(
      'reports created, started, exited and removed in that order',
      async () => {
        const events = await listen({ labels: ctx.labels });
        const c = await ctx.run(['sh', '-c', 'exit 0']);
        await driver.waitContainer(c.id);
        await driver.removeContainer(c.id, { force: true });
        await eventually(() => expect(typesOf(events, c.id)).toContain('removed'));
        const types = typesOf(events, c.id);
        const order = (['created', 'started', 'exited', 'removed'] as const).map((t) => types.indexOf(t));
        expect(order).not.toContain(-1);
        expect({ types, order }).toEqual({ types, order: [...order].sort((a, b) => a - b) });
      },
      timeoutMs,
    );

    it(
      'gives each event a timestamp and the container labels',
      async () => {
        const events = await listen({ labels: ctx.labels });
        const c = await ctx.create(['sleep', '60']);
        await eventually(() => expect(typesOf(events, c.id)).toContain('created'));
        const created = events.find((e) => e.containerId === c.id && e.type === 'created');
        expect(created?.timestamp).toBeInstanceOf(Date);
        expect(created?.labels).toMatchObject(ctx.labels);
      },
      timeoutMs,
    );

    it(
      'carries the exit code on exited',
      async () => {
        const events = await listen({ labels: ctx.labels, types: ['exited'] });
        const c = await ctx.run(['sh', '-c', 'exit 3']);
        await driver.waitContainer(c.id);
        await eventually(() => expect(typesOf(events, c.id)).toContain('exited'));
        expect(events.find((e) => e.containerId === c.id)?.exitCode).toBe(3);
      },
      timeoutMs,
    );

    it(
      'only delivers events of the filtered container',
      async () => {
        const other = await ctx.create(['sleep', '60']);
        const mine = await ctx.create(['sleep', '60']);
        const events = await listen({ containerId: mine.id });
        await driver.startContainer(other.id);
        await driver.startContainer(mine.id);
        await eventually(() => expect(typesOf(events, mine.id)).toContain('started'));
        expect(events.every((e) => e.containerId === mine.id)).toBe(true);
      },
      timeoutMs,
    );

    it(
      'only delivers the filtered types',
      async () => {
        const events = await listen({ labels: ctx.labels, types: ['started'] });
        const c = await ctx.run(['sleep', '60']);
        await eventually(() => expect(typesOf(events, c.id)).toContain('started'));
        await driver.removeContainer(c.id, { force: true });
        await delay(CONNECT_MS);
        expect(events.map((e) => e.type)).toEqual(['started']);
      },
      timeoutMs,
    );

    it(
      'treats types: [] as no type filter, as core does',
      async () => {
        const events = await listen({ labels: ctx.labels, types: [] });
        const c = await ctx.run(['sleep', '60']);
        await eventually(() => expect(typesOf(events, c.id)).toEqual(expect.arrayContaining(['created', 'started'])));
      },
      timeoutMs,
    );

    it(
      'stops delivering after unsubscribe, and releases what the stream held (no socket or timer left)',
      async () => {
        const events: DriverEvent[] = [];
        const before = await settledResources();
        const subscription = driver.events$({ labels: ctx.labels }).subscribe({ next: (e) => events.push(e) });
        ctx.trackSubscription(subscription);
        await delay(CONNECT_MS);
        subscription.unsubscribe();
        await eventually(() => expect(grownResources(before, countActiveResources())).toEqual([]), { timeoutMs: 5000 });
        await ctx.run(['sleep', '60']);
        await delay(CONNECT_MS);
        expect(events).toEqual([]);
      },
      timeoutMs,
    );
  });
}
