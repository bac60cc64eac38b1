import type { LogLine } from '@berth/core';
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
 * Reassembles lines per stream from frames (a line may span frames, a frame may hold many lines, multi-byte
 * characters may be split) and parses each line's timestamp prefix.
 */
export class LogLineAssembler {
  readonly #pending = { stdout: '', stderr: '' };
  readonly #decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  #last = new Date(0);
  readonly #timestamps: boolean;

  /** @param timestamps - whether lines start with the engine's timestamp prefix. */
  constructor(timestamps: boolean) {
    this.#timestamps = timestamps;
  }

  /** Feeds one frame; returns the lines it completed. */
  push(frame: StreamFrame): LogLine[] {
    const lines: LogLine[] = [];
    const text = this.#pending[frame.stream] + this.#decoders[frame.stream].decode(frame.data, { stream: true });
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      lines.push(this.#line(frame.stream, text.slice(start, nl)));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.#pending[frame.stream] = text.slice(start);
    return lines;
  }

  /** Returns the unterminated last lines (end of stream). */
  flush(): LogLine[] {
    const lines: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.#pending[stream] + this.#decoders[stream].decode();
      this.#pending[stream] = '';
      if (rest.length > 0) lines.push(this.#line(stream, rest));
    }
    return lines;
  }

  #line(stream: 'stdout' | 'stderr', raw: string): LogLine {
    const clean = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!this.#timestamps) return { stream, text: clean, timestamp: new Date() };
    const { timestamp, text } = splitTimestamp(clean, this.#last);
    this.#last = timestamp;
    return { stream, text, timestamp };
  }
}
