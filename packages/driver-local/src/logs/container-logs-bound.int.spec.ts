import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceLimitError } from '@berth/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalDriver } from '../local-driver.js';
import { ContainerStore } from '../state/container-store.js';
import { StateLayout } from '../state/state-layout.js';
import { ContainerLogs, MAX_CONTAINER_LOGS_BYTES } from './container-logs.js';

const KB = 1024;

/**
 * `getContainerLogs` builds one string: a container that logged more than the driver should hold in memory must get
 * a typed refusal, not an allocation of its whole log. The bound is exercised small (`read`'s `maxBytes`) on a real
 * container's log file; the driver's facade uses {@link MAX_CONTAINER_LOGS_BYTES}.
 */
describe(ContainerLogs.name, () => {
  let home: string;
  let driver: LocalDriver;
  let logs: ContainerLogs;
  let id: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-local-logbound-'));
    driver = new LocalDriver({ home });
    const layout = new StateLayout(home);
    logs = new ContainerLogs({
      layout,
      store: new ContainerStore(layout),
      prepare: async () => {},
      pollIntervalMs: 50,
    });
    // 2,048 lines of 1,023 characters and a newline: 2 MiB of text
    const c = await driver.createContainer({
      image: 'host',
      command: ['sh', '-c', `yes ${'x'.repeat(1023)} | head -n 2048; echo last`],
    });
    id = c.id;
    await driver.startContainer(id);
    await driver.waitContainer(id);
  }, 60_000);

  afterAll(async () => {
    await driver.removeContainer(id, { force: true }).catch(() => undefined);
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  describe('.read', () => {
    describe('when the text would exceed maxBytes', () => {
      it('rejects with ResourceLimitError naming the container logs and the bound', async () => {
        const err = await logs.read(id, {}, 1024 * KB).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ResourceLimitError);
        expect(err).toMatchObject({ resource: 'container logs', limit: 1024 * KB });
      });
    });

    describe('when tail keeps it within maxBytes', () => {
      it('returns the lines', async () => {
        expect(await logs.read(id, { tail: 1 }, 1024 * KB)).toBe('last\n');
        expect((await logs.read(id, { tail: 100 }, 1024 * KB)).length).toBe(99 * 1024 + 5);
      });
    });
  });

  describe('LocalDriver.getContainerLogs', () => {
    it(`returns a log under MAX_CONTAINER_LOGS_BYTES (${MAX_CONTAINER_LOGS_BYTES} bytes) whole`, async () => {
      expect((await driver.getContainerLogs(id)).length).toBe(2048 * 1024 + 5);
    });
  });
});
