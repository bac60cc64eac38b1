import type { LogLine, LogStreamOptions } from '@berth/core';
import type Docker from 'dockerode';
import { Observable } from 'rxjs';
import { type EngineLogQuery, engineLogs$ } from '../logs/container-logs.js';

/**
 * A service's logs (`GET /services/{id}/logs`: every task's output, aggregated by the managers from every node)
 * as lines. Without `follow` it completes after the logs so far. With `follow` the engine never ends the stream
 * by itself (the service outlives its task), so it ends when `exited` resolves: the live stream is closed and one
 * last non-follow read from the last line's time on delivers what the live stream had not yet carried, skipping
 * the lines already delivered — nothing lost, nothing twice.
 */
export function serviceLogs$(
  docker: Docker,
  serviceId: string,
  tty: () => Promise<boolean>,
  opts: LogStreamOptions,
  exited: (signal: AbortSignal) => Promise<unknown>,
): Observable<LogLine> {
  const service = docker.getService(serviceId);
  const source = {
    id: serviceId,
    tty,
    open: async (query: EngineLogQuery) =>
      (await service.logs(query as unknown as Docker.ContainerLogsOptions & { follow: false })) as unknown as
        | NodeJS.ReadableStream
        | Buffer,
  };
  if (opts.follow !== true) return engineLogs$(source, opts);
  return new Observable<LogLine>((subscriber) => {
    const abort = new AbortController();
    let last: Date | undefined;
    let atLast: string[] = [];
    const deliver = (line: LogLine): void => {
      if (last === undefined || line.timestamp.getTime() !== last.getTime()) {
        last = line.timestamp;
        atLast = [];
      }
      atLast.push(`${line.stream}\u0000${line.text}`);
      subscriber.next(line);
    };
    const live = engineLogs$(source, opts).subscribe({
      next: deliver,
      error: (err: unknown) => subscriber.error(err),
    });
    exited(abort.signal).then(
      () => {
        live.unsubscribe();
        if (subscriber.closed) return;
        const since = last ?? opts.since;
        const seen = [...atLast];
        const cutoff = last?.getTime();
        const { tail: _tail, ...rest } = opts;
        const tailRead = engineLogs$(source, { ...rest, follow: false, ...(since === undefined ? {} : { since }) });
        const sub = tailRead.subscribe({
          next: (line) => {
            const t = line.timestamp.getTime();
            if (cutoff !== undefined && t < cutoff) return;
            if (cutoff !== undefined && t === cutoff) {
              const i = seen.indexOf(`${line.stream}\u0000${line.text}`);
              if (i >= 0) {
                seen.splice(i, 1);
                return;
              }
            }
            deliver(line);
          },
          error: (err: unknown) => subscriber.error(err),
          complete: () => subscriber.complete(),
        });
        subscriber.add(sub);
      },
      (err: unknown) => {
        if (!abort.signal.aborted) subscriber.error(err);
      },
    );
    return () => {
      abort.abort();
      live.unsubscribe();
    };
  });
}
