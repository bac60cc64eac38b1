import { LineSplitter, type LogLine, type LogOptions } from '@berth/core';
import { Subject } from 'rxjs';

/**
 * A container's logs: complete lines with their stream and timestamp, kept across restarts. Bytes are split
 * into lines per stream by core's {@link LineSplitter}, the rule every driver uses (`\n` ends a line, a CRLF's
 * `\r` is dropped, any other `\r` kept, UTF-8 decoded across chunks, overlong lines split); the unterminated
 * last line is ended by {@link flush} at exit. New lines are also pushed to {@link lines$} for followers.
 */
export class LogStore {
  readonly #lines: LogLine[] = [];
  readonly #splitters: Record<LogLine['stream'], LineSplitter> = {
    stdout: new LineSplitter(),
    stderr: new LineSplitter(),
  };
  readonly #subject = new Subject<LogLine>();

  /** Every new complete line, as it is written. */
  readonly lines$ = this.#subject.asObservable();

  /** Appends raw bytes of one stream. */
  append(stream: LogLine['stream'], data: Uint8Array): void {
    for (const text of this.#splitters[stream].push(data)) this.appendLine(stream, text);
  }

  /** Appends one whole line (canned logs, `mock.writeLog`). */
  appendLine(stream: LogLine['stream'], text: string): void {
    this.#push({ stream, text, timestamp: new Date() });
  }

  /**
   * Appends `text` as whole lines by the same rule as {@link append} (`mock.writeLog`): one per `\n`, a trailing
   * newline ends the last line, and an unterminated last line is a line too.
   */
  appendText(stream: LogLine['stream'], text: string): void {
    const splitter = new LineSplitter();
    for (const line of [...splitter.push(text), ...splitter.flush()]) this.appendLine(stream, line);
  }

  /** Ends any unterminated line of either stream (the process exited). */
  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      for (const text of this.#splitters[stream].flush()) this.appendLine(stream, text);
    }
  }

  /** Lines matching `options` (streams, since, until, tail), oldest first. */
  select(options: LogOptions = {}): LogLine[] {
    const since = options.since?.getTime();
    const until = options.until?.getTime();
    const selected = this.#lines.filter(
      (line) =>
        (line.stream === 'stdout' ? options.stdout !== false : options.stderr !== false) &&
        (since === undefined || line.timestamp.getTime() >= since) &&
        (until === undefined || line.timestamp.getTime() < until),
    );
    if (options.tail === undefined) return selected;
    return options.tail <= 0 ? [] : selected.slice(-options.tail);
  }

  /** `true` when `line` passes the stream and time filters of `options` (tail not considered). */
  static matches(line: LogLine, options: LogOptions = {}): boolean {
    if (line.stream === 'stdout' ? options.stdout === false : options.stderr === false) return false;
    if (options.since !== undefined && line.timestamp.getTime() < options.since.getTime()) return false;
    if (options.until !== undefined && line.timestamp.getTime() >= options.until.getTime()) return false;
    return true;
  }

  /** Completes {@link lines$} (container removed or driver disposed). */
  close(): void {
    this.#subject.complete();
  }

  #push(line: LogLine): void {
    this.#lines.push(line);
    this.#subject.next(line);
  }
}

/** Renders lines as `getContainerLogs` text: one per `\n`, optionally prefixed with the ISO timestamp. */
export function renderLogs(lines: readonly LogLine[], timestamps = false): string {
  return lines.map((l) => (timestamps ? `${l.timestamp.toISOString()} ${l.text}\n` : `${l.text}\n`)).join('');
}
