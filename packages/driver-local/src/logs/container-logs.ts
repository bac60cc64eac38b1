import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import {
  DriverUnavailableError,
  isBerthError,
  type LogLine,
  type LogOptions,
  type LogStreamOptions,
  ResourceLimitError,
  validateLogOptions,
} from '@berth/core';
import { Observable } from 'rxjs';
import type { ContainerStore } from '../state/container-store.js';
import type { StateLayout } from '../state/state-layout.js';
import { findTailOffset, readRecordsFrom } from './log-file-reader.js';
import { type LogRecord, logFilter, toLogLine } from './log-record.js';

/**
 * Most text (UTF-8 bytes) one `getContainerLogs` call returns: it builds one string in the driver's memory, so a
 * container that logged gigabytes could otherwise make the driver allocate them (or fail past V8's string limit).
 * Past it the call rejects with `ResourceLimitError` (`resource: 'container logs'`): read less (`tail`, `since`,
 * `until`) or stream with `logs$`, which holds one 64 KiB chunk at a time.
 */
export const MAX_CONTAINER_LOGS_BYTES = 64 * 1024 * 1024;

/** What {@link ContainerLogs} needs. */
export interface ContainerLogsOptions {
  /** Paths of the state root. */
  layout: StateLayout;
  /** Container records and status. */
  store: ContainerStore;
  /** Throws a typed error when the driver is not usable (disposed, state root broken). */
  prepare: () => Promise<void>;
  /** Pause between reads of a followed log. */
  pollIntervalMs: number;
}

/**
 * Reads a container's log file (one JSON record per line, written by the supervisor): all of it with
 * `since`/`until`/`tail` applied, or followed while the container runs. Every handle it opens is closed,
 * also when a follower unsubscribes mid-wait.
 */
export class ContainerLogs {
  readonly #o: ContainerLogsOptions;

  /** @param options - state root, records, readiness, poll interval. */
  constructor(options: ContainerLogsOptions) {
    this.#o = options;
  }

  /**
   * {@inheritDoc @berth/core#ContainerDriver.getContainerLogs}
   *
   * @throws ResourceLimitError when the text would exceed {@link MAX_CONTAINER_LOGS_BYTES}.
   */
  async read(id: string, opts: LogOptions = {}, maxBytes = MAX_CONTAINER_LOGS_BYTES): Promise<string> {
    validateLogOptions(opts);
    await this.#o.prepare();
    const rec = await this.#o.store.find(id, 'getContainerLogs');
    const match = logFilter(opts);
    const parts: string[] = [];
    let bytes = 0;
    const fh = await open(this.#o.layout.logFile(rec.id), 'r');
    try {
      const size = (await fh.stat()).size;
      const from = opts.tail === undefined ? 0 : await findTailOffset(fh, size, opts.tail, match);
      await readRecordsFrom(
        fh,
        from,
        (r) => {
          if (!match(r) || bytes > maxBytes) return;
          const text = opts.timestamps === true ? `${r.t} ${r.l}\n` : `${r.l}\n`;
          bytes += Buffer.byteLength(text);
          if (bytes > maxBytes) parts.length = 0;
          else parts.push(text);
        },
        () => bytes > maxBytes,
      );
    } finally {
      await fh.close();
    }
    if (bytes > maxBytes) {
      throw new ResourceLimitError('container logs', maxBytes, bytes, {
        containerId: rec.id,
        operation: 'getContainerLogs',
      });
    }
    return parts.join('');
  }

  /** {@inheritDoc @berth/core#ContainerDriver.logs$} */
  logs$(id: string, opts: LogStreamOptions = {}): Observable<LogLine> {
    const { layout, store } = this.#o;
    return new Observable<LogLine>((sub) => {
      let closed = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      /** Ends the poll wait at once: unsubscribing must let the loop return and close the handle. */
      let wake: (() => void) | undefined;
      let fh: FileHandle | undefined;
      const run = async (): Promise<void> => {
        validateLogOptions(opts);
        const match = logFilter(opts);
        await this.#o.prepare();
        const rec = await store.find(id, 'logs$');
        fh = await open(layout.logFile(rec.id), 'r');
        if (closed) return;
        const size = (await fh.stat()).size;
        let offset = opts.tail === undefined ? 0 : await findTailOffset(fh, size, opts.tail, match);
        const emit = (r: LogRecord): void => {
          if (!closed && match(r)) sub.next(toLogLine(r));
        };
        offset = await readRecordsFrom(fh, offset, emit, () => closed);
        if (opts.follow !== true) return;
        for (;;) {
          if (closed) return;
          const latest = await store.read(rec.id);
          const running = latest !== null && (await store.status(latest)).state === 'running';
          offset = await readRecordsFrom(fh, offset, emit, () => closed);
          if (!running || (opts.until !== undefined && Date.now() >= opts.until.getTime())) {
            offset = await readRecordsFrom(fh, offset, emit, () => closed);
            return;
          }
          if (closed) return; // unsubscribed during the reads above: no wait
          await new Promise<void>((r) => {
            wake = r;
            timer = setTimeout(r, this.#o.pollIntervalMs);
          });
          wake = undefined;
        }
      };
      run()
        .then(
          () => {
            if (!closed) sub.complete();
          },
          (err: unknown) => {
            if (!closed)
              sub.error(
                isBerthError(err) ? err : new DriverUnavailableError(`logs$ failed: ${String(err)}`, { cause: err }),
              );
          },
        )
        .finally(() => {
          void fh?.close().catch(() => undefined);
        });
      return () => {
        closed = true;
        if (timer !== undefined) clearTimeout(timer);
        wake?.();
      };
    });
  }
}
