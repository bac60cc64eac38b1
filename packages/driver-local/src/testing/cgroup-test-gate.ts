import type { ResourceLimitCapabilities } from '@berth/core';
import { describeWhen, envFlagSet } from '@berth/core/testing';

/** Env var that makes tests needing cgroup-enforced limits run (and fail) where the driver cannot enforce them. */
export const REQUIRE_CGROUPS_ENV = 'BERTH_REQUIRE_CGROUPS';

/** A limit the local driver can enforce through cgroups. */
export type CgroupLimit = Exclude<keyof ResourceLimitCapabilities, 'disk'>;

/** `true` when the environment demands cgroup limits (`BERTH_REQUIRE_CGROUPS` set and not `0`/`false`/empty). */
export function cgroupsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return envFlagSet(REQUIRE_CGROUPS_ENV, env);
}

/**
 * Why the driver does not enforce all of `needs`, or `null` when it enforces them all.
 *
 * @param reported - the driver's `capabilities.resourceLimits`.
 */
export function missingLimitsReason(reported: ResourceLimitCapabilities, needs: readonly CgroupLimit[]): string | null {
  const missing = needs.filter((l) => !reported[l]);
  if (missing.length === 0) return null;
  const uid = process.getuid?.();
  const why = uid !== undefined && uid !== 0 ? `not running as root (uid ${uid})` : 'no writable cgroup controller';
  return `the driver does not enforce ${missing.join(', ')} limits: ${why}`;
}

/**
 * Defines `describe(title, body)` only when the driver enforces every limit in `needs`. Otherwise prints the
 * reason and defines `describe(title)` with one skipped test naming it (so the file never has zero tests) —
 * unless `BERTH_REQUIRE_CGROUPS` is set, then the group holds one failing test naming the missing limits.
 * A thin wrapper over core's `describeWhen`.
 *
 * @example
 * ```ts
 * describeWithLimits(driver.capabilities.resourceLimits, ['pids'], 'resources.pids', () => { it(…); });
 * ```
 */
export function describeWithLimits(
  reported: ResourceLimitCapabilities,
  needs: readonly CgroupLimit[],
  title: string,
  body: () => void,
): void {
  describeWhen(missingLimitsReason(reported, needs), title, body, { requireEnv: REQUIRE_CGROUPS_ENV });
}
