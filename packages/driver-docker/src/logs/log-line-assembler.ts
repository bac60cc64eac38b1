import { LineSplitter, type LogLine } from '@berth/core';
import type { StreamFrame } from './frame-demuxer.js';

/** `2024-05-01T10:00:00.123456789Z ` (RFC3339Nano) at the start of each line when `timestamps=true`. */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2}) /;

/**
 * Splits an RFC3339Nano prefix off a log line: `{ timestamp, text }`. Nanoseconds are truncated to ms.
 * A line without a valid prefix keeps its text and gets `fallback` as time.
 */
export function splitTimestamp(line: string, fallback: Date): { timestamp: Date; text: string } {
  const m = TIMESTAMP.exec(line);
  if (m === null) return { timestamp: fallback, text: line };
  const fraction = (m[2] ?? '').slice(0, 4);
  const timestamp = new Date(`${m[1]}${fraction}${m[3]}`);
  if (Number.isNaN(timestamp.getTime())) return { timestamp: fallback, text: line };
  return { timestamp, text: line.slice(m[0].length) };
}

/**
 * Reassembles lines per stream from frames with core's `LineSplitter` (a line may span frames, a frame may
 * hold many lines, multi-byte characters may be split; CRLF dropped; an overlong line in pieces) and parses
 * each line's timestamp prefix.
 */
export class LogLineAssembler {
  readonly #splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  #last = new Date(0);
  readonly #timestamps: boolean;

  /** @param timestamps - whether lines start with the engine's timestamp prefix. */
  constructor(timestamps: boolean) {
    this.#timestamps = timestamps;
  }

  /** Feeds one frame; returns the lines it completed. */
  push(frame: StreamFrame): LogLine[] {
    return this.#splitters[frame.stream].push(frame.data).map((raw) => this.#line(frame.stream, raw));
  }

  /** Returns the unterminated last lines (end of stream). */
  flush(): LogLine[] {
    return (['stdout', 'stderr'] as const).flatMap((stream) =>
      this.#splitters[stream].flush().map((raw) => this.#line(stream, raw)),
    );
  }

  #line(stream: 'stdout' | 'stderr', raw: string): LogLine {
    if (!this.#timestamps) return { stream, text: raw, timestamp: new Date() };
    const { timestamp, text } = splitTimestamp(raw, this.#last);
    this.#last = timestamp;
    return { stream, text, timestamp };
  }
}
