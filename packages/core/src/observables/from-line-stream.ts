import { Observable } from 'rxjs';
import { toBerthError } from '../resilience/to-berth-error.js';
import { LineSplitter } from './line-splitter.js';

/** A byte or text source {@link fromLineStream} reads. */
export type LineSource = NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;

/** Options of {@link fromLineStream}. */
export interface LineStreamOptions {
  /** Operation name put on errors (e.g. `logs$`). Default: `readLines`. */
  operation?: string;
  /** Container id put on errors. */
  containerId?: string;
  /** Longest line emitted whole (see {@link LineSplitter}). Default: `MAX_LINE_LENGTH` (64 Ki). */
  maxLineLength?: number;
}

/**
 * Reads a stream as text lines, split by {@link LineSplitter}'s rule: one emission per `\n` (the `\r` of a
 * CRLF is dropped, a bare `\r` kept), lines reassembled across chunk boundaries (also multi-byte UTF-8
 * characters), a final line without `\n` flushed at the end, a line over `maxLineLength` split in pieces. Completes when the source ends; a source error becomes a typed `BerthError`.
 *
 * Cold: the source is read only while subscribed. Unsubscribing destroys the stream (`destroy()` when it
 * has one, else the iterator's `return()`), which releases the underlying socket or file handle.
 *
 * @param source - a Node readable stream or any async iterable of bytes or strings.
 * @param options - context for errors.
 *
 * @example
 * ```ts
 * const lines$ = fromLineStream(fs.createReadStream(logFile));
 * lines$.subscribe((line) => console.log(line));
 * ```
 */
export function fromLineStream(source: LineSource, options: LineStreamOptions = {}): Observable<string> {
  const context = {
    operation: options.operation ?? 'readLines',
    ...(options.containerId === undefined ? {} : { containerId: options.containerId }),
  };
  return new Observable<string>((subscriber) => {
    let closed = false;
    const iterator = (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
    const splitter = new LineSplitter(
      options.maxLineLength === undefined ? {} : { maxLineLength: options.maxLineLength },
    );
    const emit = (lines: string[]): void => {
      for (const line of lines) {
        if (closed) return;
        subscriber.next(line);
      }
    };

    const pump = async (): Promise<void> => {
      try {
        for (;;) {
          const step = await iterator.next();
          if (closed) return;
          if (step.done === true) break;
          emit(splitter.push(step.value));
        }
        emit(splitter.flush());
        if (!closed) subscriber.complete();
      } catch (err) {
        if (!closed) subscriber.error(toBerthError(err, context));
      }
    };
    void pump();

    return () => {
      closed = true;
      const destroyable = source as { destroy?: unknown };
      if (typeof destroyable.destroy === 'function') {
        (destroyable.destroy as () => void).call(source);
      } else {
        iterator.return?.().catch(() => undefined);
      }
    };
  });
}
