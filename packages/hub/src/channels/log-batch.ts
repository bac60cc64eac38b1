import type { LogLevel } from '../protocol/index.js';

/** One line of a `logs` frame: its text once, `level` only when it is not its stream's default. */
export interface BatchedLine {
  /** Sequence number in the channel (from 1). */
  seq: number;
  /** The line's stream. */
  stream: 'stdout' | 'stderr';
  /** The line without its newline. */
  text: string;
  /** The line's time (ISO 8601). */
  timestamp: string;
  /** The producer's level, when it is not `info` (stdout) or `error` (stderr). */
  level?: LogLevel;
}

/** A line waiting in a {@link LogBatch}, with its time in ms for `since` checks. */
export interface BatchEntry {
  /** The wire form. */
  line: BatchedLine;
  /** `Date.parse(line.timestamp)`. */
  time: number;
}

/** Bounds of one `logs` frame; a batch is sent as soon as it reaches either. */
export interface LogBatchLimits {
  /** Lines per frame. Default 1000. */
  maxLines: number;
  /** UTF-16 code units of text per frame (the JSON around it adds ~80 bytes a line). Default 256 Ki. */
  maxChars: number;
}

/** Defaults of {@link LogBatchLimits}. */
export const DEFAULT_LOG_BATCH_LIMITS: Readonly<LogBatchLimits> = Object.freeze({
  maxLines: 1000,
  maxChars: 256 * 1024,
});

/** Runs `fn` once the current burst of work is over; returns a cancel function. Default: `setImmediate`. */
export type BatchScheduler = (fn: () => void) => () => void;

/** `setImmediate`: after the I/O callbacks of this loop turn, so a driver's burst of lines lands in one batch. */
export const immediateScheduler: BatchScheduler = (fn) => {
  const handle = setImmediate(fn);
  return () => clearImmediate(handle);
};

/**
 * Collects the log lines of a channel for its batching subscribers and hands them over as one batch when the
 * current burst ends (one `setImmediate`) or a bound ({@link LogBatchLimits}) is reached — so at most one frame's
 * worth of lines ever waits here, whatever the upstream's rate. {@link flush} hands over what waits at once (the
 * channel calls it before any other frame, so lines and `status`/`complete` keep their order).
 */
export class LogBatch {
  private entries: BatchEntry[] = [];
  private chars = 0;
  private cancel: (() => void) | null = null;

  /**
   * @param onBatch - receives each batch (never empty), oldest line first.
   * @param limits - bounds of one batch.
   * @param schedule - when to hand over a batch that did not reach a bound.
   */
  constructor(
    private readonly onBatch: (entries: readonly BatchEntry[]) => void,
    private readonly limits: Readonly<LogBatchLimits> = DEFAULT_LOG_BATCH_LIMITS,
    private readonly schedule: BatchScheduler = immediateScheduler,
  ) {}

  /** Lines waiting. */
  get size(): number {
    return this.entries.length;
  }

  /** Adds a line; hands the batch over at once when it reaches a bound. */
  add(entry: BatchEntry): void {
    this.entries.push(entry);
    this.chars += entry.line.text.length;
    if (this.entries.length >= this.limits.maxLines || this.chars >= this.limits.maxChars) {
      this.flush();
      return;
    }
    this.cancel ??= this.schedule(this.onTimer);
  }

  /** Hands over what waits now (nothing when empty). */
  flush(): void {
    this.cancel?.();
    this.cancel = null;
    if (this.entries.length === 0) return;
    const batch = this.entries;
    this.entries = [];
    this.chars = 0;
    this.onBatch(batch);
  }

  /** Drops what waits and the scheduled hand-over. */
  clear(): void {
    this.cancel?.();
    this.cancel = null;
    this.entries = [];
    this.chars = 0;
  }

  private readonly onTimer = (): void => {
    this.cancel = null;
    this.flush();
  };
}

/** Splits `entries` into runs of at most `limits` each (for replaying a ring as `logs` frames). */
export function chunkEntries<T extends { line: BatchedLine }>(
  entries: readonly T[],
  limits: Readonly<LogBatchLimits> = DEFAULT_LOG_BATCH_LIMITS,
): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const e of entries) {
    current.push(e);
    chars += e.line.text.length;
    if (current.length >= limits.maxLines || chars >= limits.maxChars) {
      out.push(current);
      current = [];
      chars = 0;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
