import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HealthcheckSpec } from '@berth/core';
import { filter, firstValueFrom } from 'rxjs';
import { LocalDriver } from '../local-driver.js';

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

describe(`${LocalDriver.name} health checks`, () => {
  let home: string;
  let driver: LocalDriver;
  const created: string[] = [];

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-local-health-'));
    driver = new LocalDriver({ home });
  });

  afterEach(async () => {
    for (const id of created.splice(0)) await driver.removeContainer(id, { force: true }).catch(() => undefined);
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  const create = async (healthcheck: HealthcheckSpec, d = driver): Promise<string> => {
    const c = await d.createContainer({ image: 'host', command: ['sleep', '60'], healthcheck });
    created.push(c.id);
    return c.id;
  };
  const nextHealth = (id: string, d = driver): Promise<boolean | undefined> =>
    firstValueFrom(d.events$({ containerId: id, types: ['health'] })).then((e) => e.healthy);
  const probeCount = async (id: string): Promise<number> => {
    const text = Buffer.from(await driver.getFile(id, 'probes').catch(() => new Uint8Array())).toString();
    return text.split('\n').filter(Boolean).length;
  };
  const waitProbes = async (id: string, n: number): Promise<void> => {
    while ((await probeCount(id)) < n) await delay(20);
  };

  describe('.isContainerHealthy', () => {
    it('is false while starting, true after a passing probe, with a health event', async () => {
      const id = await create({ command: ['true'], intervalMs: 500 });
      const event = nextHealth(id);
      await driver.startContainer(id);
      expect(await driver.isContainerHealthy(id)).toBe(false);
      expect(await event).toBe(true);
      expect(await driver.isContainerHealthy(id)).toBe(true);
    });

    it('turns false after `retries` consecutive failures, with a health event', async () => {
      const id = await create({ command: ['sh', '-c', 'echo x >> probes; exit 1'], intervalMs: 50, retries: 3 });
      const event = nextHealth(id);
      await driver.startContainer(id);
      expect(await event).toBe(false);
      expect(await probeCount(id)).toBeGreaterThanOrEqual(3);
      expect(await driver.isContainerHealthy(id)).toBe(false);
    });

    it('counts a probe that outlives timeoutMs as a failure', async () => {
      const id = await create({ command: ['sleep', '30'], intervalMs: 50, timeoutMs: 100, retries: 1 });
      const event = nextHealth(id);
      await driver.startContainer(id);
      expect(await event).toBe(false);
    });

    it('does not count failures within startPeriodMs while starting', async () => {
      const id = await create({
        command: ['sh', '-c', 'echo x >> probes; exit 1'],
        intervalMs: 50,
        retries: 1,
        startPeriodMs: 600_000,
      });
      const events: boolean[] = [];
      const sub = driver
        .events$({ containerId: id, types: ['health'] })
        .subscribe((e) => events.push(e.healthy === true));
      try {
        await driver.startContainer(id);
        await waitProbes(id, 3);
        expect(events).toEqual([]);
        expect(await driver.isContainerHealthy(id)).toBe(false);
      } finally {
        sub.unsubscribe();
      }
    });

    it('recovers to healthy after being unhealthy', async () => {
      const id = await create({ command: ['sh', '-c', 'test -e ok'], intervalMs: 50, retries: 1 });
      const seen = firstValueFrom(
        driver.events$({ containerId: id, types: ['health'] }).pipe(filter((e) => e.healthy === true)),
      );
      const unhealthy = nextHealth(id);
      await driver.startContainer(id);
      expect(await unhealthy).toBe(false);
      await driver.putFiles(id, [{ path: 'ok', content: '' }]);
      expect((await seen).healthy).toBe(true);
    });

    it('is true for a running container without a health check and false once it stopped', async () => {
      const c = await driver.createContainer({ image: 'host', command: ['sleep', '60'] });
      created.push(c.id);
      await driver.startContainer(c.id);
      expect(await driver.isContainerHealthy(c.id)).toBe(true);
      await driver.stopContainer(c.id, { timeoutMs: 500 });
      expect(await driver.isContainerHealthy(c.id)).toBe(false);
    });
  });

  describe('.stopContainer', () => {
    it('stops the probe loop', async () => {
      const id = await create({ command: ['sh', '-c', 'echo x >> probes'], intervalMs: 30 });
      await driver.startContainer(id);
      await waitProbes(id, 2);
      await driver.stopContainer(id, { timeoutMs: 500 });
      const after = await probeCount(id);
      await delay(300);
      expect(await probeCount(id)).toBe(after);
    });
  });

  describe('constructor (adopting running containers)', () => {
    it('restarts the probe loop in a re-created driver', async () => {
      const id = await create({ command: ['true'], intervalMs: 100 });
      await driver.startContainer(id);
      await driver.dispose();
      driver = new LocalDriver({ home });
      expect(await nextHealth(id)).toBe(true);
      expect(await driver.isContainerHealthy(id)).toBe(true);
    });
  });
});
