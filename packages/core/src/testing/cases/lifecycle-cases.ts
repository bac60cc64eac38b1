import { describe, expect, it } from '@jest/globals';
import { BERTH_LABELS } from '../../contract/index.js';
import { ContainerConflictError, ContainerNotFoundError } from '../../errors/index.js';
import type { ConformanceContext } from '../conformance-context.js';
import { eventually } from '../helpers/eventually.js';
import { expectError } from '../helpers/expect-error.js';

const SLEEP = ['sleep', '60'];

/** Lifecycle state machine: create, start, stop, restart, remove, wait, and the illegal transitions. */
export function lifecycleCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  const stateOf = async (id: string): Promise<string | undefined> => (await driver.getContainer(id))?.state;

  describe('lifecycle', () => {
    it(
      'creates a container in state created, with the driver name, image and creation time',
      async () => {
        const c = await ctx.create(SLEEP);
        expect(c.state).toBe('created');
        expect(typeof c.id).toBe('string');
        expect(c.id.length).toBeGreaterThan(0);
        expect(c.driver).toBe(driver.name);
        expect(c.image).toBe(ctx.image);
        expect(c.createdAt).toBeInstanceOf(Date);
        expect(Number.isNaN(c.createdAt.getTime())).toBe(false);
      },
      timeoutMs,
    );

    it(
      'reflects labels (with the kit label) and the session id in the instance',
      async () => {
        const sessionId = ctx.uniqueName('session');
        const c = await ctx.create(SLEEP, { sessionId, labels: { 'conformance.case': 'labels' } });
        expect(c.sessionId).toBe(sessionId);
        expect(c.labels).toMatchObject({ ...ctx.labels, 'conformance.case': 'labels' });
        expect(c.labels[BERTH_LABELS.session]).toBe(sessionId);
      },
      timeoutMs,
    );

    it(
      'reports sessionId null when the spec has none',
      async () => {
        const c = await ctx.create(SLEEP);
        expect(c.sessionId).toBeNull();
      },
      timeoutMs,
    );

    it(
      'uses the spec name when one is given',
      async () => {
        const name = ctx.uniqueName('named');
        const c = await ctx.create(SLEEP, { name });
        expect(c.name).toBe(name);
      },
      timeoutMs,
    );

    it(
      'returns the same container from getContainer',
      async () => {
        const c = await ctx.create(SLEEP);
        const got = await driver.getContainer(c.id);
        expect(got).not.toBeNull();
        expect(got?.id).toBe(c.id);
        expect(got?.state).toBe('created');
        expect(got?.labels).toMatchObject(ctx.labels);
      },
      timeoutMs,
    );

    it(
      'moves to running on start, with startedAt set',
      async () => {
        const c = await ctx.run(SLEEP);
        const got = await driver.getContainer(c.id);
        expect(got?.state).toBe('running');
        expect(got?.startedAt).toBeInstanceOf(Date);
      },
      timeoutMs,
    );

    it(
      'moves to exited on stop',
      async () => {
        const c = await ctx.run(SLEEP);
        await driver.stopContainer(c.id, { timeoutMs: 500 });
        expect(await stateOf(c.id)).toBe('exited');
      },
      timeoutMs,
    );

    it(
      'moves to exited when the main process ends by itself',
      async () => {
        const c = await ctx.run(['true']);
        await driver.waitContainer(c.id);
        await eventually(async () => expect(await stateOf(c.id)).toBe('exited'));
      },
      timeoutMs,
    );

    it(
      'starts again after exiting',
      async () => {
        const c = await ctx.run(SLEEP);
        await driver.stopContainer(c.id, { timeoutMs: 500 });
        await driver.startContainer(c.id);
        expect(await stateOf(c.id)).toBe('running');
      },
      timeoutMs,
    );

    it(
      'is running again after restart',
      async () => {
        const c = await ctx.run(SLEEP);
        await driver.restartContainer(c.id, { timeoutMs: 500 });
        expect(await stateOf(c.id)).toBe('running');
      },
      timeoutMs,
    );

    it(
      'treats stopping a stopped container as a no-op',
      async () => {
        const c = await ctx.run(SLEEP);
        await driver.stopContainer(c.id, { timeoutMs: 500 });
        await driver.stopContainer(c.id, { timeoutMs: 500 });
        expect(await stateOf(c.id)).toBe('exited');
      },
      timeoutMs,
    );

    it(
      'treats starting a running container as a no-op',
      async () => {
        const c = await ctx.run(SLEEP);
        await driver.startContainer(c.id);
        expect(await stateOf(c.id)).toBe('running');
      },
      timeoutMs,
    );

    it(
      'removes an exited container: getContainer gives null and listContainers omits it',
      async () => {
        const c = await ctx.run(SLEEP);
        await driver.stopContainer(c.id, { timeoutMs: 500 });
        await driver.removeContainer(c.id);
        expect(await driver.getContainer(c.id)).toBeNull();
        const listed = await driver.listContainers({ labels: ctx.labels });
        expect(listed.map((x) => x.id)).not.toContain(c.id);
      },
      timeoutMs,
    );

    it(
      'removes a created, never started container',
      async () => {
        const c = await ctx.create(SLEEP);
        await driver.removeContainer(c.id);
        expect(await driver.getContainer(c.id)).toBeNull();
      },
      timeoutMs,
    );

    it(
      'throws ContainerNotFoundError when starting a removed container',
      async () => {
        const c = await ctx.create(SLEEP);
        await driver.removeContainer(c.id);
        await expectError(() => driver.startContainer(c.id), ContainerNotFoundError);
      },
      timeoutMs,
    );

    it(
      'throws ContainerConflictError when removing a running container without force, and keeps it',
      async () => {
        const c = await ctx.run(SLEEP);
        await expectError(() => driver.removeContainer(c.id), ContainerConflictError);
        expect(await stateOf(c.id)).toBe('running');
      },
      timeoutMs,
    );

    it(
      'removes a running container with force',
      async () => {
        const c = await ctx.run(SLEEP);
        await driver.removeContainer(c.id, { force: true });
        expect(await driver.getContainer(c.id)).toBeNull();
      },
      timeoutMs,
    );

    it(
      'kills a process that ignores SIGTERM once the stop timeout passes',
      async () => {
        const c = await ctx.run(['sh', '-c', "trap '' TERM; echo trapped; sleep 60"]);
        // Stop only once the trap is in place, or SIGTERM alone would end it.
        await eventually(async () => expect(await driver.getContainerLogs(c.id)).toContain('trapped'));
        await driver.stopContainer(c.id, { timeoutMs: 500 });
        expect(await stateOf(c.id)).toBe('exited');
        expect((await driver.waitContainer(c.id)).exitCode).toBe(137);
      },
      timeoutMs,
    );
  });

  describe('waitContainer', () => {
    it(
      'resolves with the exit code, oomKilled false and finishedAt',
      async () => {
        const c = await ctx.run(['sh', '-c', 'exit 3']);
        const status = await driver.waitContainer(c.id);
        expect(status).toEqual({ exitCode: 3, oomKilled: false, finishedAt: expect.any(Date) });
        expect(Number.isNaN(status.finishedAt.getTime())).toBe(false);
      },
      timeoutMs,
    );

    it(
      'resolves with exit code 0 for a successful process',
      async () => {
        const c = await ctx.run(['true']);
        expect((await driver.waitContainer(c.id)).exitCode).toBe(0);
      },
      timeoutMs,
    );

    it(
      'resolves at once for an already exited container, with the same status',
      async () => {
        const c = await ctx.run(['sh', '-c', 'exit 5']);
        const first = await driver.waitContainer(c.id);
        await eventually(async () => expect(await stateOf(c.id)).toBe('exited'));
        const second = await driver.waitContainer(c.id);
        expect(second.exitCode).toBe(5);
        expect(second.finishedAt.getTime()).toBe(first.finishedAt.getTime());
      },
      timeoutMs,
    );

    it(
      'resolves when a running container is stopped',
      async () => {
        const c = await ctx.run(SLEEP);
        const waiting = driver.waitContainer(c.id);
        await driver.stopContainer(c.id, { timeoutMs: 500 });
        const status = await waiting;
        expect(typeof status.exitCode).toBe('number');
        expect(status.oomKilled).toBe(false);
      },
      timeoutMs,
    );
  });
}
