import type { EngineEvent, EngineEventFilter } from '../../contract/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { delay } from '../helpers/delay.js';
import { eventually } from '../helpers/eventually.js';
import { expect, it } from '../runner/index.js';

/** Lets a freshly subscribed event stream connect before the events it must see happen. */
const CONNECT_MS = 250;

/** The optional `engineEvents$` (capability `engineEvents`): containers, volumes and networks, and its filter. */
export function engineEventsCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  /** Subscribes (tracked) and returns the live list of received events. */
  const listen = async (filter: EngineEventFilter): Promise<EngineEvent[]> => {
    const stream = driver.engineEvents$?.(filter);
    if (stream === undefined) throw new Error(`${ctx.name} declares engineEvents but has no engineEvents$`);
    const events: EngineEvent[] = [];
    ctx.trackSubscription(stream.subscribe({ next: (e) => events.push(e) }));
    await delay(CONNECT_MS);
    return events;
  };
  const actionsOf = (events: EngineEvent[], id: string): string[] =>
    events.filter((e) => e.id === id).map((e) => e.action);

  describeWith(ctx, 'engineEvents$', ['engineEvents'], () => {
    it(
      "reports a container's create, start, die and destroy in order, with its name, image and labels",
      async () => {
        const events = await listen({ types: ['container'], labels: ctx.labels });
        const c = await ctx.run(['sh', '-c', 'exit 0']);
        await driver.waitContainer(c.id);
        await driver.removeContainer(c.id, { force: true });
        await eventually(() => expect(actionsOf(events, c.id)).toContain('destroy'));
        const actions = actionsOf(events, c.id);
        const order = ['create', 'start', 'die', 'destroy'].map((a) => actions.indexOf(a));
        expect(order).not.toContain(-1);
        expect({ actions, order }).toEqual({ actions, order: [...order].sort((a, b) => a - b) });
        const created = events.find((e) => e.id === c.id && e.action === 'create');
        expect(created).toMatchObject({ type: 'container', name: c.name });
        expect(created?.timestamp).toBeInstanceOf(Date);
        expect(created?.attributes).toMatchObject({ ...ctx.labels, image: ctx.image });
        expect(events.find((e) => e.id === c.id && e.action === 'die')?.attributes['exitCode']).toBe('0');
      },
      timeoutMs,
    );

    it(
      'only delivers the filtered actions',
      async () => {
        const [starts, all] = await Promise.all([
          listen({ types: ['container'], actions: ['start'], labels: ctx.labels }),
          listen({ types: ['container'], labels: ctx.labels }),
        ]);
        const c = await ctx.run(['sleep', '60']);
        await driver.removeContainer(c.id, { force: true });
        // once the unfiltered stream saw the removal, the filtered one has had every event it could get
        await eventually(() => expect(actionsOf(all, c.id)).toContain('destroy'));
        await eventually(() => expect(actionsOf(starts, c.id)).toContain('start'));
        expect(starts.map((e) => e.action)).toEqual(starts.map(() => 'start'));
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'engineEvents$: volumes and networks', ['engineEvents', 'volumes', 'networks'], () => {
    it(
      'reports volumes and networks created and removed, and nothing of containers when filtered to them',
      async () => {
        const events = await listen({ types: ['volume', 'network'] });
        const volume = ctx.trackVolume(ctx.uniqueName('evol'));
        await driver.createVolume({ name: volume, labels: { ...ctx.labels } });
        const network = await driver.createNetwork({ name: ctx.uniqueName('enet'), labels: { ...ctx.labels } });
        ctx.trackNetwork(network.id);
        await ctx.create(['sleep', '60']);
        await driver.removeVolume(volume);
        await driver.removeNetwork(network.id);
        await eventually(() => {
          expect(actionsOf(events, volume)).toEqual(expect.arrayContaining(['create', 'destroy']));
          expect(actionsOf(events, network.id)).toEqual(expect.arrayContaining(['create', 'destroy']));
        });
        expect(events.find((e) => e.id === volume)?.type).toBe('volume');
        expect(events.find((e) => e.id === network.id)).toMatchObject({ type: 'network', name: network.name });
        expect(events.every((e) => e.type === 'volume' || e.type === 'network')).toBe(true);
      },
      timeoutMs,
    );
  });
}
