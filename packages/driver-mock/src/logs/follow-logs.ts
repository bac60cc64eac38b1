import type { LogLine, LogStreamOptions } from '@berth/core';
import { filter, type Subscriber } from 'rxjs';
import type { MockContainer } from '../container/mock-container.js';
import { LogStore } from './log-store.js';

const noop = (): void => undefined;

/**
 * Feeds `subscriber` the lines of `c` matching `opts`: those written so far, then — with `follow` on a running
 * container — new ones until the main process exits or the container is removed. Returns the teardown.
 */
export function followLogs(c: MockContainer, opts: LogStreamOptions, subscriber: Subscriber<LogLine>): () => void {
  for (const line of c.logs.select(opts)) subscriber.next({ ...line });
  if (opts.follow !== true || c.state !== 'running') {
    subscriber.complete();
    return noop;
  }
  const lines = c.logs.lines$.pipe(filter((line) => LogStore.matches(line, opts))).subscribe({
    next: (line) => subscriber.next({ ...line }),
    complete: () => subscriber.complete(),
  });
  const exits = c.exits$.subscribe({ next: () => subscriber.complete(), complete: () => subscriber.complete() });
  return () => {
    lines.unsubscribe();
    exits.unsubscribe();
  };
}
