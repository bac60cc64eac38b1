import type { ExecHandle, ExecResult } from '@berth/core';
import { LineSplitter } from '../logs/index.js';

/** Receives one output line of a run. */
export type OutputLineSink = (stream: 'stdout' | 'stderr', text: string) => void;

/**
 * Follows a running exec: every output line goes to `sink` the moment it is complete (lines split across
 * chunks are joined per stream; an unfinished last line is flushed at exit), and resolves with the exec's
 * result once it exits. With `closeStdin` the exec's stdin is closed first, as `driver.exec` does.
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
): Promise<ExecResult> {
  const splitters = {
    stdout: new LineSplitter((line) => sink('stdout', line)),
    stderr: new LineSplitter((line) => sink('stderr', line)),
  };
  const subscription = handle.output$.subscribe({
    next: (chunk) => splitters[chunk.stream].push(chunk.data),
    error: () => undefined, // `exit` rejects with the same failure
  });
  try {
    if (closeStdin) await handle.end().catch(() => undefined); // the command may have exited already
    return await handle.exit;
  } finally {
    subscription.unsubscribe();
    splitters.stdout.flush();
    splitters.stderr.flush();
  }
}
