import type { ContainerInstance } from '../../contract/index.js';
import type { ConformanceContext } from '../conformance-context.js';
import { describe, expect, it } from '../runner/index.js';

const ids = (list: ContainerInstance[]): string[] => list.map((c) => c.id).sort();

/** listContainers filters: labels (all must match), sessionId, state (one or several), name. */
export function listCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;

  describe('listContainers', () => {
    it(
      'finds the containers carrying every given label, and only those',
      async () => {
        const a = await ctx.create(['sleep', '60'], { labels: { 'conformance.group': 'a' } });
        const b = await ctx.create(['sleep', '60'], { labels: { 'conformance.group': 'b' } });
        expect(ids(await driver.listContainers({ labels: ctx.labels }))).toEqual(ids([a, b]));
        const onlyA = await driver.listContainers({ labels: { ...ctx.labels, 'conformance.group': 'a' } });
        expect(ids(onlyA)).toEqual([a.id]);
      },
      timeoutMs,
    );

    it(
      'returns nothing when a label value does not match',
      async () => {
        await ctx.create(['sleep', '60'], { labels: { 'conformance.group': 'a' } });
        const none = await driver.listContainers({ labels: { ...ctx.labels, 'conformance.group': 'zzz' } });
        expect(none).toEqual([]);
      },
      timeoutMs,
    );

    it(
      'filters by sessionId',
      async () => {
        const sessionId = ctx.uniqueName('session');
        const mine = await ctx.create(['sleep', '60'], { sessionId });
        await ctx.create(['sleep', '60'], { sessionId: ctx.uniqueName('other') });
        const found = await driver.listContainers({ sessionId, labels: ctx.labels });
        expect(ids(found)).toEqual([mine.id]);
        expect(found[0]?.sessionId).toBe(sessionId);
      },
      timeoutMs,
    );

    it(
      'filters by a single state',
      async () => {
        const created = await ctx.create(['sleep', '60']);
        const running = await ctx.run(['sleep', '60']);
        expect(ids(await driver.listContainers({ labels: ctx.labels, state: 'running' }))).toEqual([running.id]);
        expect(ids(await driver.listContainers({ labels: ctx.labels, state: 'created' }))).toEqual([created.id]);
      },
      timeoutMs,
    );

    it(
      'filters by several states',
      async () => {
        const created = await ctx.create(['sleep', '60']);
        const running = await ctx.run(['sleep', '60']);
        const exited = await ctx.run(['sleep', '60']);
        await driver.stopContainer(exited.id, { timeoutMs: 500 });
        const found = await driver.listContainers({ labels: ctx.labels, state: ['created', 'exited'] });
        expect(ids(found)).toEqual(ids([created, exited]));
        expect(ids(found)).not.toContain(running.id);
      },
      timeoutMs,
    );

    it(
      'filters by name',
      async () => {
        const name = ctx.uniqueName('listed');
        const c = await ctx.create(['sleep', '60'], { name });
        await ctx.create(['sleep', '60']);
        expect(ids(await driver.listContainers({ name }))).toEqual([c.id]);
      },
      timeoutMs,
    );

    it(
      'reports each container with its current state',
      async () => {
        const c = await ctx.run(['sleep', '60']);
        const [listed] = await driver.listContainers({ labels: ctx.labels });
        expect(listed?.id).toBe(c.id);
        expect(listed?.state).toBe('running');
      },
      timeoutMs,
    );
  });
}
