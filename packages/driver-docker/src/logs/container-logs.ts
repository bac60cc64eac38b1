import type { LogLine, LogStreamOptions } from '@berth/core';
import type Docker from 'dockerode';
import { Observable } from 'rxjs';
import { mapDockerError } from '../errors/map-docker-error.js';
import { FrameDemuxer, RawDemuxer } from './frame-demuxer.js';
import { LogLineAssembler } from './log-line-assembler.js';

/** `since`/`until` for the engine: seconds with a fraction (`1715000000.123`). */
function engineTime(date: Date): string {
  return (date.getTime() / 1000).toFixed(3);
}

/** The engine's log query (`GET /containers/{id}/logs` and `GET /services/{id}/logs` take the same). */
export interface EngineLogQuery {
  stdout: boolean;
  stderr: boolean;
  timestamps: true;
  tail?: number;
  since?: string;
  until?: string;
  follow: boolean;
}

/** Where {@link engineLogs$} reads from: a container, or a Swarm service (its tasks' logs, aggregated). */
export interface EngineLogSource {
  /** Id for error messages. */
  readonly id: string;
  /** `true` when the output is raw (TTY), `false` when it is multiplexed in 8-byte-header frames. */
  tty(): Promise<boolean>;
  /** Opens the log endpoint: a stream with `follow`, the whole body without. */
  open(query: EngineLogQuery): Promise<NodeJS.ReadableStream | Buffer>;
}

/**
 * An engine log endpoint as lines: `timestamps=1`, demultiplexed (raw for TTY), reassembled into lines per
 * stream, with each line's RFC3339Nano prefix parsed into `timestamp`. With `follow` it runs until the engine
 * ends the stream.
 *
 * Back-pressure: the response is consumed with `for await`, one chunk at a time, and every line of a chunk
 * is delivered synchronously before the next chunk is read — a slow subscriber leaves bytes in the socket
 * (the kernel's buffer then the engine's) instead of in this process. Unsubscribing destroys the socket.
 */
export function engineLogs$(source: EngineLogSource, opts: LogStreamOptions = {}): Observable<LogLine> {
  return new Observable<LogLine>((subscriber) => {
    let closed = false;
    let stream: NodeJS.ReadableStream | undefined;
    const run = async (): Promise<void> => {
      const tty = await source.tty();
      const query: EngineLogQuery = {
        stdout: opts.stdout ?? true,
        stderr: opts.stderr ?? true,
        timestamps: true,
        follow: opts.follow === true,
        ...(opts.tail === undefined ? {} : { tail: opts.tail }),
        ...(opts.since === undefined ? {} : { since: engineTime(opts.since) }),
        ...(opts.until === undefined ? {} : { until: engineTime(opts.until) }),
      };
      const demux = tty ? new RawDemuxer() : new FrameDemuxer();
      const assembler = new LogLineAssembler(true);
      const emit = (lines: LogLine[]): void => {
        for (const line of lines) {
          if (closed) return;
          subscriber.next(line);
        }
      };
      const body = await source.open(query);
      if (Buffer.isBuffer(body) || typeof body === 'string') {
        for (const frame of demux.push(Buffer.isBuffer(body) ? body : Buffer.from(String(body))))
          emit(assembler.push(frame));
      } else {
        stream = body;
        if (closed) {
          (stream as { destroy?: () => void }).destroy?.();
          return;
        }
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (closed) return;
          for (const frame of demux.push(chunk)) emit(assembler.push(frame));
        }
      }
      emit(assembler.flush());
      if (!closed) subscriber.complete();
    };
    run().catch((err: unknown) => {
      if (!closed) subscriber.error(mapDockerError(err, { operation: 'logs$', id: source.id }));
    });
    return () => {
      closed = true;
      (stream as { destroy?: () => void } | undefined)?.destroy?.();
    };
  });
}

/**
 * A container's logs as lines ({@link engineLogs$} over `GET /containers/{id}/logs`). With `follow` it runs
 * until the container stops.
 */
export function containerLogs$(container: Docker.Container, opts: LogStreamOptions = {}): Observable<LogLine> {
  return engineLogs$(
    {
      id: container.id,
      tty: async () => (await container.inspect()).Config.Tty,
      open: async (query) =>
        (await container.logs(query as Docker.ContainerLogsOptions & { follow: false })) as unknown as
          | NodeJS.ReadableStream
          | Buffer,
    },
    opts,
  );
}

/** Formats lines as `getContainerLogs` text: one line per `\n`, optionally prefixed with the ISO time. */
export function formatLogText(lines: LogLine[], timestamps: boolean): string {
  return lines.map((l) => (timestamps ? `${l.timestamp.toISOString()} ${l.text}\n` : `${l.text}\n`)).join('');
}
