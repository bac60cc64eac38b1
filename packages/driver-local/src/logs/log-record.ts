import type { LogLine, LogOptions } from '@berth/core';

/** One line of a container's `logs.jsonl`: time, stream (`o`/`e`) and text. */
export interface LogRecord {
  /** ISO time the supervisor read the line. */
  t: string;
  /** `o` = stdout, `e` = stderr. */
  s: 'o' | 'e';
  /** The line, without its newline. */
  l: string;
}

/** Parses one JSON line of the log file; `null` for a malformed line. */
export function parseLogRecord(line: string): LogRecord | null {
  try {
    const r = JSON.parse(line) as Partial<LogRecord>;
    if (typeof r.t !== 'string' || (r.s !== 'o' && r.s !== 'e') || typeof r.l !== 'string') return null;
    return r as LogRecord;
  } catch {
    return null;
  }
}

/** Converts a record to the contract's {@link LogLine}. */
export function toLogLine(r: LogRecord): LogLine {
  return { stream: r.s === 'o' ? 'stdout' : 'stderr', text: r.l, timestamp: new Date(r.t) };
}

/** Builds a predicate for the stream and time filters of {@link LogOptions} (not `tail`). */
export function logFilter(opts: LogOptions): (r: LogRecord) => boolean {
  const out = opts.stdout ?? true;
  const err = opts.stderr ?? true;
  const since = opts.since?.getTime();
  const until = opts.until?.getTime();
  return (r) => {
    if (r.s === 'o' ? !out : !err) return false;
    if (since === undefined && until === undefined) return true;
    const t = Date.parse(r.t);
    if (since !== undefined && t < since) return false;
    if (until !== undefined && t >= until) return false;
    return true;
  };
}
