import { ContainerNotFoundError } from '../../errors/index.js';
import { type CapabilityName, skipReason } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { collect } from '../helpers/collect.js';
import { expectError } from '../helpers/expect-error.js';
import { describe, expect, it } from '../runner/index.js';

/** One id-taking method called with an unknown id. */
interface NotFoundCase {
  method: string;
  requires?: CapabilityName;
  call: (id: string) => unknown;
}

/** Every id-taking method rejects an unknown id with `ContainerNotFoundError`; getContainer gives null. */
export function notFoundCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  const unknownId = `missing-${ctx.runId}`;

  const cases: NotFoundCase[] = [
    { method: 'startContainer', call: (id) => driver.startContainer(id) },
    { method: 'stopContainer', call: (id) => driver.stopContainer(id, { timeoutMs: 500 }) },
    { method: 'restartContainer', call: (id) => driver.restartContainer(id, { timeoutMs: 500 }) },
    { method: 'removeContainer', call: (id) => driver.removeContainer(id) },
    { method: 'removeContainer (force)', call: (id) => driver.removeContainer(id, { force: true }) },
    { method: 'waitContainer', call: (id) => driver.waitContainer(id) },
    { method: 'exec', requires: 'exec', call: (id) => driver.exec(id, { command: ['true'] }) },
    { method: 'execStream', requires: 'exec', call: (id) => driver.execStream(id, { command: ['true'] }).exit },
    {
      method: 'putFiles',
      requires: 'files',
      call: (id) => driver.putFiles(id, [{ path: ctx.path('x.txt'), content: 'x' }]),
    },
    { method: 'getFile', requires: 'files', call: (id) => driver.getFile(id, ctx.path('x.txt')) },
    { method: 'getContainerLogs', call: (id) => driver.getContainerLogs(id) },
    { method: 'logs$', call: (id) => collect(driver.logs$(id, { follow: false })) },
    { method: 'logs$ (follow)', call: (id) => collect(driver.logs$(id, { follow: true })) },
    { method: 'getStats', requires: 'stats', call: (id) => driver.getStats(id) },
    { method: 'stats$', requires: 'stats', call: (id) => collect(driver.stats$(id, { intervalMs: 200 })) },
    { method: 'isContainerHealthy', requires: 'healthcheck', call: (id) => driver.isContainerHealthy(id) },
  ];

  describe('not found', () => {
    for (const c of cases) {
      const reason = c.requires === undefined ? null : skipReason(ctx.capabilities, [c.requires]);
      if (reason !== null) {
        console.info(`[berth conformance] ${ctx.name}: skipping "not found: ${c.method}" (${reason})`);
        continue;
      }
      it(
        `${c.method} rejects an unknown id with ContainerNotFoundError`,
        async () => {
          const err = await expectError(() => c.call(unknownId), ContainerNotFoundError);
          expect(err.code).toBe(ContainerNotFoundError.code);
        },
        timeoutMs,
      );
    }

    it(
      'getContainer returns null for an unknown id',
      async () => {
        expect(await driver.getContainer(unknownId)).toBeNull();
      },
      timeoutMs,
    );

    it(
      'getContainer returns null for a removed container',
      async () => {
        const c = await ctx.create(['sleep', '60']);
        await driver.removeContainer(c.id);
        expect(await driver.getContainer(c.id)).toBeNull();
      },
      timeoutMs,
    );

    it(
      'waitContainer rejects a removed container with ContainerNotFoundError',
      async () => {
        const c = await ctx.create(['sleep', '60']);
        await driver.removeContainer(c.id);
        await expectError(() => driver.waitContainer(c.id), ContainerNotFoundError);
      },
      timeoutMs,
    );
  });
}
