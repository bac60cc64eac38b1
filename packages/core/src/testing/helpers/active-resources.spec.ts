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

describe(settledResources.name, () => {
  it('leaves out a timer that is only passing through, and keeps one that stays', async () => {
    const alone = await settledResources(10, 3);
    const stays = setInterval(() => undefined, 60_000);
    const passing = setTimeout(() => undefined, 25);
    try {
      const baseline = await settledResources(10, 5);
      expect(baseline['Timeout'] ?? 0).toBe((alone['Timeout'] ?? 0) + 1);
    } finally {
      clearInterval(stays);
      clearTimeout(passing);
    }
  });
});
