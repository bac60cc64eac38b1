import { randomUUID } from 'node:crypto';
import {
  type ContainerDriver,
  ContainerTimeoutError,
  DriverUnavailableError,
  type ExecHandle,
  type ExecResult,
  type OutputChunk,
  ValidationError,
} from '@berth/core';
import { ReplaySubject, type Subscription } from 'rxjs';
import { ReplyParser } from '../context/reply-parser.js';
import { encodeRunnerKill, encodeRunnerRequest, parseRunnerEvent, type RunnerRequest } from './runner-protocol.js';
import { PYTHON_RUNNER_SCRIPT } from './runner-script.js';
import { encodeStartupEnv } from './startup-env.js';

/** Where a {@link CodeRunner} lives and how it is bounded. */
export interface CodeRunnerOptions {
  /** The driver (any: the runner speaks over `execStream`). */
  driver: ContainerDriver;
  /** The container. */
  containerId: string;
  /** How long the runner may take to say `ready`, ms. Default 15 000. */
  startTimeoutMs?: number;
  /** How long past its own timeout a run may stay unanswered before the runner is killed, ms. Default 5 000. */
  answerGraceMs?: number;
  /** Most unframed bytes the runner's stdout may hold before it is a protocol error. Default 1 MiB. */
  maxPendingChars?: number;
  /**
   * The runner's startup env: `PYTHON*`, `LANG`, `LC_*` values it is started with (over the container's), so its
   * forks run `python3` files whose env has exactly these as a fresh interpreter would (see `CodeRunners`).
   * Default: none.
   */
  startupEnv?: Readonly<Record<string, string>>;
  /**
   * argv that starts the runner, given the script, the reply delimiter and the startup env as the script's third
   * argument ({@link encodeStartupEnv}). Default `python3 -c <script> <delimiter> <startup env>`.
   */
  command?: (script: string, delimiter: string, startupEnv: string) => string[];
}

/**
 * The default argv of the runner. No `-u`: the runner writes with `os.write` only, and the forks it runs `python3`
 * files in keep the buffered stdio a fresh `python3 <file>` has.
 */
const PYTHON_RUNNER_COMMAND = (script: string, delimiter: string, startupEnv: string): string[] => [
  'python3',
  '-c',
  script,
  delimiter,
  startupEnv,
];

/** The longest delay `setTimeout` takes (a longer one fires at once). */
const MAX_TIMER_MS = 2_147_483_647;

interface PendingRun {
  handle: RunnerExecHandle;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A small runner process in a container (see {@link PYTHON_RUNNER_SCRIPT}), started once over one
 * `execStream` and spoken to over its stdin/stdout with the context interpreters' framing (`ReplyParser`), so a
 * code run costs a line each way instead of Engine round trips: the runner writes the code file and forks the
 * interpreter. A run past its timeout has its process group killed by the runner (`timedOut`, exit 137); a run
 * left unanswered `answerGraceMs` longer, output that breaks the framing, or the runner's exit fail the pending
 * runs with `DriverUnavailableError` and close the runner for good ({@link closed}; start a new one).
 *
 * @example
 * ```ts
 * const runner = new CodeRunner({ driver, containerId });
 * await runner.start();
 * const r = await runner.run({ path: 'run-1.py', content: 'print(1)', mode: 0o644, command: ['python3', 'run-1.py'], env: {}, stdin: undefined, timeoutMs: 5000 }).exit;
 * ```
 */
export class CodeRunner {
  private handle: ExecHandle | undefined;
  private subscription: Subscription | undefined;
  private starting: Promise<void> | undefined;
  private readonly pending = new Map<number, PendingRun>();
  private nextId = 1;
  #closed = false;
  #cannotRun = false;
  #ready = false;

  /** @param options - driver, container and bounds. */
  constructor(private readonly options: CodeRunnerOptions) {}

  /**
   * `true` when the runner cannot run in this container: it exited before its `ready` (no Python, say) or did not
   * say `ready` in time — unlike the driver failing to start it at all (a container not ready yet), worth no retry.
   */
  get cannotRun(): boolean {
    return this.#cannotRun;
  }

  /** `true` once the runner has exited or was closed (it never restarts; make a new one). */
  get closed(): boolean {
    return this.#closed;
  }

  /** `true` while a run it was given has not been answered. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** The startup env it was started with (`{}` for none). */
  get startupEnv(): Readonly<Record<string, string>> {
    return this.options.startupEnv ?? {};
  }

  /**
   * Starts the runner and waits for its `ready`; rejects with `DriverUnavailableError` when it exits first (no
   * Python in the image, say) or `ContainerTimeoutError` after `startTimeoutMs` (the runner is then killed).
   */
  start(): Promise<void> {
    if (this.starting === undefined) this.starting = this.launch();
    return this.starting;
  }

  /**
   * Runs one request; the handle's `output$` and `exit` behave as `execStream`'s (its stdin is the request's
   * `stdin`, so `write` rejects and `end` does nothing). `exit` rejects with `DriverUnavailableError` when the
   * runner dies or stops answering.
   */
  run(req: RunnerRequest): ExecHandle {
    const handle = this.handle;
    const id = this.nextId++;
    const run = new RunnerExecHandle(() => this.kill(id));
    if (this.#closed || handle === undefined) {
      run.fail(new DriverUnavailableError('code runner is not running', this.errorContext()));
      return run;
    }
    const timer = setTimeout(
      () => this.fail(`code runner did not answer run ${id} within its timeout`),
      Math.min(req.timeoutMs + (this.options.answerGraceMs ?? 5000), MAX_TIMER_MS),
    );
    this.pending.set(id, { handle: run, timer });
    handle.write(encodeRunnerRequest(id, req)).catch((err: unknown) => this.fail('code runner stdin failed', err));
    return run;
  }

  /** Kills the runner (and, as its stdin closes, every run it still has); pending runs reject. */
  async close(): Promise<void> {
    const handle = this.handle;
    this.fail('code runner was closed');
    await handle?.kill().catch(() => undefined);
  }

  private launch(): Promise<void> {
    const { driver, containerId } = this.options;
    const delimiter = `@@BERTH-RUN-${randomUUID()}@@`;
    const parser = new ReplyParser(delimiter);
    const startupEnv = this.startupEnv;
    const command = (this.options.command ?? PYTHON_RUNNER_COMMAND)(
      PYTHON_RUNNER_SCRIPT,
      delimiter,
      encodeStartupEnv(startupEnv),
    );
    const handle = driver.execStream(containerId, {
      command,
      ...(Object.keys(startupEnv).length === 0 ? {} : { env: { ...startupEnv } }),
    });
    this.handle = handle;
    const decoder = new TextDecoder();
    const maxPending = this.options.maxPendingChars ?? 1024 * 1024;
    let stderr = '';
    return new Promise<void>((resolve, reject) => {
      const timeoutMs = this.options.startTimeoutMs ?? 15_000;
      const timer = setTimeout(() => {
        this.#cannotRun = true;
        reject(new ContainerTimeoutError('code runner start', timeoutMs, { containerId }));
        void this.close();
      }, timeoutMs);
      const ready = () => {
        this.#ready = true;
        clearTimeout(timer);
        resolve();
      };
      this.subscription = handle.output$.subscribe({
        next: (chunk) => {
          if (chunk.stream === 'stderr') {
            if (stderr.length < 2000) stderr += decoder.decode(chunk.data);
            return;
          }
          for (const { line } of parser.feed(decoder.decode(chunk.data, { stream: true }))) this.dispatch(line, ready);
          if (parser.pending.length > maxPending)
            this.fail(`code runner wrote ${maxPending}+ chars outside its framing`);
        },
        error: () => undefined, // `exit` rejects with the same failure
      });
      handle.exit.then(
        (r) => {
          clearTimeout(timer);
          if (!this.#ready) this.#cannotRun = true;
          const why = `code runner exited with ${r.exitCode}: ${(stderr + r.stderr).trim().slice(0, 2000)}`;
          reject(new DriverUnavailableError(why, this.errorContext()));
          this.fail(why);
        },
        (err: unknown) => {
          clearTimeout(timer);
          const why = `code runner failed: ${err instanceof Error ? err.message : String(err)}`;
          reject(new DriverUnavailableError(why, { ...this.errorContext(), cause: err }));
          this.fail(why, err);
        },
      );
    });
  }

  private dispatch(line: string, ready: () => void): void {
    const event = parseRunnerEvent(line);
    if (event === null) return;
    if (event.kind === 'ready') {
      ready();
      return;
    }
    const run = this.pending.get(event.id);
    if (run === undefined) return;
    if (event.kind === 'done') {
      clearTimeout(run.timer);
      this.pending.delete(event.id);
      run.handle.finish(event.exitCode, event.timedOut);
    } else run.handle.push({ stream: event.kind === 'out' ? 'stdout' : 'stderr', data: event.data });
  }

  private kill(id: number): Promise<void> {
    if (!this.pending.has(id) || this.handle === undefined) return Promise.resolve();
    return this.handle.write(encodeRunnerKill(id)).catch(() => undefined);
  }

  /** Closes the runner for good: every pending run rejects with `DriverUnavailableError(why)`. */
  private fail(why: string, cause?: unknown): void {
    if (!this.#closed) {
      this.#closed = true;
      const handle = this.handle;
      if (handle !== undefined) void handle.kill().catch(() => undefined);
    }
    this.subscription?.unsubscribe();
    const err = new DriverUnavailableError(why, { ...this.errorContext(), ...(cause === undefined ? {} : { cause }) });
    for (const run of this.pending.values()) {
      clearTimeout(run.timer);
      run.handle.fail(err);
    }
    this.pending.clear();
  }

  private errorContext(): { containerId: string; operation: string } {
    return { containerId: this.options.containerId, operation: 'executeCode' };
  }
}

/** The {@link ExecHandle} of one runner run: output pushed as the runner sends it, `exit` on its `done`. */
class RunnerExecHandle implements ExecHandle {
  readonly output$ = new ReplaySubject<OutputChunk>();
  readonly exit: Promise<ExecResult>;
  readonly #started = Date.now();
  readonly #text = { stdout: [] as string[], stderr: [] as string[] };
  readonly #decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  #resolve: (r: ExecResult) => void = () => undefined;
  #reject: (e: unknown) => void = () => undefined;

  constructor(private readonly onKill: () => Promise<void>) {
    this.exit = new Promise<ExecResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.exit.catch(() => undefined);
  }

  push(chunk: OutputChunk): void {
    this.#text[chunk.stream].push(this.#decoders[chunk.stream].decode(chunk.data, { stream: true }));
    this.output$.next(chunk);
  }

  finish(exitCode: number, timedOut: boolean): void {
    const text = (s: 'stdout' | 'stderr') => this.#text[s].join('') + this.#decoders[s].decode();
    this.output$.complete();
    this.#resolve({
      exitCode,
      stdout: text('stdout'),
      stderr: text('stderr'),
      durationMs: Date.now() - this.#started,
      timedOut,
    });
  }

  fail(err: unknown): void {
    this.output$.error(err);
    this.#reject(err);
  }

  write(): Promise<void> {
    return Promise.reject(
      new ValidationError([{ path: 'stdin', message: 'a runner run takes its stdin with the request' }]),
    );
  }

  end(): Promise<void> {
    return Promise.resolve();
  }

  kill(): Promise<void> {
    return this.onKill();
  }
}
