import { EXIT } from './exit-codes.js';

/** What {@link exitQuietlyWhenPipeCloses} needs of the process (the real one by default; a fake in unit tests). */
export interface ClosedPipeProcess {
  /** Listeners of a signal (to know whether a command holds something to release). */
  listenerCount(event: 'SIGTERM' | 'SIGINT'): number;
  /** Asks the command's own signal handler to clean up. */
  emit(event: 'SIGTERM' | 'SIGINT', signal: NodeJS.Signals): boolean;
  /** Registers the last word on the exit code. */
  once(event: 'exit', listener: () => void): unknown;
  /** The exit code the process ends with. */
  exitCode?: number | string | null | undefined;
  /** Ends the process. */
  exit(code?: number): never;
}

/**
 * Makes `berth` behave like a well-kept Unix filter when its reader goes away early (`berth --help | head -1`,
 * `berth ps --json | head -c 10`, `berth logs -f ID | grep -m1 ready`): a write to the closed pipe fails with
 * EPIPE, and instead of crashing on the unhandled stream error berth stops quietly with exit code 0.
 *
 * A command that holds something (the sandbox of `run`, the exec of `exec`, the driver of `logs -f`) listens to
 * SIGTERM or SIGINT; it is asked to release it the way that signal would (its handler receives `SIGPIPE` as the
 * signal name), and whatever code it exits with becomes 0. A command that holds nothing exits at once.
 * Any other stream error is rethrown, as before.
 *
 * @param streams - the streams to watch (stdout and stderr).
 * @param proc - the process to act on.
 */
export function exitQuietlyWhenPipeCloses(
  streams: readonly NodeJS.EventEmitter[] = [process.stdout, process.stderr],
  proc: ClosedPipeProcess = process,
): void {
  let closed = false;
  const onError = (err: NodeJS.ErrnoException): void => {
    if (err.code !== 'EPIPE') throw err;
    if (closed) return;
    closed = true;
    proc.once('exit', () => {
      proc.exitCode = EXIT.ok;
    });
    const holder = (['SIGTERM', 'SIGINT'] as const).find((signal) => proc.listenerCount(signal) > 0);
    if (holder === undefined) proc.exit(EXIT.ok);
    else proc.emit(holder, 'SIGPIPE');
  };
  for (const stream of streams) stream.on('error', onError);
}
