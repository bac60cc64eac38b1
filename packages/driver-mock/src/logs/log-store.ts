import type { LogLine, LogOptions } from '@berth/core';
import { Subject } from 'rxjs';

const NEWLINE = 0x0a;

/**
 * A container's logs: complete lines with their stream and timestamp, kept across restarts. Bytes are
 * buffered per stream until a newline (or {@link flush} at exit). New lines are also pushed to
 * {@link lines$} for followers.
 */
export class LogStore {
  readonly #lines: LogLine[] = [];
  readonly #partial: Record<LogLine['stream'], number[]> = { stdout: [], stderr: [] };
  readonly #decoder = new TextDecoder();
  readonly #subject = new Subject<LogLine>();

  /** Every new complete line, as it is written. */
  readonly lines$ = this.#subject.asObservable();

  /** Appends raw bytes of one stream. */
  append(stream: LogLine['stream'], data: Uint8Array): void {
    const buffer = this.#partial[stream];
    for (const byte of data) {
      if (byte === NEWLINE) this.#emit(stream, buffer.splice(0));
      else buffer.push(byte);
    }
  }

  /** Appends one whole line (canned logs, `mock.writeLog`). */
  appendLine(stream: LogLine['stream'], text: string): void {
    this.#push({ stream, text, timestamp: new Date() });
  }

  /** Appends `text` as whole lines, one per `\n` (a trailing newline ends the last line; `mock.writeLog`). */
  appendText(stream: LogLine['stream'], text: string): void {
    for (const line of text.replace(/\n$/, '').split('\n')) this.appendLine(stream, line);
  }

  /** Ends any unterminated line of either stream (the process exited). */
  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const buffer = this.#partial[stream];
      if (buffer.length > 0) this.#emit(stream, buffer.splice(0));
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

  #emit(stream: LogLine['stream'], bytes: number[]): void {
    this.#push({ stream, text: this.#decoder.decode(Uint8Array.from(bytes)), timestamp: new Date() });
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
