import { describe, expect, it } from '@jest/globals';
import { hasSettled } from './has-settled.js';

describe(hasSettled.name, () => {
  it('is false for a promise that is still pending', async () => {
    expect(await hasSettled(new Promise(() => undefined))).toBe(false);
  });

  it('is true for a resolved promise', async () => {
    expect(await hasSettled(Promise.resolve(1))).toBe(true);
  });

  it('is true for a rejected promise', async () => {
    expect(await hasSettled(Promise.reject(new Error('refused')))).toBe(true);
  });

  it('is true for a promise that resolves a few turns later', async () => {
    const later = new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
    expect(await hasSettled(later)).toBe(true);
  });
});
