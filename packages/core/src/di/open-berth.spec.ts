import 'reflect-metadata';
import { FULL_CAPABILITIES } from '../contract/capabilities.js';
import type { ContainerDriver } from '../contract/container-driver.js';
import { ContainerNotFoundError, ValidationError } from '../errors/index.js';
import type { ResilientDriver } from '../resilience/resilient-driver.js';
import { type Berth, createBerth } from './create-berth.js';
import { createDriverModule, type DriverModuleContext } from './create-driver-module.js';
import { type DriverConfigOf, type DriverModuleLoaders, splitDriverConfig } from './driver-config.js';
import { openBerth } from './open-berth.js';
import { BERTH } from './tokens.js';

declare module './driver-config.js' {
  /** A kind registered only for these specs, as a driver package registers its own. */
  interface DriverConfigRegistry {
    'spec-tiny': { label?: string; fail?: 'validation' | 'plain' };
  }
}

/** A driver whose every method fails "not found" except the few these specs call. */
function tinyDriver(label = 'tiny'): ContainerDriver & { disposed: number; label: string } {
  const state = { disposed: 0, label };
  const notFound = async (id: string): Promise<never> => {
    throw new ContainerNotFoundError(id);
  };
  return new Proxy(state, {
    get(target, key) {
      if (key === 'name') return 'spec-tiny';
      if (key === 'version') return '1.0.0';
      if (key === 'capabilities') return FULL_CAPABILITIES;
      if (key === 'disposed' || key === 'label') return target[key];
      if (key === 'dispose') {
        return async () => {
          target.disposed += 1;
        };
      }
      if (key === 'listContainers') return async () => [];
      if (key === 'then') return undefined;
      return notFound;
    },
  }) as unknown as ContainerDriver & { disposed: number; label: string };
}

const loaders = (seen: DriverModuleContext[]): DriverModuleLoaders => ({
  'spec-tiny': (options) =>
    createDriverModule('spec-tiny', (ctx) => {
      seen.push(ctx);
      if (options.fail === 'validation') throw new ValidationError([{ path: 'label', message: 'bad' }]);
      if (options.fail === 'plain') throw new Error('plain failure');
      return tinyDriver(options.label);
    }),
});

describe(openBerth.name, () => {
  const opened: Berth[] = [];
  afterEach(async () => {
    for (const berth of opened.splice(0)) await berth.dispose();
  });

  it('loads the kind’s module with the options (no kind, no resilience) bound to BERTH.DriverConfig', async () => {
    const seen: DriverModuleContext[] = [];
    const berth = await openBerth({ kind: 'spec-tiny', label: 'a' }, loaders(seen));
    opened.push(berth);
    expect((berth.driver as ReturnType<typeof tinyDriver>).label).toBe('a');
    expect(seen.map((c) => c.config)).toEqual([{ label: 'a' }]);
    expect(berth.container.get(BERTH.DriverConfig)).toEqual({ label: 'a' });
    expect(berth.container.isBound(BERTH.ResiliencePolicy)).toBe(false);
  });

  it('applies withResilience when the config asks for it, and the option overrides the config', async () => {
    const berth = await openBerth({ kind: 'spec-tiny', resilience: { retry: false } }, loaders([]));
    opened.push(berth);
    const resilient = berth.driver as ResilientDriver;
    expect((resilient.inner as ReturnType<typeof tinyDriver>).label).toBe('tiny');
    expect(resilient.breakerState('lifecycle')).toBe('closed');
    expect(berth.container.get(BERTH.ResiliencePolicy)).toEqual({ retry: false });

    const plain = await openBerth({ kind: 'spec-tiny', resilience: true }, loaders([]), { resilience: false });
    opened.push(plain);
    expect(plain.container.isBound(BERTH.ResiliencePolicy)).toBe(false);
    expect((plain.driver as ReturnType<typeof tinyDriver>).disposed).toBe(0); // the bare driver, no wrapper
  });

  it('takes a loader that returns a connected driver, and disposes it with the berth', async () => {
    const driver = tinyDriver('connected');
    const berth = await openBerth({ kind: 'spec-tiny' }, { 'spec-tiny': async () => driver });
    expect(berth.driver).toBe(driver);
    await berth.dispose();
    expect(driver.disposed).toBe(1);
  });

  it('refuses a kind it has no loader for with a ValidationError naming the known kinds', async () => {
    const err = await openBerth({ kind: 'spec-tiny' }, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/no driver "spec-tiny" here; expected one of none/);
  });

  it('rejects with the typed error a driver factory throws, not inversify’s wrapper', async () => {
    await expect(openBerth({ kind: 'spec-tiny', fail: 'validation' }, loaders([]))).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(openBerth({ kind: 'spec-tiny', fail: 'plain' }, loaders([]))).rejects.toThrow(/plain failure/);
  });

  it('rejects with what the loader rejects with (e.g. an engine that does not answer)', async () => {
    const refused = new ValidationError([{ path: 'connection', message: 'refused' }]);
    await expect(openBerth({ kind: 'spec-tiny' }, { 'spec-tiny': async () => Promise.reject(refused) })).rejects.toBe(
      refused,
    );
  });
});

describe(splitDriverConfig.name, () => {
  it('separates kind, resilience and the driver’s own options', () => {
    const config: DriverConfigOf<'spec-tiny'> = { kind: 'spec-tiny', label: 'x', resilience: true };
    expect(splitDriverConfig(config)).toEqual({ kind: 'spec-tiny', resilience: true, options: { label: 'x' } });
  });
});

describe(`${createBerth.name} with a failing module`, () => {
  it('rethrows the typed error itself', () => {
    const module = createDriverModule('spec-tiny', () => {
      throw new ValidationError([{ path: 'home', message: 'bad' }]);
    });
    expect(() => createBerth({ driver: module })).toThrow(ValidationError);
  });
});
