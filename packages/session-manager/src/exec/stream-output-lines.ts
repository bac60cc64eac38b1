import { type ExecHandle, type ExecResult, LineSplitter, type OutputChunk } from '@berth/core';

/** Receives one output line of a run. */
export type OutputLineSink = (stream: 'stdout' | 'stderr', text: string) => void;

/**
 * Follows a running exec: every output line goes to `sink` the moment it is complete (split by core's
 * `LineSplitter` per stream: CRLF dropped, lines joined across chunks, an overlong line in pieces, an
 * unfinished last line flushed at exit), and resolves with the exec's
 * result once it exits. With `closeStdin` the exec's stdin is closed first, as `driver.exec` does. `onChunk` sees
 * every raw chunk of either stream in arrival order (for `executeCode`'s `output`).
 *
 * @example
 * ```ts
 * const handle = driver.execStream(id, { command: ['python3', '-u', 'run.py'], timeoutMs: 60_000 });
 * const result = await streamOutputLines(handle, (stream, text) => console.log(stream, text), true);
 * ```
 */
export async function streamOutputLines(
  handle: ExecHandle,
  sink: OutputLineSink,
  closeStdin: boolean,
  onChunk?: (chunk: OutputChunk) => void,
): Promise<ExecResult> {
  const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  const subscription = handle.output$.subscribe({
    next: (chunk) => {
      onChunk?.(chunk);
      for (const line of splitters[chunk.stream].push(chunk.data)) sink(chunk.stream, line);
    },
    error: () => undefined, // `exit` rejects with the same failure
  });
  try {
    if (closeStdin) await handle.end().catch(() => undefined); // the command may have exited already
    return await handle.exit;
  } finally {
    subscription.unsubscribe();
    for (const stream of ['stdout', 'stderr'] as const) {
      for (const line of splitters[stream].flush()) sink(stream, line);
    }
  }
}
