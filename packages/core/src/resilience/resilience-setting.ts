import type { ContainerDriver } from '../contract/container-driver.js';
import type { ResiliencePolicy } from './resilience-policy.js';
import { withResilience } from './with-resilience.js';

/**
 * The policy a resilience setting (`createBerth({ resilience })`, a `DriverConfig`'s `resilience`) stands for:
 * a policy as is, `true` the default policy (`{}`), `false` or absent none.
 */
export function resiliencePolicyOf(setting: ResiliencePolicy | boolean | undefined): ResiliencePolicy | undefined {
  return setting === true ? {} : setting === false ? undefined : setting;
}

/**
 * Applies a resilience setting to a driver the way `createBerth` does: wrapped with {@link withResilience} when
 * the setting asks for it (a policy, or `true` for the defaults), the driver itself when it is `false` or absent.
 *
 * @example
 * ```ts
 * const guarded = applyResilience(driver, config.resilience); // one guard per driver, e.g. per host of a pool
 * ```
 */
export function applyResilience(
  driver: ContainerDriver,
  setting: ResiliencePolicy | boolean | undefined,
): ContainerDriver {
  const policy = resiliencePolicyOf(setting);
  return policy === undefined ? driver : withResilience(driver, policy);
}
