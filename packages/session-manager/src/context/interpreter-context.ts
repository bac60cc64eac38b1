import { randomUUID } from 'node:crypto';
import type { ContainerDriver, ExecHandle } from '@berth/core';
import { ContainerNotFoundError, ContainerTimeoutError, DriverUnavailableError } from '@berth/core';
import type { Subscription } from 'rxjs';
import { encodeInterruptRequest, encodeRunRequest, parseContextEvent } from './context-protocol.js';
import type { ContextRunResult } from './context-result.js';
import { ContextRun, type ContextRunCallbacks } from './context-run.js';
import { CONTEXT_RUNTIMES, type ContextLanguage } from './context-runtimes.js';
import { ReplyParser } from './reply-parser.js';

/** Where a context's interpreter lives. */
export interface InterpreterContextOptions {
  /** The driver. */
  driver: ContainerDriver;
  /** The container. */
  containerId: string;
  /** Interpreter language. */
  language: ContextLanguage;
  /** Path of the interpreter script inside the container (already written there). */
  scriptPath: string;
  /** Environment of the interpreter. */
  env: Record<string, string>;
  /** Working directory the interpreter changes to (`''`: the container's). */
  cwd?: string;
  /** After an interrupt, how long the run may take to answer before the interpreter is killed, ms. Default 2000. */
  interruptGraceMs?: number;
}

/** Options of one {@link InterpreterContext.run}. */
export interface InterpreterRunOptions extends ContextRunCallbacks {
  /** After this many ms the run is interrupted (its state kept); see {@link InterpreterContext}. */
  timeoutMs: number;
}

/**
 * How long a container must keep running after its context interpreter died by a signal before that death counts as
 * the run's end (exit code 137, say) rather than the container's stop or removal, ms.
 */
const CONTAINER_SETTLE_MS = 1500;

interface PendingRun {
  run: ContextRun;
  resolve: (r: ContextRunResult) => void;
  reject: (e: unknown) => void;
  interrupted: boolean;
}

/**
 * A long-lived interpreter inside a container (one `execStream`), fed framed requests on stdin, so
 * variables survive between {@link run}s. A run past its timeout is **interrupted** (Python: SIGINT →
 * `KeyboardInterrupt`; JavaScript: `vm` timeout or a rejected await) and answers with `timedOut: true`,
 * exit code 130 and the interpreter's state kept (bash: SIGINT to the shell and its processes, the sourced run
 * left at its next command); only when it does not answer within the grace period (or the language cannot be
 * interrupted, see `ContextRuntime.interruptible`) is the interpreter killed — the next run starts a fresh one
 * (its state lost); `restarts` counts how often that happened.
 *
 * An interpreter that ends while a run is going — bash `exit 3` (or `exit`, `set -e` and a failing command),
 * Python `os._exit(3)`, Node `process.exit(3)` — ends that run the way a shell session ends: the run resolves with
 * the interpreter's exit status as `exitCode`, the output it sent, and `interpreterExited: true`, and the context's
 * state is reset: its next run starts a fresh interpreter (same language, `cwd` and `env`). Only when the
 * container itself is gone (or cannot be asked) does the run reject with `DriverUnavailableError`, which the
 * session manager turns into `SessionDeadError`; after a death by a signal (what a stop or removal does first, but
 * also an OOM kill or `kill -9 $$`) that takes watching the container for up to 1.5 s. Runs still queued behind it in the interpreter reject with
 * `DriverUnavailableError` (they never started). Python's `sys.exit(n)` is an exception, not an exit: the run
 * answers exit code `n` and the state is kept, as in a notebook.
 */
export class InterpreterContext {
  /** Times the interpreter was (re)started. */
  restarts = -1;
  private handle: ExecHandle | undefined;
  private subscription: Subscription | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, PendingRun>();
  private nextId = 1;
  private closed = false;

  /** @param options - driver, container, language and script path. */
  constructor(private readonly options: InterpreterContextOptions) {}

  /** Runs `code` in the persistent interpreter. */
  async run(code: string, options: InterpreterRunOptions): Promise<ContextRunResult> {
    if (this.closed) throw new DriverUnavailableError('context is closed');
    const runtime = CONTEXT_RUNTIMES[this.options.language];
    const source = runtime.prepare(code);
    await this.ensureStarted();
    const handle = this.handle;
    if (handle === undefined) throw new DriverUnavailableError('context interpreter is not running');
    const id = this.nextId++;
    const run = new ContextRun(options, Date.now());
    const timers: ReturnType<typeof setTimeout>[] = [];
    const reply = new Promise<ContextRunResult>((resolve, reject) => {
      const pending: PendingRun = { run, resolve, reject, interrupted: false };
      this.pending.set(id, pending);
      const kill = () => {
        this.pending.delete(id);
        void this.stop();
        run.output(
          'stderr',
          `context run timed out after ${options.timeoutMs} ms; the interpreter was restarted and its state lost\n`,
        );
        resolve(run.result(137, true));
      };
      timers.push(
        setTimeout(() => {
          pending.interrupted = true;
          if (!runtime.interruptible) return kill();
          handle.write(encodeInterruptRequest(id)).catch(() => undefined);
          timers.push(setTimeout(kill, this.options.interruptGraceMs ?? 2000));
        }, options.timeoutMs),
      );
    });
    try {
      await handle.write(encodeRunRequest(id, source, options.timeoutMs));
      return await reply;
    } finally {
      for (const t of timers) clearTimeout(t);
      this.pending.delete(id);
    }
  }

  /**
   * Starts the interpreter (if not running) and waits up to `timeoutMs` for its ready line; on timeout the
   * interpreter is killed and `ContainerTimeoutError` thrown.
   */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.closed) throw new DriverUnavailableError('context is closed');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void this.stop();
        reject(new ContainerTimeoutError('context start', timeoutMs, { containerId: this.options.containerId }));
      }, timeoutMs);
    });
    try {
      await Promise.race([this.ensureStarted(), timeout]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  /** Kills the interpreter and starts a fresh one (every variable is lost); a pending run rejects. */
  async restart(timeoutMs = 30_000): Promise<void> {
    await this.stop();
    await this.start(timeoutMs);
  }

  /** Stops the interpreter for good. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  private ensureStarted(): Promise<void> {
    if (this.ready === undefined) this.ready = this.launch();
    return this.ready;
  }

  private launch(): Promise<void> {
    const { driver, containerId, language, scriptPath, env, cwd } = this.options;
    const delimiter = `@@BERTH-${randomUUID()}@@`;
    this.restarts += 1;
    const parser = new ReplyParser(delimiter);
    const handle = driver.execStream(containerId, {
      command: CONTEXT_RUNTIMES[language].command(scriptPath, delimiter, cwd ?? ''),
      env,
    });
    this.handle = handle;
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    let startErr = '';
    return new Promise<void>((resolve, reject) => {
      let started = false;
      this.subscription = handle.output$.subscribe({
        next: (chunk) => {
          const text = decoders[chunk.stream].decode(chunk.data, { stream: true });
          if (chunk.stream === 'stderr') {
            if (!started) startErr += text;
            this.current()?.run.output('stderr', text); // written around the capture (fd 2)
            return;
          }
          for (const { line, stray } of parser.feed(text)) {
            this.current()?.run.output('stdout', stray);
            if (line.startsWith('ready')) {
              started = true;
              resolve();
              continue;
            }
            this.dispatch(line);
          }
        },
      });
      handle.exit.then(
        (result) => {
          const why = `context interpreter exited with ${result.exitCode}: ${(startErr + result.stderr).trim().slice(0, 2000)}`;
          if (started) void this.onEnded(handle, result.exitCode, why);
          else this.onExit(handle, reject, why);
        },
        (err: unknown) =>
          this.onExit(handle, started ? undefined : reject, err instanceof Error ? err.message : String(err), err),
      );
    });
  }

  /** The run the interpreter is busy with (runs are answered in order, so the oldest pending one). */
  private current(): PendingRun | undefined {
    return this.pending.values().next().value;
  }

  private dispatch(line: string): void {
    const event = parseContextEvent(line);
    if (event === null || event.kind === 'ready') return;
    const pending = this.pending.get(event.id);
    if (pending === undefined) return;
    if (event.kind === 'display') pending.run.display(event.bundle);
    else if (event.kind === 'done') {
      this.pending.delete(event.id);
      const timedOut = pending.interrupted || event.exitCode === 130;
      pending.resolve(pending.run.result(event.exitCode, timedOut, event.text, event.error));
    } else pending.run.output(event.kind === 'out' ? 'stdout' : 'stderr', event.text);
  }

  private onExit(
    handle: ExecHandle,
    rejectStart: ((e: unknown) => void) | undefined,
    why: string,
    cause?: unknown,
  ): void {
    const err = new DriverUnavailableError(why, {
      containerId: this.options.containerId,
      operation: 'runInContext',
      cause,
    });
    rejectStart?.(err);
    if (this.handle !== handle) return; // an interpreter we already stopped
    for (const run of this.pending.values()) run.reject(err);
    this.pending.clear();
    this.subscription?.unsubscribe();
    this.handle = undefined;
    this.ready = undefined;
  }

  /**
   * The interpreter ended by itself after its `ready`: with a run going, that run resolves with the exit status
   * (`interpreterExited: true`) as long as the container still runs; either way the next run starts a fresh
   * interpreter.
   */
  private async onEnded(handle: ExecHandle, exitCode: number, why: string): Promise<void> {
    if (this.handle !== handle) return; // an interpreter we already stopped
    const [current, ...queued] = [...this.pending.values()];
    if (current === undefined) {
      this.onExit(handle, undefined, why);
      return;
    }
    this.pending.clear();
    this.subscription?.unsubscribe();
    this.handle = undefined; // from here on, a run starts a fresh interpreter
    this.ready = undefined;
    const err = (message: string, cause?: unknown) =>
      new DriverUnavailableError(message, {
        containerId: this.options.containerId,
        operation: 'runInContext',
        ...(cause === undefined ? {} : { cause }),
      });
    for (const run of queued) run.reject(err(`${why} (before this run started)`));
    let running: boolean;
    try {
      running = await this.containerRuns(exitCode);
    } catch (cause) {
      current.reject(err(`${why}; the container could not be inspected`, cause));
      return;
    }
    if (!running) {
      current.reject(err(`${why}; the container is no longer running`));
      return;
    }
    current.resolve({ ...current.run.result(exitCode, current.interrupted), interpreterExited: true });
  }

  /**
   * Whether the container still runs after its interpreter ended with `exitCode`. A death by a signal (exit code
   * above 128) is also what stopping or removing the container does to it, before the container itself is seen to
   * stop: then the container must not exit within {@link CONTAINER_SETTLE_MS} either.
   */
  private async containerRuns(exitCode: number): Promise<boolean> {
    const { driver, containerId } = this.options;
    if ((await driver.getContainer(containerId))?.state !== 'running') return false;
    if (exitCode <= 128) return true;
    const settle = AbortSignal.timeout(CONTAINER_SETTLE_MS);
    try {
      await driver.waitContainer(containerId, { signal: settle });
      return false; // it exited
    } catch (err) {
      if (settle.aborted) return true;
      if (ContainerNotFoundError.is(err)) return false;
      throw err;
    }
  }

  private async stop(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.ready = undefined;
    this.subscription?.unsubscribe();
    for (const run of this.pending.values()) {
      run.reject(new DriverUnavailableError('context interpreter was stopped', { operation: 'runInContext' }));
    }
    this.pending.clear();
    if (handle === undefined) return;
    await handle.kill().catch(() => undefined);
  }
}
