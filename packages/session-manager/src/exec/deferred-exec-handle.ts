import type { ExecHandle, ExecResult, OutputChunk } from '@berth/core';
import { ReplaySubject } from 'rxjs';

/** The result of a queued exec killed before it started: nothing ran. */
export const KILLED_BEFORE_START: Readonly<ExecResult> = Object.freeze({
  exitCode: 137,
  stdout: '',
  stderr: '',
  durationMs: 0,
  timedOut: false,
});

/**
 * An {@link ExecHandle} handed out before its command starts (it waits in a session's run queue).
 * `write`/`end` wait until the command starts (and resolve at once once it is over); `kill` kills the
 * command, or, while it is still queued, makes sure it never starts ({@link killedBeforeStart}).
 * `output$` replays everything the command writes, then completes (or errors) with it.
 *
 * @example
 * ```ts
 * const deferred = new DeferredExecHandle();
 * deferred.settle(queue.run(async () => {
 *   if (deferred.killedBeforeStart) return { ...KILLED_BEFORE_START };
 *   const inner = driver.execStream(id, spec);
 *   deferred.attach(inner);
 *   return inner.exit;
 * }));
 * return deferred.handle;
 * ```
 */
export class DeferredExecHandle {
  /** The handle to give the caller. */
  readonly handle: ExecHandle;

  private readonly output = new ReplaySubject<OutputChunk>();
  private readonly started: Promise<ExecHandle | undefined>;
  private resolveStarted: (inner: ExecHandle | undefined) => void = () => undefined;
  private resolveExit: (result: ExecResult) => void = () => undefined;
  private rejectExit: (err: unknown) => void = () => undefined;
  private inner: ExecHandle | undefined;
  private killed = false;

  constructor() {
    this.started = new Promise((resolve) => {
      this.resolveStarted = resolve;
    });
    const exit = new Promise<ExecResult>((resolve, reject) => {
      this.resolveExit = resolve;
      this.rejectExit = reject;
    });
    exit.catch(() => undefined); // a caller that ignores `exit` must not cause an unhandled rejection
    this.handle = {
      output$: this.output.asObservable(),
      exit,
      write: async (data) => {
        const inner = await this.started;
        if (inner !== undefined) await inner.write(data);
      },
      end: async () => {
        const inner = await this.started;
        if (inner !== undefined) await inner.end();
      },
      kill: async () => {
        this.killed = true;
        if (this.inner !== undefined) await this.inner.kill();
      },
    };
  }

  /** `true` once `kill()` was called before the command started; the queued task must not start it then. */
  get killedBeforeStart(): boolean {
    return this.killed && this.inner === undefined;
  }

  /** The command started: forwards its output and the handle's `write`/`end`/`kill`. */
  attach(inner: ExecHandle): void {
    this.inner = inner;
    inner.output$.subscribe({
      next: (chunk) => this.output.next(chunk),
      error: () => undefined, // reported through `exit`
    });
    this.resolveStarted(inner);
  }

  /** Ties the handle's `exit` (and the end of `output$`) to the queued run. */
  settle(run: Promise<ExecResult>): void {
    run.then(
      (result) => {
        this.resolveStarted(undefined); // no-op once started; releases a waiting write/end otherwise
        this.output.complete();
        this.resolveExit(result);
      },
      (err: unknown) => {
        this.resolveStarted(undefined);
        this.output.error(err);
        this.rejectExit(err);
      },
    );
  }
}
