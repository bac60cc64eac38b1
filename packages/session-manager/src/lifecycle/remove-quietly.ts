import type { ContainerDriver } from '@berth/core';

/**
 * Force-removes a container, ignoring every error (already gone, engine hiccup): for clean-up paths
 * whose caller has a better error to report, or none.
 *
 * @example
 * ```ts
 * await removeQuietly(driver, containerId);
 * ```
 */
export async function removeQuietly(driver: ContainerDriver, containerId: string): Promise<void> {
  await driver.removeContainer(containerId, { force: true }).catch(() => undefined);
}
