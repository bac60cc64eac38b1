import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalDriver } from '../local-driver.js';

describe('LocalDriver system info (capability systemInfo)', () => {
  let home: string;
  let driver: LocalDriver;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-local-system-'));
    driver = new LocalDriver({ home, isolation: 'none' });
  });
  afterEach(async () => {
    for (const c of await driver.listContainers()) await driver.removeContainer(c.id, { force: true });
    for (const v of await driver.listVolumes()) await driver.removeVolume(v.name);
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  it('declares the capability and reports the host, the driver version and its isolation mode', async () => {
    expect(driver.capabilities.systemInfo).toBe(true);
    await driver.createContainer({ image: 'host', command: ['true'] });
    const info = await driver.getSystemInfo();
    expect(info).toMatchObject({
      osType: 'linux',
      kernelVersion: release(),
      memoryBytes: totalmem(),
      images: 0,
      serverVersion: driver.version,
      containers: { total: 1, running: 0, paused: 0, stopped: 1 },
      details: { driver: 'local', home, isolation: 'none', sandbox: { mode: 'none' } },
    });
    expect(info.cpus).toBeGreaterThan(0);
    expect(info.cpus).toBeLessThanOrEqual(cpus().length);
    expect(info.operatingSystem).not.toBe('');
    expect(await driver.getSystemVersion()).toMatchObject({ version: driver.version, kernelVersion: release() });
  });

  it('reports the bytes under the containers and the volumes, and no images or build cache', async () => {
    const c = await driver.createContainer({ image: 'host', command: ['true'] });
    await driver.createVolume({ name: 'berth-system-info-vol' });
    const before = await driver.getSystemUsage();
    await driver.putFiles(c.id, [{ path: '/data.bin', content: new Uint8Array(10_000) }]);
    const after = await driver.getSystemUsage();
    expect(after.containers.count).toBe(1);
    expect(after.containers.sizeBytes - before.containers.sizeBytes).toBe(10_000);
    expect(after.volumes.count).toBe(1);
    expect(after.images).toEqual({ count: 0, sizeBytes: 0 });
    expect(after.buildCache).toEqual({ count: 0, sizeBytes: 0 });
  });
});
