import { randomUUID } from 'node:crypto';
import type { ContainerDriver, ExecHandle, ExecResult } from '@berth/core';
import { ContainerTimeoutError, DriverUnavailableError } from '@berth/core';
import type { Subscription } from 'rxjs';
import { NODE_REPL_SCRIPT } from './node-repl-script.js';
import { PYTHON_REPL_SCRIPT } from './python-repl-script.js';
import { encodeRunRequest, parseRunReply, ReplyParser } from './reply-parser.js';

/** Languages with stateful contexts. */
export type ContextLanguage = 'python' | 'javascript';

/** The interpreter script and argv of each context language. */
export const CONTEXT_RUNTIMES: Readonly<
  Record<ContextLanguage, { script: string; extension: string; command: (p: string, d: string) => string[] }>
> = Object.freeze({
  python: { script: PYTHON_REPL_SCRIPT, extension: 'py', command: (p: string, d: string) => ['python3', '-u', p, d] },
  javascript: { script: NODE_REPL_SCRIPT, extension: 'js', command: (p: string, d: string) => ['node', p, d] },
});

interface PendingRun {
  resolve: (r: ExecResult) => void;
  reject: (e: unknown) => void;
  startedAt: number;
}

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
}

/**
 * A long-lived interpreter inside a container (one `execStream`), fed framed requests on stdin, so
 * variables survive between {@link run}s. A run that times out kills the interpreter: the next run starts
 * a fresh one (its state is lost) — `restarts` counts how often that happened.
 */
export class InterpreterContext {
  /** Times the interpreter was (re)started. */
  restarts = -1;
  private handle: ExecHandle | undefined;
  private subscription: Subscription | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, PendingRun>();
  private nextId = 1;
  private stray = '';
  private closed = false;

  /** @param options - driver, container, language and script path. */
  constructor(private readonly options: InterpreterContextOptions) {}

  /** Runs `code` in the persistent interpreter; resolves with the same shape as `executeCode`. */
  async run(code: string, timeoutMs: number): Promise<ExecResult> {
    if (this.closed) throw new DriverUnavailableError('context is closed');
    await this.ensureStarted();
    const handle = this.handle;
    if (handle === undefined) throw new DriverUnavailableError('context interpreter is not running');
    const id = this.nextId++;
    const startedAt = Date.now();
    const reply = new Promise<ExecResult>((resolve, reject) => this.pending.set(id, { resolve, reject, startedAt }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<ExecResult>((resolve) => {
      timer = setTimeout(() => {
        this.pending.delete(id);
        void this.stop();
        resolve({
          exitCode: 137,
          stdout: '',
          stderr: `context run timed out after ${timeoutMs} ms; the interpreter was restarted and its state lost\n`,
          durationMs: Date.now() - startedAt,
          timedOut: true,
        });
      }, timeoutMs);
    });
    try {
      await handle.write(encodeRunRequest(id, code));
      return await Promise.race([reply, timeout]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
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
    const { driver, containerId, language, scriptPath, env } = this.options;
    const delimiter = `@@BERTH-${randomUUID()}@@`;
    this.restarts += 1;
    const parser = new ReplyParser(delimiter);
    const handle = driver.execStream(containerId, {
      command: CONTEXT_RUNTIMES[language].command(scriptPath, delimiter),
      env,
    });
    this.handle = handle;
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    let stderrText = '';
    return new Promise<void>((resolve, reject) => {
      let started = false;
      this.subscription = handle.output$.subscribe({
        next: (chunk) => {
          const text = decoders[chunk.stream].decode(chunk.data, { stream: true });
          if (chunk.stream === 'stderr') {
            stderrText += text;
            return;
          }
          for (const { line, stray } of parser.feed(text)) {
            this.stray += stray;
            if (line === 'ready') {
              started = true;
              resolve();
              continue;
            }
            const reply = parseRunReply(line);
            const run = reply === null ? undefined : this.pending.get(reply.id);
            if (reply === null || run === undefined) continue;
            const stdout = this.stray + reply.stdout;
            const stderr = stderrText + reply.stderr;
            this.stray = '';
            stderrText = '';
            run.resolve({
              exitCode: reply.exitCode,
              stdout,
              stderr,
              durationMs: Date.now() - run.startedAt,
              timedOut: false,
            });
          }
        },
      });
      handle.exit.then(
        (result) =>
          this.onExit(
            handle,
            started ? undefined : reject,
            `context interpreter exited with ${result.exitCode}: ${(stderrText + result.stderr).trim().slice(0, 2000)}`,
          ),
        (err: unknown) =>
          this.onExit(handle, started ? undefined : reject, err instanceof Error ? err.message : String(err), err),
      );
    });
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

  private async stop(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.ready = undefined;
    this.subscription?.unsubscribe();
    if (handle === undefined) return;
    await handle.kill().catch(() => undefined);
  }
}
