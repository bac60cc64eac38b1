import { EMPTY } from 'rxjs';
import { FULL_CAPABILITIES } from '../contract/capabilities.js';
import type { ContainerDriver } from '../contract/container-driver.js';
import type { SystemInfo } from '../contract/engine-info.js';
import type { BuildImageOptions } from '../contract/image-build.js';
import { DriverUnavailableError } from '../errors/index.js';
import { withResilience } from './with-resilience.js';

const info = { id: 'e1', name: 'host' } as SystemInfo;

/** Only what withResilience reads of a driver with the optional host operations. */
function hostDriver(overrides: Partial<ContainerDriver> = {}): ContainerDriver {
  return {
    name: 'fake',
    version: '0.0.0',
    capabilities: FULL_CAPABILITIES,
    dispose: async () => undefined,
    ...overrides,
  } as ContainerDriver;
}

describe('withResilience (optional host operations)', () => {
  describe('when the inner driver has none of them', () => {
    it('exposes none', async () => {
      const d = withResilience(hostDriver(), { retry: false });
      expect([d.buildImage, d.getSystemInfo, d.getSystemVersion, d.getSystemUsage, d.inspectContainer]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(d.engineEvents$).toBeUndefined();
      await d.dispose();
    });
  });

  describe('when the inner driver has them', () => {
    it('forwards buildImage with the call signal and without retrying it', async () => {
      const seen: BuildImageOptions[] = [];
      const d = withResilience(
        hostDriver({
          buildImage: async (opts) => {
            seen.push(opts);
            throw new DriverUnavailableError('engine restarting');
          },
        }),
        { retry: { maxRetries: 3, baseDelayMs: 0, maxDelayMs: 0 } },
      );
      await expect(d.buildImage?.({ context: new Uint8Array() })).rejects.toBeInstanceOf(DriverUnavailableError);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
      await d.dispose();
    });

    it('retries getSystemInfo on a retryable error (a read)', async () => {
      let calls = 0;
      const d = withResilience(
        hostDriver({
          getSystemInfo: async () => {
            calls += 1;
            if (calls === 1) throw new DriverUnavailableError('blip');
            return info;
          },
        }),
        { retry: { maxRetries: 2, baseDelayMs: 0, maxDelayMs: 0 } },
      );
      await expect(d.getSystemInfo?.()).resolves.toBe(info);
      expect(calls).toBe(2);
      await d.dispose();
    });

    it('passes engineEvents$ through', async () => {
      const stream = EMPTY;
      const d = withResilience(hostDriver({ engineEvents$: () => stream }), {});
      expect(d.engineEvents$?.()).toBe(stream);
      await d.dispose();
    });
  });
});
