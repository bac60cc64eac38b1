import { type LogLine, type LogOptions, type LogStreamOptions, raceAbort } from '@berth/core';
import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { formatLogText } from './container-logs.js';

/**
 * `getContainerLogs` over a driver's `logs$`: the lines written so far (`follow` off), as text
 * ({@link formatLogText}). Rejects at once when `opts.signal` is already aborted, and with its reason when it
 * aborts while the lines are read.
 *
 * @param logs$ - the container's `logs$`, given the stream options.
 * @example
 * ```ts
 * getContainerLogs(id: string, opts: LogOptions = {}): Promise<string> {
 *   return logText((o) => this.logs$(id, o), opts);
 * }
 * ```
 */
export async function logText(
  logs$: (opts: LogStreamOptions) => Observable<LogLine>,
  opts: LogOptions,
): Promise<string> {
  opts.signal?.throwIfAborted();
  const lines = await raceAbort(lastValueFrom(logs$({ ...opts, follow: false }).pipe(toArray())), opts.signal);
  return formatLogText(lines, opts.timestamps ?? false);
}
