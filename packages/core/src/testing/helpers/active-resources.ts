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
 * Takes a baseline of active resources after letting pending work settle, so timers that were about to
 * fire do not count.
 */
export async function settledResources(settleMs = 100): Promise<Record<string, number>> {
  await delay(settleMs);
  return countActiveResources();
}
