import { describe, expect, it } from '@jest/globals';
import { settleLimited } from './settle-limited.js';

describe(settleLimited.name, () => {
  it('never has more than `limit` calls in flight, and runs every item', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await settleLimited(
      Array.from({ length: 50 }, (_, i) => i),
      4,
      async (i) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((r) => setImmediate(r));
        seen.push(i);
        inFlight -= 1;
      },
    );
    expect(most).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('settles every item in order, a rejection (or a synchronous throw) as rejected, without stopping the rest', async () => {
    const results = await settleLimited(['a', 'boom', 'c', 'sync'], 2, (s) => {
      if (s === 'sync') throw new Error('sync');
      return s === 'boom' ? Promise.reject(new Error('boom')) : Promise.resolve(s.toUpperCase());
    });
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'A',
      'boom',
      'C',
      'sync',
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
  });

  it('resolves at once for no items, and refuses a limit that is not an integer ≥ 1', async () => {
    await expect(settleLimited([], 3, async () => 1)).resolves.toEqual([]);
    await expect(settleLimited([1], 0, async () => 1)).rejects.toThrow(RangeError);
    await expect(settleLimited([1], 1.5, async () => 1)).rejects.toThrow(RangeError);
  });
});
