import {
  ContainerConflictError,
  ContainerNotFoundError,
  DriverUnavailableError,
  ImageNotFoundError,
  ValidationError,
} from '@berth/core';
import { expectError } from '@berth/core/testing';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { MockDriver } from '../driver/mock-driver.js';

const drivers: MockDriver[] = [];
const make = (seed = 1): MockDriver => {
  const driver = new MockDriver({ seed });
  drivers.push(driver);
  return driver;
};

/** Outcome of `n` listContainers calls: `o` ok, `x` failed. */
async function pattern(driver: MockDriver, n: number): Promise<string> {
  let out = '';
  for (let i = 0; i < n; i++)
    out += await driver.listContainers().then(
      () => 'o',
      () => 'x',
    );
  return out;
}

afterEach(async () => {
  jest.useRealTimers();
  await Promise.all(drivers.splice(0).map((d) => d.dispose()));
});

describe('MockFaults', () => {
  describe('.failureRate', () => {
    it('gives the same failure pattern for the same seed', async () => {
      const a = make(42);
      const b = make(42);
      a.faults.failureRate(0.3);
      b.faults.failureRate(0.3);
      const first = await pattern(a, 40);
      expect(await pattern(b, 40)).toBe(first);
      expect(first).toContain('x');
      expect(first).toContain('o');
    });

    it('gives a different pattern for another seed', async () => {
      const a = make(1);
      const b = make(2);
      a.faults.failureRate(0.5);
      b.faults.failureRate(0.5);
      expect(await pattern(a, 40)).not.toBe(await pattern(b, 40));
    });

    it('throws DriverUnavailableError by default, or what the factory makes', async () => {
      const driver = make();
      driver.faults.failureRate(1);
      await expectError(() => driver.listContainers(), DriverUnavailableError);
      driver.faults.failureRate(1, (op) => new ContainerConflictError(`boom in ${op}`));
      await expect(driver.listContainers()).rejects.toThrow('boom in listContainers');
    });
  });

  describe('.failNext', () => {
    it('fails exactly the next n calls, then recovers', async () => {
      const driver = make();
      driver.faults.failNext(2, new DriverUnavailableError('flaky'));
      expect(await pattern(driver, 4)).toBe('xxoo');
    });

    it('only counts calls of the named operation', async () => {
      const driver = make();
      driver.faults.failNext(1, new DriverUnavailableError('no start'), { operation: 'startContainer' });
      const c = await driver.createContainer({ image: 'busybox', command: ['sleep', '60'] });
      await expect(driver.startContainer(c.id)).rejects.toThrow('no start');
      await driver.startContainer(c.id);
      expect((await driver.getContainer(c.id))?.state).toBe('running');
      await driver.removeContainer(c.id, { force: true });
    });
  });

  describe('.down', () => {
    it('makes every call throw DriverUnavailableError and healthCheck report unhealthy, until up()', async () => {
      const driver = make();
      driver.faults.down();
      await expectError(() => driver.listContainers(), DriverUnavailableError);
      await expectError(() => driver.startContainer('x'), DriverUnavailableError);
      expect((await driver.healthCheck()).healthy).toBe(false);
      driver.faults.up();
      expect((await driver.healthCheck()).healthy).toBe(true);
      await expectError(() => driver.startContainer('x'), ContainerNotFoundError);
    });

    it('errors live streams with DriverUnavailableError', async () => {
      const driver = make();
      const errors: unknown[] = [];
      const subscription = driver.events$().subscribe({ error: (e) => errors.push(e) });
      driver.faults.down();
      expect(errors).toHaveLength(1);
      expect(DriverUnavailableError.is(errors[0])).toBe(true);
      subscription.unsubscribe();
    });

    it('fails execStream with the typed error', async () => {
      const driver = make();
      const c = await driver.createContainer({ image: 'busybox', command: ['sleep', '60'] });
      await driver.startContainer(c.id);
      driver.faults.down();
      await expectError(() => driver.execStream(c.id, { command: ['true'] }).exit, DriverUnavailableError);
      driver.faults.up();
      await driver.removeContainer(c.id, { force: true });
    });
  });

  describe('.latency', () => {
    it('delays calls in virtual time', async () => {
      jest.useFakeTimers();
      const driver = make();
      driver.faults.latency(5000);
      let done = false;
      const listing = driver.listContainers().then(() => {
        done = true;
      });
      await jest.advanceTimersByTimeAsync(4999);
      expect(done).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await listing;
      expect(done).toBe(true);
    });

    it('draws a seeded latency from a range', async () => {
      jest.useFakeTimers();
      const driver = make();
      driver.faults.latency({ min: 100, max: 200 });
      let done = false;
      const listing = driver.listContainers().then(() => {
        done = true;
      });
      await jest.advanceTimersByTimeAsync(99);
      expect(done).toBe(false);
      await jest.advanceTimersByTimeAsync(101);
      await listing;
      expect(done).toBe(true);
    });
  });

  describe('when given out-of-range arguments', () => {
    it.each<[string, (driver: MockDriver) => unknown]>([
      ['a failure rate above 1', (d) => d.faults.failureRate(1.5)],
      ['a NaN failure rate', (d) => d.faults.failureRate(Number.NaN)],
      ['a negative latency', (d) => d.faults.latency(-1)],
      ['a latency range with min > max', (d) => d.faults.latency({ min: 10, max: 5 })],
      ['a fractional failNext count', (d) => d.faults.failNext(1.5)],
      ['a negative failNext count', (d) => d.faults.failNext(-1)],
    ])('throws ValidationError for %s', async (_what, act) => {
      const driver = make();
      await expectError(() => act(driver), ValidationError);
    });
  });

  describe('.reset', () => {
    it('clears every fault', async () => {
      const driver = make();
      driver.faults.failureRate(1).failNext(3).down().reset();
      expect(await pattern(driver, 3)).toBe('ooo');
      await expectError(() => driver.pullImage('nope/nothing:1'), ImageNotFoundError);
    });
  });
});
