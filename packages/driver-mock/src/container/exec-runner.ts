import { DriverUnavailableError, type ExecResult, type ExecSpec, raceAbort } from '@berth/core';
import type { MockScripting } from '../scripting/mock-scripting.js';
import { EMPTY_INPUT, inputOf, toBytes } from '../shell/shell-io.js';
import type { TimerRegistry } from '../timers/timer-registry.js';
import { type StartedExec, startExecProcess } from './exec-process.js';
import type { ExecStream } from './exec-stream.js';
import type { MockContainer } from './mock-container.js';

/** What an {@link ExecRunner} works with. */
export interface ExecRunnerDeps {
  /** Scripted commands. */
  scripting: MockScripting;
  /** Timers (exec timeouts, the shell's sleeps). */
  timers: TimerRegistry;
  /** `true` once the driver is disposed: an exec still running then rejects with `DriverUnavailableError`. */
  disposed: () => boolean;
}

/** Runs execs in running containers, to completion (`exec`) or streamed (`execStream`), honouring the spec's signal. */
export class ExecRunner {
  readonly #scripting: MockScripting;
  readonly #timers: TimerRegistry;
  readonly #disposed: () => boolean;

  /**
   * @param deps - scripting, timers and the driver's disposed state.
   */
  constructor(deps: ExecRunnerDeps) {
    this.#scripting = deps.scripting;
    this.#timers = deps.timers;
    this.#disposed = deps.disposed;
  }

  /** Runs a validated spec in `c` and collects its output. */
  run(c: MockContainer, valid: ExecSpec): Promise<ExecResult> {
    const stdin = valid.stdin === undefined ? EMPTY_INPUT : inputOf(toBytes(valid.stdin));
    const run = startExecProcess({
      container: c,
      spec: valid,
      stdin,
      timers: this.#timers,
      hook: this.#scripting.hook(c, valid),
    });
    return this.#settle(run, valid.signal);
  }

  /** Runs a validated spec in `c`, its stdin and output going through `stream`. */
  stream(c: MockContainer, valid: ExecSpec, stream: ExecStream): Promise<ExecResult> {
    if (valid.stdin !== undefined) {
      stream.stdin.push(toBytes(valid.stdin));
      stream.stdin.end();
    }
    const run = startExecProcess({
      container: c,
      spec: valid,
      stdin: stream.stdin,
      timers: this.#timers,
      hook: this.#scripting.hook(c, valid),
      onOutput: (chunk) => stream.output(chunk),
    });
    stream.attach(run.process);
    return this.#settle(run, valid.signal);
  }

  async #settle(run: StartedExec, signal: AbortSignal | undefined): Promise<ExecResult> {
    const onAbort = (): void => {
      run.process.terminate(137);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const settled = await raceAbort(run.result, signal);
      if (this.#disposed())
        throw new DriverUnavailableError('mock driver disposed while the command ran', { operation: 'exec' });
      return settled;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
