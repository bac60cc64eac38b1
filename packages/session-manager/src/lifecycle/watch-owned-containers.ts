import { BERTH_LABELS, type ContainerDriver } from '@berth/core';
import type { Subscription } from 'rxjs';

/**
 * Follows the driver's events for containers labelled with `ownerId` and calls `onGone` when one exits, is
 * removed or is OOM-killed. `undefined` when the driver has no events (a failing call finds dead sessions then).
 * A failing event stream is dropped silently.
 *
 * @example
 * ```ts
 * const watch = watchOwnedContainers(driver, ownerId, (id) => console.log(`${id} is gone`));
 * watch?.unsubscribe();
 * ```
 */
export function watchOwnedContainers(
  driver: ContainerDriver,
  ownerId: string,
  onGone: (containerId: string) => void,
): Subscription | undefined {
  if (!driver.capabilities.events) return undefined;
  return driver
    .events$({ labels: { [BERTH_LABELS.owner]: ownerId }, types: ['exited', 'removed', 'oom'] })
    .subscribe({ next: (ev) => onGone(ev.containerId), error: () => undefined });
}
