import { BERTH_LABELS } from '../../contract/index.js';
import { ContainerConflictError, ContainerNotFoundError } from '../../errors/index.js';
import type { ConformanceContext } from '../conformance-context.js';
import { eventually } from '../helpers/eventually.js';
import { expectError } from '../helpers/expect-error.js';
import { IGNORES_TERM, termHandler } from '../helpers/kit-commands.js';
import { describe, expect, it } from '../runner/index.js';

const SLEEP = ['sleep', '60'];
/** The contract's default stop timeout, in ms. */
const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** A stop timeout long enough for {@link termHandler} to react to SIGTERM on every driver. */
const GRACE_MS = 5_000;

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
      'throws ContainerConflictError for a name already taken, and creates nothing',
      async () => {
        const name = ctx.uniqueName('taken');
        const first = await ctx.create(SLEEP, { name });
        await expectError(() => ctx.create(SLEEP, { name }), ContainerConflictError);
        const named = await driver.listContainers({ name });
        expect(named.map((x) => x.id)).toEqual([first.id]);
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
      'moves to exited on stop, once the process has run its SIGTERM handler',
      async () => {
        const c = await ctx.run(termHandler(7));
        await eventually(async () => expect(await driver.getContainerLogs(c.id)).toContain('ready'));
        await driver.stopContainer(c.id, { timeoutMs: GRACE_MS });
        // No waiting here: stop resolves only after the exit.
        expect(await stateOf(c.id)).toBe('exited');
        expect(await driver.getContainerLogs(c.id)).toContain('bye');
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
      'kills a process that ignores SIGTERM once the given stop timeout passes, not the default',
      async () => {
        const c = await ctx.run([...IGNORES_TERM]);
        // Stop only once the trap is in place, or SIGTERM alone would end it.
        await eventually(async () => expect(await driver.getContainerLogs(c.id)).toContain('trapped'));
        const started = Date.now();
        await driver.stopContainer(c.id, { timeoutMs: 500 });
        // Compared with the 10 s default, not a tight timer: a driver ignoring timeoutMs takes 10 s.
        expect(Date.now() - started).toBeLessThan(DEFAULT_STOP_TIMEOUT_MS / 2);
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
      'resolves when a running container is stopped, with the exit code of its SIGTERM handler',
      async () => {
        const c = await ctx.run(termHandler(7));
        await eventually(async () => expect(await driver.getContainerLogs(c.id)).toContain('ready'));
        const waiting = driver.waitContainer(c.id);
        await driver.stopContainer(c.id, { timeoutMs: GRACE_MS });
        const status = await waiting;
        expect(status.exitCode).toBe(7);
        expect(status.oomKilled).toBe(false);
      },
      timeoutMs,
    );
  });
}
