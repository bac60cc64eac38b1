import { DriverUnavailableError, ValidationError } from '@berth/core';
import type { DockerEngineProbe } from './client/probe-docker-engine.js';
import { DockerDriver } from './docker-driver.js';
import { DockerHostPool } from './pool/docker-host-pool.js';
import { describeDocker } from './testing/docker-test-gate.js';

/** A socket nothing listens on: any request to it fails, so a driver built on it must not need the engine. */
const NOWHERE = { socketPath: '/var/run/berth-no-such-engine.sock' };

function probe(diskLimit: boolean): DockerEngineProbe {
  return {
    version: { engineVersion: '20.10.24', apiVersion: '1.41', minApiVersion: '1.12', os: 'linux' },
    storage: { driver: diskLimit ? 'btrfs' : 'overlay2', backingFilesystem: diskLimit ? 'btrfs' : 'extfs', diskLimit },
  };
}

describe(`${DockerDriver.name} capabilities`, () => {
  it('are the conservative declared set, frozen, when the driver is built without a probe', () => {
    const driver = new DockerDriver({ connection: NOWHERE });
    expect(driver.capabilities.resourceLimits.disk).toBe(false);
    expect(Object.isFrozen(driver.capabilities)).toBe(true);
    expect(Object.isFrozen(driver.capabilities.resourceLimits)).toBe(true);
    return driver.dispose();
  });

  it('follow the engine probe given at construction, which also replaces the lazy probe and pins the API', async () => {
    const given = probe(true);
    const driver = new DockerDriver({ connection: NOWHERE, engine: given });
    expect(driver.capabilities.resourceLimits.disk).toBe(true);
    // nothing answers on NOWHERE: ready() can only resolve with the probe it was given
    await expect(driver.ready()).resolves.toBe(given);
    expect((driver.docker.modem as { version?: string }).version).toBe('v1.41');
    await driver.dispose();
  });

  it('connect() rejects with DriverUnavailableError when no engine answers', async () => {
    await expect(DockerDriver.connect({ connection: NOWHERE })).rejects.toBeInstanceOf(DriverUnavailableError);
  });
});

describe(`${DockerHostPool.name} capabilities`, () => {
  const host = (id: string, diskLimit: boolean) => ({
    id,
    driver: new DockerDriver({ connection: NOWHERE, hostId: id, engine: probe(diskLimit) }),
  });

  it('are settled at construction: disk limits only when every host has them', () => {
    const both = new DockerHostPool({ hosts: [host('a', true), host('b', true)] });
    const one = new DockerHostPool({ hosts: [host('a', true), host('b', false)] });
    const unprobed = new DockerHostPool({ hosts: [host('a', true), { id: 'b', connection: NOWHERE }] });
    expect(both.capabilities.resourceLimits.disk).toBe(true);
    expect(one.capabilities.resourceLimits.disk).toBe(false);
    expect(unprobed.capabilities.resourceLimits.disk).toBe(false);
    expect(Object.isFrozen(both.capabilities.resourceLimits)).toBe(true);
    return Promise.all([both.dispose(), one.dispose(), unprobed.dispose()]);
  });

  it('takes injected drivers, and refuses one whose hostId is not the host id', () => {
    const a = host('a', false);
    const pool = new DockerHostPool({ hosts: [a] });
    expect(pool.host('a')).toBe(a.driver);
    expect(() => new DockerHostPool({ hosts: [{ id: 'b', driver: a.driver }] })).toThrow(ValidationError);
    return pool.dispose();
  });

  it('connect() keeps a host that does not answer (unprobed) instead of failing', async () => {
    const pool = await DockerHostPool.connect({ hosts: [host('a', true), { id: 'down', connection: NOWHERE }] });
    expect(pool.hostIds).toEqual(['a', 'down']);
    expect(pool.capabilities.resourceLimits.disk).toBe(false);
    await pool.dispose();
  });
});

await describeDocker(`${DockerDriver.name} capabilities on a real engine`, () => {
  it('never change once read: ready() leaves them as they were', async () => {
    const driver = new DockerDriver();
    try {
      const before = driver.capabilities;
      const snapshot = structuredClone(before);
      await driver.ready();
      expect(driver.capabilities).toBe(before);
      expect(driver.capabilities).toEqual(snapshot);
    } finally {
      await driver.dispose();
    }
  });

  it('connect() settles them from the probe: disk limits exactly when the storage enforces them', async () => {
    const driver = await DockerDriver.connect();
    try {
      const { storage } = await driver.ready();
      expect(driver.capabilities.resourceLimits.disk).toBe(storage.diskLimit);
    } finally {
      await driver.dispose();
    }
  });
});
