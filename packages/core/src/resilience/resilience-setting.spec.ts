import { describe, expect, it } from '@jest/globals';
import { FULL_CAPABILITIES } from '../contract/capabilities.js';
import type { ContainerDriver } from '../contract/container-driver.js';
import { ValidationError } from '../errors/index.js';
import { applyResilience, resiliencePolicyOf } from './resilience-setting.js';
import type { ResilientDriver } from './resilient-driver.js';

/** Only what `withResilience` reads when it wraps and disposes; no operation is called. */
function fakeDriver(): ContainerDriver {
  return {
    name: 'fake',
    version: '0',
    capabilities: FULL_CAPABILITIES,
    dispose: async () => undefined,
  } as unknown as ContainerDriver;
}

describe('resilience setting', () => {
  describe(resiliencePolicyOf.name, () => {
    it('reads true as the default policy', () => {
      expect(resiliencePolicyOf(true)).toEqual({});
    });

    it('reads false and an absent setting as no policy', () => {
      expect(resiliencePolicyOf(false)).toBeUndefined();
      expect(resiliencePolicyOf(undefined)).toBeUndefined();
    });

    it('passes a policy through as is', () => {
      const policy = { retry: { maxRetries: 1 } };
      expect(resiliencePolicyOf(policy)).toBe(policy);
    });
  });

  describe(applyResilience.name, () => {
    it.each([false, undefined])('returns the driver itself when the setting is %s', (setting) => {
      const driver = fakeDriver();
      expect(applyResilience(driver, setting)).toBe(driver);
    });

    it.each([true, { retry: { maxRetries: 1 } }])('wraps the driver with withResilience for %j', async (setting) => {
      const driver = fakeDriver();
      const guarded = applyResilience(driver, setting) as ResilientDriver;
      expect(guarded).not.toBe(driver);
      expect(guarded.inner).toBe(driver);
      expect(guarded.breakerState('lifecycle')).toBe('closed');
      await guarded.dispose();
    });

    it('hands the policy to withResilience (an invalid one is refused there)', () => {
      expect(() => applyResilience(fakeDriver(), { retry: { maxRetries: -1 } })).toThrow(ValidationError);
    });
  });
});
