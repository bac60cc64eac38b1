import type { LogLine, LogStreamOptions } from '@berth/core';
import { filter, type Subscriber } from 'rxjs';
import type { MockContainer } from '../container/mock-container.js';
import type { TimerRegistry } from '../timers/timer-registry.js';
import { LogStore } from './log-store.js';

const noop = (): void => undefined;

/**
 * Feeds `subscriber` the lines of `c` matching `opts`: those written so far, then — with `follow` on a running
 * container — new ones until the main process exits, the container is removed, or `until` is reached (a timer of
 * `timers` completes the stream then). Returns the teardown.
 */
export function followLogs(
  c: MockContainer,
  opts: LogStreamOptions,
  subscriber: Subscriber<LogLine>,
  timers: TimerRegistry,
): () => void {
  for (const line of c.logs.select(opts)) subscriber.next({ ...line });
  const untilMs = opts.until === undefined ? undefined : opts.until.getTime() - Date.now();
  if (opts.follow !== true || c.state !== 'running' || (untilMs !== undefined && untilMs <= 0)) {
    subscriber.complete();
    return noop;
  }
  const lines = c.logs.lines$.pipe(filter((line) => LogStore.matches(line, opts))).subscribe({
    next: (line) => subscriber.next({ ...line }),
    complete: () => subscriber.complete(),
  });
  const exits = c.exits$.subscribe({ next: () => subscriber.complete(), complete: () => subscriber.complete() });
  const untilTimer = untilMs === undefined ? undefined : timers.setTimeout(() => subscriber.complete(), untilMs);
  return () => {
    timers.clearTimeout(untilTimer);
    lines.unsubscribe();
    exits.unsubscribe();
  };
}
