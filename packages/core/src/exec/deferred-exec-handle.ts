import { defer, EMPTY, from, type Observable, switchMap, throwError } from 'rxjs';
import type { ExecHandle, ExecResult, OutputChunk } from '../contract/index.js';

/** The result of a deferred exec killed before its command started: nothing ran. */
export const KILLED_BEFORE_START: Readonly<ExecResult> = Object.freeze({
  exitCode: 137,
  stdout: '',
  stderr: '',
  durationMs: 0,
  timedOut: false,
});

/** How a command that never started ended: killed before it started, or its start failed. */
type NeverStarted = { readonly failed: false } | { readonly failed: true; readonly error: unknown };

/**
 * An {@link ExecHandle} handed out before its command has started: the real handle comes later (a host
 * still being found, a run still waiting in a queue), or never.
 *
 * - `output$` replays the real handle's output once it is there; it completes empty when the command never
 *   started, and errors with the start failure when starting failed.
 * - `exit` is the real handle's `exit` ({@link DeferredExecHandle.from}), or whatever was passed to
 *   {@link DeferredExecHandle.settle}; it never causes an unhandled rejection.
 * - `write`/`end` wait for the start and forward; on a command that never started they resolve (killed
 *   before start) or reject with the start failure.
 * - `kill` kills the started command; before the start it marks the handle killed
 *   ({@link DeferredExecHandle.killedBeforeStart}) and a handle attached later is killed at once.
 *
 * @example From a promise of a handle (a pool finding the container's host first):
 * ```ts
 * return DeferredExecHandle.from(this.resolveHost(id).then((d) => d.execStream(id, spec)));
 * ```
 *
 * @example Queued, killable before it starts:
 * ```ts
 * const deferred = new DeferredExecHandle();
 * deferred.settle(queue.run(async () => {
 *   if (deferred.killedBeforeStart) return { ...KILLED_BEFORE_START };
 *   const inner = driver.execStream(id, spec);
 *   deferred.attach(inner);
 *   return inner.exit;
 * }));
 * return deferred;
 * ```
 */
export class DeferredExecHandle implements ExecHandle {
  /** {@inheritDoc ExecHandle.output$} */
  readonly output$: Observable<OutputChunk>;
  /** {@inheritDoc ExecHandle.exit} */
  readonly exit: Promise<ExecResult>;

  readonly #started: Promise<ExecHandle | NeverStarted>;
  #resolveStarted: (outcome: ExecHandle | NeverStarted) => void = () => undefined;
  #resolveExit: (result: ExecResult) => void = () => undefined;
  #rejectExit: (err: unknown) => void = () => undefined;
  #inner: ExecHandle | undefined;
  #killed = false;

  /** A handle whose command has not started; call {@link attach} when it does and {@link settle} with its end. */
  constructor() {
    this.#started = new Promise((resolve) => {
      this.#resolveStarted = resolve;
    });
    this.exit = new Promise<ExecResult>((resolve, reject) => {
      this.#resolveExit = resolve;
      this.#rejectExit = reject;
    });
    this.exit.catch(() => undefined); // a caller that ignores `exit` must not cause an unhandled rejection
    this.output$ = defer(() => from(this.#started)).pipe(
      switchMap((started) => {
        if (isHandle(started)) return started.output$;
        return started.failed ? throwError(() => started.error) : EMPTY;
      }),
    );
  }

  /**
   * A handle for a command that starts when `pending` resolves: its `exit` is the real handle's; when
   * `pending` rejects, `exit` rejects and `output$` errors with that error.
   *
   * @param pending - resolves to the real handle (or rejects with a typed error).
   */
  static from(pending: Promise<ExecHandle>): DeferredExecHandle {
    const deferred = new DeferredExecHandle();
    deferred.settle(
      pending.then((inner) => {
        deferred.attach(inner);
        return inner.exit;
      }),
    );
    return deferred;
  }

  /** `true` once `kill()` was called before the command started: a queued task must not start it then. */
  get killedBeforeStart(): boolean {
    return this.#killed && this.#inner === undefined;
  }

  /**
   * The command started: `output$`, `write`, `end` and `kill` go to `inner` from now on. A handle killed
   * before this kills `inner` at once. A second call is ignored.
   */
  attach(inner: ExecHandle): void {
    if (this.#inner !== undefined) return;
    this.#inner = inner;
    this.#resolveStarted(inner);
    if (this.#killed) inner.kill().catch(() => undefined);
  }

  /**
   * Ties `exit` to `run`. When `run` ends and no command was attached, the command never started: `output$`
   * completes empty (or errors with `run`'s error), and `write`/`end` stop waiting.
   */
  settle(run: Promise<ExecResult>): void {
    run.then(
      (result) => {
        this.#resolveStarted({ failed: false }); // no-op once started
        this.#resolveExit(result);
      },
      (error: unknown) => {
        this.#resolveStarted({ failed: true, error });
        this.#rejectExit(error);
      },
    );
  }

  /** {@inheritDoc ExecHandle.write} */
  async write(data: string | Uint8Array): Promise<void> {
    await (await this.#whenStarted())?.write(data);
  }

  /** {@inheritDoc ExecHandle.end} */
  async end(): Promise<void> {
    await (await this.#whenStarted())?.end();
  }

  /** {@inheritDoc ExecHandle.kill} */
  async kill(): Promise<void> {
    this.#killed = true;
    if (this.#inner !== undefined) await this.#inner.kill();
  }

  /** The started handle, `undefined` when killed before start; rejects with the start failure. */
  async #whenStarted(): Promise<ExecHandle | undefined> {
    const started = await this.#started;
    if (isHandle(started)) return started;
    if (started.failed) throw started.error;
    return undefined;
  }
}

function isHandle(started: ExecHandle | NeverStarted): started is ExecHandle {
  return !('failed' in started);
}
