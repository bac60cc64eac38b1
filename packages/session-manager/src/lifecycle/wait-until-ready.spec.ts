import {
  type ContainerDriver,
  ContainerNotFoundError,
  ContainerTimeoutError,
  DriverUnavailableError,
} from '@berth/core';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { waitUntilReady } from './wait-until-ready.js';

/** A driver whose `exec` answers from `results` in turn (an Error is thrown), counting the calls. */
function probeDriver(results: (number | Error)[]): { driver: ContainerDriver; calls: () => number } {
  let calls = 0;
  const driver = {
    exec: async () => {
      const next = results[Math.min(calls, results.length - 1)];
      calls++;
      if (next instanceof Error) throw next;
      return { exitCode: next, stdout: '', stderr: 'not yet' };
    },
  } as unknown as ContainerDriver;
  return { driver, calls: () => calls };
}

describe('waitUntilReady', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('probes again after failures and retryable errors until the probe exits 0', async () => {
    const { driver, calls } = probeDriver([new DriverUnavailableError('engine down'), 1, 0]);
    await waitUntilReady(driver, 'c1', { timeoutMs: 30_000, baseDelayMs: 1, maxDelayMs: 2 });
    expect(calls()).toBe(3);
  });

  it('rejects a non-retryable error from the third attempt on', async () => {
    const { driver, calls } = probeDriver([new ContainerNotFoundError('c1')]);
    await expect(waitUntilReady(driver, 'c1', { timeoutMs: 30_000, baseDelayMs: 1, maxDelayMs: 2 })).rejects.toThrow(
      ContainerNotFoundError,
    );
    expect(calls()).toBe(3);
  });

  it('rejects with ContainerTimeoutError once the deadline passed', async () => {
    const { driver } = probeDriver([1]);
    await expect(waitUntilReady(driver, 'c1', { timeoutMs: 1, baseDelayMs: 1, maxDelayMs: 2 })).rejects.toThrow(
      ContainerTimeoutError,
    );
  });

  it('stops sleeping between probes as soon as the signal aborts', async () => {
    // the largest jitter, so the pause before the second probe is the whole remaining minute
    jest.spyOn(Math, 'random').mockReturnValue(0.999);
    const { driver, calls } = probeDriver([1]);
    const abort = new AbortController();
    const waiting = waitUntilReady(driver, 'c1', {
      timeoutMs: 60_000,
      baseDelayMs: 120_000,
      maxDelayMs: 120_000,
      signal: abort.signal,
    });
    while (calls() === 0) await new Promise((r) => setImmediate(r));
    abort.abort(new Error('session closed'));
    await expect(waiting).rejects.toThrow('session closed');
    expect(calls()).toBe(1);
  }, 10_000);
});
