import {
  CircuitOpenError,
  ContainerNotFoundError,
  DriverUnavailableError,
  type ResiliencePolicy,
  type ResilientDriver,
  withResilience,
} from '@berth/core';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { MockDriver } from './driver/mock-driver.js';

/** Settles a promise into `{ error }` so a test can look at the error without try/catch. */
async function settle(promise: Promise<unknown>): Promise<{ error?: unknown }> {
  try {
    await promise;
    return {};
  } catch (error) {
    return { error };
  }
}

const policy: ResiliencePolicy = {
  breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 5000 },
  retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 50 },
  random: () => 0.5,
};

let mock: MockDriver;
let driver: ResilientDriver;

beforeEach(() => {
  jest.useFakeTimers();
  mock = new MockDriver({ seed: 3 });
  driver = withResilience(mock, policy);
});

afterEach(async () => {
  await driver.dispose();
  jest.clearAllTimers();
  jest.useRealTimers();
});

describe('withResilience over MockDriver', () => {
  it('retries a retryable failure and succeeds', async () => {
    mock.faults.failNext(2, new DriverUnavailableError('blip'), { operation: 'listContainers' });
    const listing = driver.listContainers();
    await jest.advanceTimersByTimeAsync(1000);
    await expect(listing).resolves.toEqual([]);
    expect(mock.callsTo('listContainers').map((c) => c.result)).toEqual(['error', 'error', 'ok']);
  });

  it('does not retry ContainerNotFoundError, and it never trips the breaker', async () => {
    for (let i = 0; i < 10; i++) {
      const { error } = await settle(driver.getContainerLogs('missing'));
      expect(ContainerNotFoundError.is(error)).toBe(true);
    }
    expect(mock.callsTo('getContainerLogs')).toHaveLength(10);
    expect(driver.breakerState('query')).toBe('closed');
  });

  it('opens after the threshold while the engine is down, fails fast with CircuitOpenError, and closes after a half-open probe', async () => {
    mock.faults.down();
    for (let i = 0; i < 3; i++) {
      const outcome = settle(driver.listContainers());
      await jest.advanceTimersByTimeAsync(1000);
      const { error } = await outcome;
      expect(DriverUnavailableError.is(error) || CircuitOpenError.is(error)).toBe(true);
    }
    expect(driver.breakerState('query')).toBe('open');

    const callsWhileOpen = mock.callsTo('getContainer').length;
    const { error } = await settle(driver.getContainer('any'));
    expect(CircuitOpenError.is(error)).toBe(true);
    expect(mock.callsTo('getContainer')).toHaveLength(callsWhileOpen);

    mock.faults.up();
    await jest.advanceTimersByTimeAsync(5000);
    expect(driver.breakerState('query')).toBe('halfOpen');
    await expect(driver.listContainers()).resolves.toEqual([]);
    expect(driver.breakerState('query')).toBe('closed');
  });

  it('retries only idempotent operations: createContainer is tried once', async () => {
    mock.faults.failNext(1, new DriverUnavailableError('blip'), { operation: 'createContainer' });
    const { error } = await settle(driver.createContainer({ image: 'busybox', command: ['true'] }));
    expect(DriverUnavailableError.is(error)).toBe(true);
    expect(mock.callsTo('createContainer')).toHaveLength(1);
  });
});
