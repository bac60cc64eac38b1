import {
  type ContainerDriver,
  DeferredExecHandle,
  DriverUnavailableError,
  type ExecHandle,
  type ExecResult,
  type ExecSpec,
  isBerthError,
  KILLED_BEFORE_START,
  type OutputChunk,
  SessionNotFoundError,
  ValidationError,
} from '@berth/core';
import { type CodeResult, codeFile, type ExecuteCodeRequest, OutputCollector } from '../code/index.js';
import { SessionDeadError } from '../errors/index.js';
import {
  assertAlive,
  publishLine,
  publishLines,
  type SessionRecord,
  type SessionRegistry,
  touch,
} from '../registry/index.js';
import type { CodeRunners } from '../runner/index.js';
import { type OutputLineSink, streamOutputLines } from './stream-output-lines.js';

/** What a {@link RunTracker} needs. */
export interface RunTrackerDeps {
  /** The driver runs go through. */
  driver: ContainerDriver;
  /** Where run events are emitted. */
  registry: SessionRegistry;
  /** Called when a failure turns out to be the container's death. */
  markDead(rec: SessionRecord): void;
  /**
   * The containers' code runners: with them `executeCode` runs through the session's runner (no Engine round
   * trip per run) wherever one can start, else (and without them) through `putFiles` + `execStream`.
   */
  runners?: CodeRunners;
}

/**
 * Runs work in a session's container as tracked runs: the session turns `busy` and back, `executing` /
 * `completed` / `failed` events are emitted, activity is recorded, output lines go to the session's log,
 * and a failure is classified (a stopped container marks the session dead and becomes `SessionDeadError`).
 *
 * @example
 * ```ts
 * const runs = new RunTracker({ driver, registry, markDead: (rec) => teardown.markDead(rec) });
 * const result = await runs.track(rec, 'exec', () => runs.stream(rec, { command: ['ls'] }));
 * ```
 */
export class RunTracker {
  constructor(private readonly deps: RunTrackerDeps) {}

  /**
   * Runs one unit of work as a tracked run: status, events, activity, dead-container detection. With
   * `publishResult` the result's output goes to the log at the end (context runs, whose output is known
   * only when the reply arrives); the other runs publish their lines live.
   */
  async track(
    rec: SessionRecord,
    operation: string,
    work: () => Promise<ExecResult>,
    publishResult = false,
  ): Promise<ExecResult> {
    const { registry } = this.deps;
    rec.session.status = 'busy';
    touch(rec);
    registry.emit('executing', rec, { operation });
    try {
      const result = await work();
      if (publishResult) {
        publishLines(rec.logs, 'stdout', result.stdout);
        publishLines(rec.logs, 'stderr', result.stderr);
      }
      registry.emit('completed', rec, { operation, result });
      return result;
    } catch (err) {
      const error = await this.classifyFailure(rec, err);
      registry.emit('failed', rec, { operation, error });
      throw error;
    } finally {
      if (rec.session.status === 'busy') rec.session.status = 'ready';
      touch(rec);
    }
  }

  /**
   * Runs code as a tracked `executeCode` run: its session's next `run-<n>.<ext>` file (see {@link codeFile}) is
   * written and run by the container's code runner for the run's env when it has one (see `CodeRunners`: the
   * env's `PYTHON*`, `LANG`, `LC_*` pick a runner started with them, so `python3` stays a warm fork), else written with
   * `putFiles` and run with {@link stream}; `timeoutMs` defaults to `defaultTimeoutMs`. Either way each output
   * line goes to the log live (and each piece to `req.onStdout`/`req.onStderr`) and a timeout kills the run's
   * process tree (`timedOut: true`). A runner that dies
   * mid-run fails the run with `DriverUnavailableError` (or `SessionDeadError` when the container died); the
   * next run starts a new runner.
   */
  runCode(rec: SessionRecord, req: ExecuteCodeRequest, defaultTimeoutMs: number): Promise<CodeResult> {
    rec.runs += 1;
    const { file, command } = codeFile(req, rec.runs);
    const { containerId } = rec.session;
    const output = new OutputCollector();
    const live = liveCallbacks(req);
    const onChunk = (chunk: OutputChunk) => {
      output.add(chunk);
      live?.(chunk);
    };
    const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
    const env = { ...rec.session.env, ...(req.env ?? {}) };
    return this.track(rec, 'executeCode', async () => {
      // a python run's startup env picks its runner; other languages' runs are exec'ed by the plain one
      const runner = await this.deps.runners?.acquire(containerId, req.language === 'python' ? env : {});
      if (runner !== undefined) {
        const handle = runner.run({
          path: file.path,
          content: typeof file.content === 'string' ? file.content : Buffer.from(file.content).toString('utf8'),
          mode: file.mode ?? 0o644,
          command,
          env,
          stdin: req.stdin,
          timeoutMs,
        });
        const result = await streamOutputLines(handle, this.sink(rec), false, onChunk);
        return { ...result, output: output.text() };
      }
      await this.deps.driver.putFiles(containerId, [file]);
      const spec: ExecSpec = {
        command,
        ...(req.env === undefined ? {} : { env: req.env }),
        timeoutMs,
        ...(req.stdin === undefined ? {} : { stdin: req.stdin }),
      };
      const result = await this.stream(rec, spec, onChunk);
      return { ...result, output: output.text() };
    }) as Promise<CodeResult>;
  }

  private sink(rec: SessionRecord): OutputLineSink {
    return (stream, text) => publishLine(rec, stream, text);
  }

  /**
   * Runs `spec` in the session's container through `execStream` (the session's env under `spec.env`), each
   * output line going to the log live (and every raw chunk to `onChunk`, when given). Without `spec.stdin` the command's stdin is closed at once.
   */
  stream(rec: SessionRecord, spec: ExecSpec, onChunk?: (chunk: OutputChunk) => void): Promise<ExecResult> {
    const handle = this.deps.driver.execStream(rec.session.containerId, withSessionEnv(rec, spec));
    const sink: OutputLineSink = (stream, text) => publishLine(rec, stream, text);
    return streamOutputLines(handle, sink, spec.stdin === undefined, onChunk);
  }

  /**
   * Queues a streaming command as a tracked run and hands its handle out at once: `write`/`end` wait
   * until it starts; `kill()` while it is queued means it never starts (`exitCode: 137`). Output lines
   * go to the log live; stdin stays open until `end()`; the session's env is added under `spec.env`. When its turn comes, a session that is gone by
   * then rejects `exit` with `SessionDeadError` / `SessionNotFoundError`.
   */
  streamQueued(rec: SessionRecord, spec: ExecSpec): ExecHandle {
    const deferred = new DeferredExecHandle();
    const run = rec.queue.run(async () => {
      if (deferred.killedBeforeStart) return { ...KILLED_BEFORE_START };
      assertAlive(rec);
      return this.track(rec, 'execStream', async () => {
        const handle = this.deps.driver.execStream(rec.session.containerId, withSessionEnv(rec, spec));
        deferred.attach(handle);
        return streamOutputLines(handle, (stream, text) => publishLine(rec, stream, text), false);
      });
    });
    deferred.settle(run);
    return deferred;
  }

  /** Turns a driver failure into the error the caller should see, marking the session dead when its container is. */
  async classifyFailure(rec: SessionRecord, err: unknown): Promise<Error> {
    const { id, containerId } = rec.session;
    if (rec.cleaning !== undefined) return new SessionNotFoundError(id, { containerId, cause: err });
    if (
      isBerthError(err) &&
      (err.code === ValidationError.code || err.code === 'BERTH_FILE_NOT_FOUND' || err.code === SessionDeadError.code)
    )
      return err;
    const container = await this.deps.driver.getContainer(containerId).catch(() => undefined);
    if (container === null || (container !== undefined && container.state !== 'running')) {
      this.deps.markDead(rec);
      return new SessionDeadError(id, { containerId, cause: err });
    }
    if (isBerthError(err)) return err;
    return new DriverUnavailableError(`session ${id}: ${err instanceof Error ? err.message : String(err)}`, {
      containerId,
      cause: err,
    });
  }
}

/**
 * A chunk handler handing each piece of output, decoded per stream, to the request's `onStdout`/`onStderr`
 * (`undefined` when it has neither). A callback that throws is ignored: it must not break the run.
 */
function liveCallbacks(req: ExecuteCodeRequest): ((chunk: OutputChunk) => void) | undefined {
  const { onStdout, onStderr } = req;
  if (onStdout === undefined && onStderr === undefined) return undefined;
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  return (chunk) => {
    const callback = chunk.stream === 'stdout' ? onStdout : onStderr;
    if (callback === undefined) return;
    const text = decoders[chunk.stream].decode(chunk.data, { stream: true });
    if (text === '') return;
    try {
      callback(text);
    } catch {
      // a caller's callback cannot break the run
    }
  };
}

/** `spec` with the session's env under its own. */
function withSessionEnv(rec: SessionRecord, spec: ExecSpec): ExecSpec {
  return { ...spec, env: { ...rec.session.env, ...(spec.env ?? {}) } };
}
