import { BERTH, ValidationError } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { openBuiltinDriver } from './open-driver.js';

describe(openBuiltinDriver.name, () => {
  it('builds the mock driver through createBerth with the config’s options, and disposes it', async () => {
    const berth = await openBuiltinDriver({ kind: 'mock', seed: 3 });
    try {
      expect(berth.driver).toBeInstanceOf(MockDriver);
      expect(berth.container.get(BERTH.DriverConfig)).toEqual({ seed: 3 });
      expect(berth.container.isBound(BERTH.ResiliencePolicy)).toBe(false);
    } finally {
      await berth.dispose();
    }
    await expect(berth.driver.listContainers()).rejects.toThrow(/disposed/);
  });

  it('wraps the driver with withResilience when the config asks for it', async () => {
    const berth = await openBuiltinDriver({ kind: 'mock', resilience: { retry: false } });
    try {
      expect(berth.driver).not.toBeInstanceOf(MockDriver);
      expect(berth.container.get(BERTH.ResiliencePolicy)).toEqual({ retry: false });
      await expect(berth.driver.listContainers()).resolves.toEqual([]);
    } finally {
      await berth.dispose();
    }
  });

  it('refuses a kind it does not know with a ValidationError', async () => {
    await expect(openBuiltinDriver({ kind: 'k8s' } as never)).rejects.toBeInstanceOf(ValidationError);
  });
});
