import { LineSplitter } from '@berth/core';
import { publishLine, type SessionRecord } from '../registry/index.js';

/** Splits a context run's output pieces into lines for the session's `logs$` (live); `flush` at the run's end. */
export interface ContextLogSink {
  /** A piece of output. */
  push(stream: 'stdout' | 'stderr', text: string): void;
  /** Emits the unfinished last lines. */
  flush(): void;
}

/**
 * A {@link ContextLogSink} publishing to `rec`'s log: each line the moment it is complete (core's
 * `LineSplitter` per stream), an unfinished last line when the run ends.
 *
 * @example
 * ```ts
 * const logs = contextLogSink(rec);
 * logs.push('stdout', 'a\nb'); // publishes 'a'
 * logs.flush(); // publishes 'b'
 * ```
 */
export function contextLogSink(rec: SessionRecord): ContextLogSink {
  const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  return {
    push: (stream, text) => {
      for (const line of splitters[stream].push(text)) publishLine(rec, stream, line);
    },
    flush: () => {
      for (const stream of ['stdout', 'stderr'] as const) {
        for (const line of splitters[stream].flush()) publishLine(rec, stream, line);
      }
    },
  };
}
