import type { ResourceLimitCapabilities } from '@berth/core';

/** Env var that makes tests needing cgroup-enforced limits run (and fail) where the driver cannot enforce them. */
export const REQUIRE_CGROUPS_ENV = 'BERTH_REQUIRE_CGROUPS';

/** A limit the local driver can enforce through cgroups. */
export type CgroupLimit = Exclude<keyof ResourceLimitCapabilities, 'disk'>;

/** `true` when the environment demands cgroup limits (`BERTH_REQUIRE_CGROUPS` set and not `0`/`false`/empty). */
export function cgroupsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env[REQUIRE_CGROUPS_ENV];
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
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

type DescribeFn = (title: string, fn: () => void) => void;
type ItFn = { skip: (title: string, fn: () => void) => void };

/**
 * Defines `describe(title, body)` only when the driver enforces every limit in `needs`. Otherwise prints the
 * reason (`console.info`) and defines `describe(title)` with one skipped test naming the reason (so the file
 * never has zero tests) — unless `BERTH_REQUIRE_CGROUPS` is set, then the cases are defined anyway so they
 * run and fail. Uses the runner's global `describe` and `it` at call time.
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
  const g = globalThis as unknown as { describe: DescribeFn; it: ItFn };
  const reason = missingLimitsReason(reported, needs);
  if (reason === null || cgroupsRequired()) {
    g.describe(title, body);
    return;
  }
  console.info(`[berth] skipping "${title}": ${reason} (set ${REQUIRE_CGROUPS_ENV}=1 to fail instead)`);
  g.describe(title, () => {
    g.it.skip(`skipped: ${reason}`, () => undefined);
  });
}
