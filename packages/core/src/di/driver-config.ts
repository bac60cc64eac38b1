import type { ContainerDriver } from '../contract/container-driver.js';
import type { ResiliencePolicy } from '../resilience/resilience-policy.js';
import type { DiModule } from './di-types.js';

/**
 * The registry of driver kinds: kind → that driver's options. Empty in core, because core cannot name a driver
 * package's types without depending on it; each driver package adds its own entry by declaration merging, so the
 * dependency keeps pointing from the drivers to core:
 *
 * ```ts
 * // in @berth/driver-mock
 * declare module '@berth/core' {
 *   interface DriverConfigRegistry {
 *     mock: MockDriverOptions;
 *   }
 * }
 * ```
 *
 * A program that imports a driver package (even only its types) sees that driver in {@link DriverConfig}.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each driver package
export interface DriverConfigRegistry {}

/** A registered driver kind (`'mock'`, `'local'`, `'docker'`, `'swarm'`, … whichever packages are loaded). */
export type DriverKind = keyof DriverConfigRegistry & string;

/** What every {@link DriverConfig} carries besides its kind and its driver's options. */
export interface DriverConfigCommon {
  /**
   * Wrap the driver with `withResilience`: a policy, or `true` for the default policy. Default: no wrapping.
   * `createBerth({ resilience })` wins over it.
   */
  readonly resilience?: ResiliencePolicy | boolean;
}

/** The config of one driver kind: `{ kind, ...thatDriversOptions, resilience? }`. */
export type DriverConfigOf<K extends DriverKind> = { readonly kind: K } & DriverConfigCommon & DriverConfigRegistry[K];

/**
 * Which driver to run on and how: one discriminated union over every registered kind
 * (see {@link DriverConfigRegistry}), e.g. `{ kind: 'local', home: '/var/lib/berth' }` or
 * `{ kind: 'docker', connection: { socketPath }, resilience: true }`. The hub reads one from its environment;
 * {@link openBerth} turns one into a running {@link Berth}.
 */
export type DriverConfig = { [K in DriverKind]: DriverConfigOf<K> }[DriverKind];

/**
 * The driver's own options, as bound to `BERTH.DriverConfig` for a driver module's factory: free-form keys
 * (home, paths, flags …), each driver documenting the ones it reads. For a {@link DriverConfig}, its fields
 * without `kind` and `resilience`.
 */
export type DriverSettings = Readonly<Record<string, unknown>>;

/**
 * Builds the driver of one kind from its options: a driver package's DI module (e.g. `mockDriverModule`), or a
 * driver already connected (e.g. after probing the engine). May be async, so it can import the driver package
 * lazily and connect first.
 */
export type DriverModuleLoader<K extends DriverKind> = (
  options: DriverConfigRegistry[K],
) => DiModule | ContainerDriver | Promise<DiModule | ContainerDriver>;

/** The loaders a composition root offers, by kind (the hub's built-in table has `mock`, `local`, `docker`, `swarm`). */
export type DriverModuleLoaders = { readonly [K in DriverKind]?: DriverModuleLoader<K> };

/**
 * Splits a {@link DriverConfig} into its kind, its resilience setting and the driver's own options.
 *
 * @example
 * ```ts
 * const { kind, options } = splitDriverConfig({ kind: 'local', home: '/tmp/berth' }); // options: { home }
 * ```
 */
export function splitDriverConfig<K extends DriverKind>(
  config: DriverConfigOf<K>,
): { kind: K; resilience: ResiliencePolicy | boolean | undefined; options: DriverConfigRegistry[K] } {
  const { kind, resilience, ...options } = config as unknown as { kind: K } & DriverConfigCommon &
    Record<string, unknown>;
  return { kind, resilience, options: options as unknown as DriverConfigRegistry[K] };
}
