import { Observable } from 'rxjs';
import { toBerthError } from '../resilience/to-berth-error.js';

/** A byte or text source {@link fromLineStream} reads. */
export type LineSource = NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;

/** Options of {@link fromLineStream}. */
export interface LineStreamOptions {
  /** Operation name put on errors (e.g. `logs$`). Default: `readLines`. */
  operation?: string;
  /** Container id put on errors. */
  containerId?: string;
}

/**
 * Reads a stream as text lines: one emission per `\n` (a trailing `\r` is dropped), with lines reassembled
 * across chunk boundaries (also multi-byte UTF-8 characters), and a final line without `\n` flushed at
 * the end. Completes when the source ends; a source error becomes a typed `BerthError`.
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
    const decoder = new TextDecoder();
    let pending = '';

    const emitLines = (text: string): void => {
      pending += text;
      let newline = pending.indexOf('\n');
      while (newline !== -1 && !closed) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        subscriber.next(line.endsWith('\r') ? line.slice(0, -1) : line);
        newline = pending.indexOf('\n');
      }
    };

    const pump = async (): Promise<void> => {
      try {
        for (;;) {
          const step = await iterator.next();
          if (closed) return;
          if (step.done === true) break;
          const chunk = step.value;
          emitLines(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
        }
        emitLines(decoder.decode());
        if (pending.length > 0 && !closed) subscriber.next(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
        pending = '';
        subscriber.complete();
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
