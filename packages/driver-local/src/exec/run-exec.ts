import { type ExecHandle, type ExecResult, type ExecSpec, type OutputChunk, ResourceLimitError } from '@berth/core';
import { ReplaySubject } from 'rxjs';
import { exitCodeForSignal } from '../process/signals.js';
import type { ExecExit, ExecStarter } from './exec-process.js';

/**
 * Most output (stdout and stderr together, bytes) one exec may produce: the driver keeps all of it (for the result,
 * and replayed to each `output$` subscriber), so without a bound a command inside a container — whatever its
 * memory limit — could grow the driver's memory until the host runs out (`yes` in an exec did).
 */
export const MAX_EXEC_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Starts an exec through `start` (the supervisor's socket or a direct spawn) and returns the contract's
 * {@link ExecHandle}. Output is replayed to each subscriber of `output$`. When `spec.stdin` is given it is
 * written and stdin closed; otherwise stdin stays open for `write`/`end` (`exec` closes it). `timeoutMs`,
 * `kill()` and abort SIGKILL the exec's process group (`timedOut: true` for the timeout). A command that
 * cannot be started exits 127 with the reason on stderr; a refused exec rejects `exit`. Output past
 * {@link MAX_EXEC_OUTPUT_BYTES} SIGKILLs the exec's process group and rejects `exit` (and errors `output$`) with a
 * `ResourceLimitError` (`resource: 'exec output'`); what came before it is not kept.
 */
export function runExec(start: ExecStarter, spec: ExecSpec, closeStdin: boolean): ExecHandle {
  const started = Date.now();
  const output$ = new ReplaySubject<OutputChunk>();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let outputBytes = 0;
  let overflow: ResourceLimitError | null = null;
  let timedOut = false;
  let settle: (e: ExecExit) => void = () => undefined;
  let fail: (err: Error) => void = () => undefined;
  const ended = new Promise<ExecExit>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const control = start({
    data: (stream, chunk) => {
      if (overflow !== null) return;
      outputBytes += chunk.length;
      if (outputBytes > MAX_EXEC_OUTPUT_BYTES) {
        overflow = new ResourceLimitError('exec output', MAX_EXEC_OUTPUT_BYTES, outputBytes, { operation: 'exec' });
        stdout.length = 0;
        stderr.length = 0;
        control.kill();
        return;
      }
      (stream === 'stdout' ? stdout : stderr).push(chunk);
      output$.next({ stream, data: new Uint8Array(chunk) });
    },
    exit: (e) => settle(e),
    refused: (err) => fail(err),
  });
  if (spec.stdin !== undefined) {
    control.write(spec.stdin).catch(() => undefined);
    control.end();
  } else if (closeStdin) control.end();
  const timer =
    spec.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          control.kill();
        }, spec.timeoutMs);
  const onAbort = (): void => control.kill();
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  const cleanup = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    spec.signal?.removeEventListener('abort', onAbort);
  };

  const exit = ended.then(
    (e): ExecResult => {
      cleanup();
      if (overflow !== null) {
        output$.error(overflow);
        throw overflow;
      }
      let code = e.exitCode ?? (e.signal === null ? 1 : exitCodeForSignal(e.signal));
      if (e.error !== null && e.exitCode === null && e.signal === null) {
        code = 127;
        const msg = Buffer.from(`${e.error}\n`);
        stderr.push(msg);
        output$.next({ stream: 'stderr', data: new Uint8Array(msg) });
      }
      output$.complete();
      const result: ExecResult = {
        exitCode: code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: Date.now() - started,
        timedOut,
      };
      if (spec.signal?.aborted === true) throw spec.signal.reason;
      return result;
    },
    (err: unknown) => {
      cleanup();
      output$.error(err);
      throw err;
    },
  );
  exit.catch(() => undefined);

  return {
    output$: output$.asObservable(),
    exit,
    write: (data) => control.write(data),
    end: async () => control.end(),
    kill: async () => {
      control.kill();
      await exit.catch(() => undefined);
    },
  };
}
