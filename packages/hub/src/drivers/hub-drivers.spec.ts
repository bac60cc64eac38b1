import { type ContainerDriver, withResilience } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { hubDrivers } from './hub-drivers.js';

/** A stand-in for DockerHostPool: two hosts, each a mock driver. */
function fakePool(): ContainerDriver & { hostIds: string[]; host(id: string): ContainerDriver } {
  const hosts: Record<string, MockDriver> = { a: new MockDriver({ seed: 1 }), b: new MockDriver({ seed: 2 }) };
  const pool = Object.assign(new MockDriver({ seed: 3 }), {
    hostIds: ['a', 'b'],
    host: (id: string) => hosts[id] as MockDriver,
  });
  return pool;
}

describe(hubDrivers.name, () => {
  describe('when the driver is not a pool', () => {
    it('serves it under its kind', () => {
      const d = new MockDriver();
      expect(hubDrivers(d, 'mock')).toEqual({ mock: d });
    });
  });
  describe('when the driver is a host pool', () => {
    it('serves each host under its id', () => {
      const pool = fakePool();
      const drivers = hubDrivers(pool, 'docker');
      expect(Object.keys(drivers)).toEqual(['a', 'b']);
      expect(drivers['a']).toBe(pool.host('a'));
    });
  });
  describe('when the pool is under withResilience', () => {
    it('serves each host, wrapped as asked', () => {
      const pool = fakePool();
      const drivers = hubDrivers(withResilience(pool), 'docker', (h) => withResilience(h));
      expect(Object.keys(drivers)).toEqual(['a', 'b']);
      expect((drivers['b'] as unknown as { inner: ContainerDriver }).inner).toBe(pool.host('b'));
    });
  });
});
