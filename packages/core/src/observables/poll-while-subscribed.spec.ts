import { jest } from '@jest/globals';
import { DriverUnavailableError, ValidationError } from '../errors/index.js';
import { pollWhileSubscribed } from './poll-while-subscribed.js';

describe(pollWhileSubscribed.name, () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.clearAllTimers();
    jest.useRealTimers();
  });

  it('samples at subscription, then every interval', async () => {
    let n = 0;
    const values: number[] = [];
    const sub = pollWhileSubscribed(1000, async () => ++n).subscribe((v) => values.push(v));
    await jest.advanceTimersByTimeAsync(0);
    expect(values).toEqual([1]);
    await jest.advanceTimersByTimeAsync(1000);
    await jest.advanceTimersByTimeAsync(1000);
    expect(values).toEqual([1, 2, 3]);
    sub.unsubscribe();
  });

  it('never overlaps calls when a sample is slower than the interval', async () => {
    let calls = 0;
    let running = 0;
    let maxRunning = 0;
    const sub = pollWhileSubscribed(10, async () => {
      calls += 1;
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 100));
      running -= 1;
      return calls;
    }).subscribe();
    await jest.advanceTimersByTimeAsync(50);
    expect(calls).toBe(1);
    await jest.advanceTimersByTimeAsync(500);
    expect(maxRunning).toBe(1);
    sub.unsubscribe();
  });

  it('clears its timer and aborts the running sample on unsubscribe', async () => {
    let signal: AbortSignal | undefined;
    const sub = pollWhileSubscribed(1000, async (s) => {
      signal = s;
      return 1;
    }).subscribe();
    await jest.advanceTimersByTimeAsync(0);
    expect(jest.getTimerCount()).toBe(1);
    sub.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
    expect(signal?.aborted).toBe(true);
  });

  it('stops sampling after unsubscribe', async () => {
    let calls = 0;
    const sub = pollWhileSubscribed(10, async () => ++calls).subscribe();
    await jest.advanceTimersByTimeAsync(0);
    sub.unsubscribe();
    await jest.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(1);
  });

  it('errors with DriverUnavailableError when a sample throws a raw error', async () => {
    const errors: unknown[] = [];
    pollWhileSubscribed(
      10,
      async () => {
        throw new Error('socket hang up');
      },
      { operation: 'stats$', containerId: 'c1' },
    ).subscribe({ error: (e: unknown) => errors.push(e) });
    await jest.advanceTimersByTimeAsync(0);
    expect(DriverUnavailableError.is(errors[0])).toBe(true);
    expect((errors[0] as DriverUnavailableError).operation).toBe('stats$');
    expect((errors[0] as DriverUnavailableError).containerId).toBe('c1');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('passes typed errors through unchanged', async () => {
    const original = new ValidationError([{ path: 'id', message: 'bad' }]);
    const errors: unknown[] = [];
    pollWhileSubscribed(10, () => Promise.reject(original)).subscribe({ error: (e: unknown) => errors.push(e) });
    await jest.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([original]);
  });
});
