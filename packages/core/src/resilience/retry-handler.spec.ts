import { describe, expect, it, jest } from '@jest/globals';
import { ContainerNotFoundError, ContainerTimeoutError, DriverUnavailableError } from '../errors/error-classes.js';
import { RetryHandler } from './retry-handler.js';

const noJitter = () => 0;

describe(RetryHandler.name, () => {
  describe('.execute', () => {
    it('retries an error of a retryableErrors class until the call succeeds', async () => {
      const handler = new RetryHandler({
        maxRetries: 3,
        baseDelay: 1000,
        maxDelay: 10000,
        retryableErrors: [ContainerTimeoutError],
        random: noJitter,
      });
      const fn = jest
        .fn<() => Promise<string>>()
        .mockRejectedValueOnce(new ContainerTimeoutError('createContainer', 5))
        .mockResolvedValueOnce('ok');
      await expect(handler.execute(fn)).resolves.toBe('ok');
      expect(fn).toHaveBeenCalledTimes(2);
    });

    it('throws an error of another class at once', async () => {
      const handler = new RetryHandler({
        maxRetries: 3,
        baseDelay: 0,
        maxDelay: 0,
        retryableErrors: [ContainerTimeoutError],
      });
      const fn = jest.fn<() => Promise<string>>().mockRejectedValue(new DriverUnavailableError('down'));
      await expect(handler.execute(fn)).rejects.toThrow(DriverUnavailableError);
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('gives up after maxRetries retries with the last error', async () => {
      const handler = new RetryHandler({ maxRetries: 2, baseDelay: 0, maxDelay: 0 });
      const fn = jest.fn<() => Promise<string>>().mockRejectedValue(new DriverUnavailableError('down'));
      await expect(handler.execute(fn)).rejects.toThrow(DriverUnavailableError);
      expect(fn).toHaveBeenCalledTimes(3);
    });

    it('retries only retryable Berth errors without retryableErrors', async () => {
      const handler = new RetryHandler({ maxRetries: 2, baseDelay: 0, maxDelay: 0 });
      const fn = jest.fn<() => Promise<string>>().mockRejectedValue(new ContainerNotFoundError('c'));
      await expect(handler.execute(fn)).rejects.toThrow(ContainerNotFoundError);
      expect(fn).toHaveBeenCalledTimes(1);
    });
  });

  it('refuses a negative maxRetries', () => {
    expect(() => new RetryHandler({ maxRetries: -1, baseDelay: 0, maxDelay: 0 })).toThrow(RangeError);
  });
});
