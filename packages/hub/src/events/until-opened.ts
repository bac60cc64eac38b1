import { HubEngineUnreachableError } from '../errors/index.js';
import type { DriverUpstream } from './driver-upstream.js';

/** Default bound of {@link untilOpened}, ms (the hub's `EVENTS_OPEN_TIMEOUT`). */
export const DEFAULT_EVENTS_OPEN_TIMEOUT_MS = 10_000;

/**
 * Waits until every host's upstream is open (or released), at most `timeoutMs`.
 *
 * @param upstreams - the hosts a request waits for, each with its upstream.
 * @param timeoutMs - the bound, ms.
 * @param operation - the request, for the error.
 * @throws HubEngineUnreachableError naming the hosts still not open after `timeoutMs`, with the last stream error
 *   as `cause`; whatever the driver's `opened` rejected with (a refused filter) as is.
 */
export async function untilOpened(
  upstreams: readonly { hostId: string; upstream: DriverUpstream }[],
  timeoutMs: number,
  operation: string,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), timeoutMs);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([Promise.all(upstreams.map((u) => u.upstream.opened)), expired]);
    if (outcome !== 'expired') return;
  } finally {
    clearTimeout(timer);
  }
  const late = upstreams.filter((u) => !u.upstream.isOpen() && !u.upstream.sub.closed);
  if (late.length === 0) return;
  const cause = late.map((u) => u.upstream.lastError()).find((e) => e !== undefined);
  throw new HubEngineUnreachableError(
    late.map((u) => u.hostId),
    timeoutMs,
    operation,
    cause,
  );
}
