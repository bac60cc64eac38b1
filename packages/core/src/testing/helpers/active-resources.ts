import { delay } from './delay.js';

/** Kinds of handles a driver could leak: timers, sockets, pipes, child processes, signal handlers, watchers. */
export const LEAKABLE_RESOURCES: readonly string[] = [
  'Timeout',
  'Immediate',
  'TCPSocketWrap',
  'TCPServerWrap',
  'TCPWrap',
  'PipeWrap',
  'PipeServerWrap',
  'ProcessWrap',
  'SignalWrap',
  'FSEventWrap',
  'StatWatcher',
  'UDPWrap',
];

/** Counts of `process.getActiveResourcesInfo()` entries by kind. */
export function countActiveResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Kinds (from {@link LEAKABLE_RESOURCES}) whose count grew from `before` to `after`, as `kind: a → b`. */
export function grownResources(before: Record<string, number>, after: Record<string, number>): string[] {
  return LEAKABLE_RESOURCES.filter((kind) => (after[kind] ?? 0) > (before[kind] ?? 0)).map(
    (kind) => `${kind}: ${before[kind] ?? 0} → ${after[kind] ?? 0}`,
  );
}

/**
 * Takes a baseline of active resources after letting pending work settle: the smallest count of each kind
 * seen over `samples` looks `settleMs` apart. A timer that is only passing through (one that fires or is
 * cleared moments later) would otherwise sit in the baseline and hide a leak of the same kind; compare a later
 * count with `eventually(...)`, which gets the same chance to catch a moment without it.
 *
 * @param settleMs - pause before each look. Default: 100.
 * @param samples - number of looks. Default: 5.
 */
export async function settledResources(settleMs = 100, samples = 5): Promise<Record<string, number>> {
  let lowest: Record<string, number> | undefined;
  for (let i = 0; i < Math.max(1, samples); i++) {
    await delay(settleMs);
    const now = countActiveResources();
    if (lowest === undefined) {
      lowest = now;
      continue;
    }
    for (const kind of new Set([...Object.keys(lowest), ...Object.keys(now)])) {
      lowest[kind] = Math.min(lowest[kind] ?? 0, now[kind] ?? 0);
    }
  }
  return lowest ?? {};
}
