import { describe, expect, it } from '@jest/globals';
import { countActiveResources, grownResources, settledResources } from './active-resources.js';

describe(grownResources.name, () => {
  it('lists only the leakable kinds whose count grew', () => {
    expect(grownResources({ Timeout: 2, TTYWrap: 1 }, { Timeout: 3, TTYWrap: 5, PipeWrap: 0 })).toEqual([
      'Timeout: 2 → 3',
    ]);
  });
});

describe(countActiveResources.name, () => {
  it('sees a pending timer and stops seeing it once cleared', async () => {
    const before = await settledResources(10);
    const timer = setTimeout(() => undefined, 60_000);
    expect(grownResources(before, countActiveResources())).toContain(
      `Timeout: ${before['Timeout'] ?? 0} → ${(before['Timeout'] ?? 0) + 1}`,
    );
    clearTimeout(timer);
    expect(grownResources(before, countActiveResources())).toEqual([]);
  });
});
