import { describe, expect, it, jest } from '@jest/globals';
import { CircuitOpenError, ContainerNotFoundError, DriverUnavailableError } from '../errors/error-classes.js';
import { CircuitBreaker } from './circuit-breaker.js';

function breakerAt(clock: { t: number }): CircuitBreaker {
  return new CircuitBreaker({ failureThreshold: 2, resetTimeout: 100, monitoringPeriod: 1000, now: () => clock.t });
}

const failing = () => Promise.reject(new DriverUnavailableError('down'));

describe(CircuitBreaker.name, () => {
  describe('.execute', () => {
    it('opens after failureThreshold failures and then fails fast without calling', async () => {
      const clock = { t: 0 };
      const breaker = breakerAt(clock);
      await expect(breaker.execute(failing)).rejects.toThrow(DriverUnavailableError);
      await expect(breaker.execute(failing)).rejects.toThrow(DriverUnavailableError);
      const fn = jest.fn(() => Promise.resolve(1));
      await expect(breaker.execute(fn)).rejects.toThrow(CircuitOpenError);
      expect(fn).not.toHaveBeenCalled();
      expect(breaker.state).toBe('open');
    });

    it('forgets failures older than monitoringPeriod', async () => {
      const clock = { t: 0 };
      const breaker = breakerAt(clock);
      await expect(breaker.execute(failing)).rejects.toThrow();
      clock.t = 1500;
      await expect(breaker.execute(failing)).rejects.toThrow();
      expect(breaker.state).toBe('closed');
    });

    it('lets one trial through after resetTimeout and closes on its success', async () => {
      const clock = { t: 0 };
      const breaker = breakerAt(clock);
      await expect(breaker.execute(failing)).rejects.toThrow();
      await expect(breaker.execute(failing)).rejects.toThrow();
      clock.t = 100;
      expect(breaker.state).toBe('half-open');
      await expect(breaker.execute(() => Promise.resolve('ok'))).resolves.toBe('ok');
      expect(breaker.state).toBe('closed');
    });

    it('opens again when the trial fails', async () => {
      const clock = { t: 0 };
      const breaker = breakerAt(clock);
      await expect(breaker.execute(failing)).rejects.toThrow();
      await expect(breaker.execute(failing)).rejects.toThrow();
      clock.t = 100;
      await expect(breaker.execute(failing)).rejects.toThrow(DriverUnavailableError);
      expect(breaker.state).toBe('open');
    });

    it('does not count a non-retryable Berth error (a missing container) as a failure', async () => {
      const breaker = breakerAt({ t: 0 });
      const notFound = () => Promise.reject(new ContainerNotFoundError('c'));
      await expect(breaker.execute(notFound)).rejects.toThrow(ContainerNotFoundError);
      await expect(breaker.execute(notFound)).rejects.toThrow(ContainerNotFoundError);
      expect(breaker.state).toBe('closed');
    });
  });
});
