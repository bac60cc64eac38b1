import { describe, expect, it } from '@jest/globals';
import { interval, NEVER, Observable, of, throwError } from 'rxjs';
import { ContainerNotFoundError } from '../../errors/index.js';
import { collect } from './collect.js';

describe(collect.name, () => {
  it('gathers every value until completion', async () => {
    expect(await collect(of(1, 2, 3))).toEqual([1, 2, 3]);
  });

  it('stops and unsubscribes once until holds', async () => {
    let unsubscribed = false;
    const source = new Observable<number>((sub) => {
      const inner = interval(5).subscribe(sub);
      return () => {
        inner.unsubscribe();
        unsubscribed = true;
      };
    });
    expect(await collect(source, { until: (items) => items.length >= 3 })).toEqual([0, 1, 2]);
    await Promise.resolve();
    expect(unsubscribed).toBe(true);
  });

  it('rejects with the stream error as is', async () => {
    const err = await collect(throwError(() => new ContainerNotFoundError('x'))).catch((e: unknown) => e);
    expect(ContainerNotFoundError.is(err)).toBe(true);
  });

  it('rejects after timeoutMs when nothing completes', async () => {
    await expect(collect(NEVER, { timeoutMs: 20 })).rejects.toThrow('no completion within 20 ms');
  });
});
