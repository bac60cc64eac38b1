import type { ExecHandle, ExecResult, OutputChunk } from '@berth/core';
import { ReplaySubject } from 'rxjs';
import { StdinQueue, toBytes } from '../shell/shell-io.js';
import type { ShellProcess } from '../shell/shell-process.js';

const noop = (): void => undefined;

/**
 * The caller's side of one `execStream`: output replayed to late subscribers, a stdin queue the caller writes,
 * and a kill that reaches the process even when it is asked for before the process started.
 */
export class ExecStream {
  /** What the process reads: `write()`/`end()` of the handle, or the spec's stdin. */
  readonly stdin = new StdinQueue();
  readonly #output = new ReplaySubject<OutputChunk>();
  #process: ShellProcess | undefined;
  #killed = false;

  /** Passes a chunk of the process's output to the handle's `output$`. */
  output(chunk: OutputChunk): void {
    this.#output.next(chunk);
  }

  /** Binds the started process (killed at once when `kill()` came first). */
  attach(process: ShellProcess): void {
    this.#process = process;
    if (this.#killed) process.terminate(137);
  }

  /** The handle: `output$` completes when `exit` resolves and errors when it rejects. */
  handle(result: Promise<ExecResult>): ExecHandle {
    const exit = result.then(
      (settled) => {
        this.#output.complete();
        return settled;
      },
      (err: unknown) => {
        this.#output.error(err);
        throw err;
      },
    );
    exit.catch(noop);
    return {
      output$: this.#output.asObservable(),
      exit,
      write: async (data) => this.stdin.push(toBytes(data)),
      end: async () => this.stdin.end(),
      kill: async () => {
        this.#killed = true;
        this.#process?.terminate(137);
      },
    };
  }
}
