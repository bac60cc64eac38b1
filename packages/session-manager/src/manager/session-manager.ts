import {
  type ContainerDriver,
  type ExecHandle,
  type ExecResult,
  type FileEntry,
  type LogLine,
  SessionNotFoundError,
  ValidationError,
  validateExecSpec,
} from '@berth/core';
import { defer, type Observable, throwError } from 'rxjs';
import { type CodeResult, type ExecuteCodeRequest, validateExecuteCodeRequest } from '../code/index.js';
import {
  type ContextLanguage,
  type ContextRunResult,
  type CreateContextOptions,
  type SessionContextInfo,
  validateCreateContext,
  validateRunInContext,
} from '../context/index.js';
import { ContextNotFoundError } from '../errors/index.js';
import { newOwnerId } from '../lifecycle/index.js';
import {
  type ResolvedSessionManagerOptions,
  resolveSessionManagerOptions,
  type SessionManagerOptions,
} from '../options/index.js';
import type { RecoveryReport } from '../recovery/index.js';
import { snapshotSession, touch } from '../registry/index.js';
import {
  type CreateSessionOptions,
  type CreateSessionWaitOptions,
  type Session,
  type SessionEvent,
  type SessionFilter,
  validateCreateSessionOptions,
} from '../session/index.js';
import { contextLogSink } from './context-log-sink.js';
import {
  createSessionManagerCollaborators,
  type SessionManagerCollaborators,
} from './session-manager-collaborators.js';
import type { DisposeOptions, RunInContextOptions, SessionExecSpec } from './session-manager-types.js';

/**
 * Agent sessions on any {@link ContainerDriver}: one running container per session, code runs serialised
 * per session and parallel across sessions, stateful interpreter contexts, TTL and idle reaping, a warm
 * pool, and crash recovery from container labels.
 *
 * Start-up: {@link start} recovers containers left by earlier managers (adopts its own, reaps expired ones
 * and ones whose owner process is gone) and starts the reaper and pool. The methods that create, run in or look
 * up sessions call it lazily, so calling it yourself is optional (do it to see the {@link RecoveryReport});
 * `execStream` and `logs$` do not (they need a session the manager already knows).
 *
 * A facade over named collaborators (wired in `session-manager-collaborators.ts`): sessions
 * are made by the `SessionFactory`, held in the `SessionRegistry`, run through the `RunTracker`, ended by the
 * `SessionTeardown`, expired by the `SessionReaper`; contexts live in the `ContextRegistry`; start-up
 * (recovery) and dispose are the `SessionManagerLifecycle`'s.
 *
 * @example
 * ```ts
 * import { LocalDriver } from '@berth/driver-local';
 * import { SessionManager } from '@berth/session-manager';
 *
 * const manager = new SessionManager(new LocalDriver({ home: '/tmp/berth-home' }), { maxSessions: 4 });
 * const session = await manager.createSession({ agentType: 'python' });
 * const run = await manager.executeCode(session.id, { language: 'python', code: 'print(6 * 7)' });
 * console.log(run.stdout); // "42\n"
 * await manager.dispose();
 * ```
 */
export class SessionManager {
  /** This instance's id, written to every container's `berth.owner` label. */
  readonly ownerId: string;
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<ResolvedSessionManagerOptions>;
  /** Session lifecycle and run events (hot; subscribe before acting). Completes on {@link dispose}. */
  readonly events$: Observable<SessionEvent>;

  private readonly parts: SessionManagerCollaborators;

  /**
   * @param driver - the backend; the manager does not dispose it.
   * @param options - validated with zod (`ValidationError` listing every bad field).
   */
  constructor(
    readonly driver: ContainerDriver,
    options: SessionManagerOptions = {},
  ) {
    this.options = resolveSessionManagerOptions(options, driver.name);
    this.ownerId = this.options.ownerId ?? newOwnerId();
    this.parts = createSessionManagerCollaborators(driver, this.ownerId, this.options);
    this.events$ = this.parts.registry.events$;
  }

  /**
   * Creates a manager and runs {@link start}.
   *
   * @example
   * ```ts
   * const manager = await SessionManager.create(driver, { warmPool: { host: 2 } });
   * ```
   */
  static async create(driver: ContainerDriver, options: SessionManagerOptions = {}): Promise<SessionManager> {
    const manager = new SessionManager(driver, options);
    await manager.start();
    return manager;
  }

  /**
   * Recovers containers (see {@link RecoveryReport}), starts the reaper (an `unref()`ed interval) and
   * the warm pool's filling (in the background; await {@link warmUp} to wait for it). Idempotent; every
   * other method calls it lazily.
   *
   * @example
   * ```ts
   * const report = await manager.start();
   * console.log(`adopted ${report.adopted.length}, reaped ${report.reaped.length}`);
   * ```
   */
  start(): Promise<RecoveryReport> {
    return this.parts.lifecycle.start();
  }

  /**
   * Starts the manager and waits until the warm pool holds its configured number of containers.
   *
   * @example
   * ```ts
   * const manager = new SessionManager(driver, { warmPool: { host: 2 } });
   * await manager.warmUp(); // the next two createSession calls take a running container
   * ```
   */
  async warmUp(): Promise<void> {
    await this.start();
    await this.parts.warmPool.fill();
  }

  /** Idle warm containers for `image` right now. */
  warmPoolAvailable(image: string): number {
    return this.parts.warmPool.available(image);
  }

  /**
   * Creates a session and resolves once it is `ready`: one running container that has answered, registered
   * (`created` then `ready` on {@link events$}), its session's `env` kept for every run (it is applied to each
   * `executeCode`, `exec` and context, not to the container).
   *
   * - **Validation and slot**: the options are validated first (`ValidationError` listing every bad field); the
   *   image is the session's own, its agent type's, that of its first agent capability with one, or the default
   *   (`ValidationError` when none). With `maxSessions` reached it throws `SessionLimitError`, or waits up to
   *   `wait.waitMs` for a slot; `wait.signal` aborts the wait and the creation.
   * - **Warm pool**: when the image is pooled and the session asks for nothing the pool containers lack (default
   *   resources, no Linux or agent capabilities, no own labels) it takes an idle pool container, already started
   *   with its code runner, and answers at once (`fromWarmPool: true`); its real lifetimes are written into the
   *   container for recovery, and a runner for its env's `PYTHON*`/`LANG`/`LC_*` (when it sets any) is started,
   *   in the background.
   * - **Otherwise** it creates a container labelled for recovery (owner, expiry, agent type, capabilities), starts
   *   it, and starts the session's code runner there (not on the mock driver; with `PYTHON*`/`LANG`/`LC_*` in the
   *   session's env, also the runner started with them, see {@link executeCode}): the runner's `ready` is the
   *   container's answer. The readiness probe — an exec of `true`, retried with backoff up to
   *   `readinessTimeoutMs` — runs only when the runner cannot start (no Python in the image) or has not answered
   *   within a second. A failure removes the container, frees the slot, emits `failed` and rethrows.
   *
   * @example
   * ```ts
   * const s = await manager.createSession({ agentType: 'python', env: { DEBUG: '1' } }, { waitMs: 10_000 });
   * ```
   */
  async createSession(options: CreateSessionOptions, wait: CreateSessionWaitOptions = {}): Promise<Session> {
    const opts = validateCreateSessionOptions(options);
    await this.start();
    const { factory, slots } = this.parts;
    const image = factory.imageFor(opts);
    await slots.acquire(wait.waitMs ?? 0, wait.signal);
    try {
      return await factory.create(opts, image, wait.signal);
    } catch (err) {
      slots.release();
      throw err;
    }
  }

  /**
   * Runs code in the session: the code is written to a file in the container (`run-<n>.<ext>` in the
   * session's working directory `workDir`, never spliced into a shell command) and run from there as
   * `python3 <file>`, `node <file>` or `sh <file>`, with the session's `env` and the request's over it. TypeScript
   * is transpiled on the host (`typescript`'s `transpileModule`, no type check) and runs as CommonJS JavaScript with
   * `node`. On real drivers the container's code runner (one process started with the session, spoken to over a
   * stream the manager holds) writes the file and starts the run — no Engine round trip per run — and a `python3`
   * run is a fork of that warm runner set up as a fresh interpreter; a Python run whose env (the session's, or the
   * request's over it) sets `PYTHON*`, `LANG` or `LC_*` runs on a runner started with those values, so the code
   * sees what a fresh `python3` with that env sees (names a fork cannot repeat, such as `PYTHONVERBOSE`, get a
   * fresh interpreter). Where no runner can start (no Python), the file is written with `putFiles` and run with an
   * exec.
   * Runs of one session are serialised; a timeout kills the run's process tree (`timedOut: true`, exit code 137)
   * and the session stays usable. The seed's `timeout` is accepted for `timeoutMs`; the result carries the seed's
   * `output` (stdout and stderr together, as written, in arrival order) beside `stdout` and `stderr`.
   *
   * @example
   * ```ts
   * const r = await manager.executeCode(id, { language: 'javascript', code: 'console.log(1 + 1)' });
   * // { exitCode: 0, stdout: '2\n', stderr: '', output: '2\n', durationMs: 41, timedOut: false }
   * ```
   */
  async executeCode(sessionId: string, request: ExecuteCodeRequest): Promise<CodeResult> {
    const req = validateExecuteCodeRequest(request);
    return this.parts.access.queued(sessionId, (rec) => this.parts.runs.runCode(rec, req, this.options.codeTimeoutMs));
  }

  /**
   * Runs a command (argv, no shell unless you call one) in the session, serialised with its other runs.
   * The session's env is added under `spec.env`; `timeoutMs` defaults to `codeTimeoutMs`.
   *
   * @example
   * ```ts
   * const { stdout } = await manager.exec(id, { command: ['ls', '-la', '/tmp'] });
   * ```
   */
  async exec(sessionId: string, spec: SessionExecSpec): Promise<ExecResult> {
    validateExecSpec(spec);
    return this.parts.access.queued(sessionId, (rec) =>
      this.parts.runs.track(rec, 'exec', () =>
        this.parts.runs.stream(rec, { ...spec, timeoutMs: spec.timeoutMs ?? this.options.codeTimeoutMs }),
      ),
    );
  }

  /**
   * Starts a streaming command in the session. It is a run like the others: it waits in the session's
   * queue, and the session's next run starts only once its `exit` has settled (so a long-lived process
   * blocks the session until it exits or is killed). The handle is returned at once: `write`/`end` wait
   * until the command starts, `kill()` on a still-queued command makes sure it never starts
   * (`exitCode: 137`). No default timeout (pass `timeoutMs`); stdin stays open until `end()` unless
   * `stdin` is given. Its output lines go to {@link logs$} as they arrive. The session must exist
   * already (so the manager has started); `exit` rejects with `SessionDeadError` when the container is gone.
   *
   * @example
   * ```ts
   * const h = manager.execStream(id, { command: ['sh', '-c', 'for i in 1 2 3; do echo $i; sleep 1; done'] });
   * h.output$.subscribe((c) => process.stdout.write(c.data));
   * await h.exit;
   * ```
   */
  execStream(sessionId: string, spec: SessionExecSpec): ExecHandle {
    validateExecSpec(spec);
    const rec = this.parts.access.live(sessionId);
    touch(rec);
    return this.parts.runs.streamQueued(rec, spec);
  }

  /**
   * Writes files into the session's container (parents created).
   *
   * @example
   * ```ts
   * await manager.uploadFiles(id, [{ path: '/tmp/data.csv', content: 'a,b\n1,2\n' }]);
   * ```
   */
  async uploadFiles(sessionId: string, files: FileEntry[]): Promise<void> {
    await this.parts.access.direct(sessionId, (containerId) => this.driver.putFiles(containerId, files));
  }

  /**
   * Reads one file from the session's container. A missing file rejects with `FileNotFoundError`.
   *
   * @example
   * ```ts
   * const bytes = await manager.downloadFile(id, '/tmp/out.png');
   * ```
   */
  async downloadFile(sessionId: string, path: string): Promise<Uint8Array> {
    return this.parts.access.direct(sessionId, (containerId) => this.driver.getFile(containerId, path));
  }

  /**
   * The session's log: stdout and stderr lines of every run, live — each line of `executeCode`, `exec`
   * and `execStream` as soon as the process writes it (an unfinished last line when the run exits);
   * `runInContext` output as the interpreter sends it. Replays the last 1000 lines to a new
   * subscriber. Completes when the session is cleaned up; errors with `SessionNotFoundError` for an
   * unknown session.
   *
   * @example
   * ```ts
   * manager.logs$(id).subscribe((line) => console.log(`[${line.stream}] ${line.text}`));
   * ```
   */
  logs$(sessionId: string): Observable<LogLine> {
    return defer(() => {
      const rec = this.parts.registry.get(sessionId);
      return rec === undefined ? throwError(() => new SessionNotFoundError(sessionId)) : rec.logs.asObservable();
    });
  }

  /**
   * A snapshot of the session; `SessionNotFoundError` when unknown (or already cleaned up).
   *
   * @example
   * ```ts
   * const { status, expiresAt } = await manager.getSession(id);
   * ```
   */
  async getSession(sessionId: string): Promise<Session> {
    await this.start();
    return snapshotSession(this.parts.registry.require(sessionId).session);
  }

  /**
   * Snapshots of the live sessions, oldest first.
   *
   * @example
   * ```ts
   * const dead = await manager.listSessions({ status: 'dead' });
   * ```
   */
  async listSessions(filter: SessionFilter = {}): Promise<Session[]> {
    await this.start();
    return this.parts.registry.list(filter);
  }

  /**
   * Removes the session's container (killing anything running in it), closes its contexts, completes its
   * `logs$` and frees its slot. `SessionNotFoundError` when unknown.
   *
   * @example
   * ```ts
   * await manager.cleanupSession(id);
   * ```
   */
  async cleanupSession(sessionId: string): Promise<void> {
    await this.start();
    await this.parts.teardown.cleanup(this.parts.registry.require(sessionId), 'cleanup');
  }

  /**
   * Cleans up every session; resolves with how many were cleaned.
   *
   * @example
   * ```ts
   * await manager.cleanupAll();
   * ```
   */
  async cleanupAll(): Promise<number> {
    await this.start();
    return this.parts.teardown.cleanupAll('cleanup');
  }

  /**
   * Opens a stateful interpreter context in the session — `python`, `javascript` (node `vm`), `typescript`
   * (transpiled on the host, then the JavaScript interpreter) or `bash` — with its own `cwd` and `env` (over the
   * session's): one long-lived interpreter, so variables survive between {@link runInContext} calls.
   *
   * @example
   * ```ts
   * const ctx = await manager.createContext(id, 'python', { cwd: '/tmp', env: { MODE: 'x' } });
   * await manager.runInContext(ctx.id, 'x = 41');
   * (await manager.runInContext(ctx.id, 'x + 1')).text; // '42'
   * ```
   */
  async createContext(
    sessionId: string,
    language: ContextLanguage = 'python',
    options: CreateContextOptions = {},
  ): Promise<SessionContextInfo> {
    const { language: lang, ...opts } = validateCreateContext(language, options);
    return this.parts.access.queued(sessionId, async (rec) => {
      touch(rec);
      try {
        return await this.parts.contexts.open(rec.session, lang, opts);
      } catch (err) {
        throw await this.parts.runs.classifyFailure(rec, err);
      }
    });
  }

  /**
   * Runs code in a context, notebook style: `executeCode`'s result plus the trailing expression's value as
   * `text`, an exception as `error` (`{ name, value, traceback }`, exit code 1) and `display()` outputs as MIME
   * bundles in `outputs`. Output goes to `onStdout`/`onStderr` and to {@link logs$} as the interpreter sends it.
   * A timeout interrupts the run (`timedOut: true`, exit code 130, Python `KeyboardInterrupt`) and the
   * context keeps its state (bash too: SIGINT to the run's processes); an interpreter that does not answer the
   * interrupt within its grace period is restarted (state lost).
   *
   * Code that ends the interpreter — bash `exit 3` (or `exit`, or `set -e` and a failing command), Python
   * `os._exit(3)`, Node `process.exit(3)` — ends the run as it ends a shell session: the result carries the exit
   * status as `exitCode`, the output sent before it and `interpreterExited: true`, and the context's state is
   * reset (the next run starts a fresh interpreter with the same language, `cwd` and `env`). It is no error;
   * only a container that is gone rejects (`SessionDeadError`). Python's `sys.exit(n)` ends the run with exit code
   * `n` and keeps the state, as in a notebook.
   *
   * @example
   * ```ts
   * const r = await manager.runInContext(ctx.id, 'import math; math.pi', { onStdout: (t) => process.stdout.write(t) });
   * r.text; // '3.141592653589793'
   * ```
   */
  async runInContext(contextId: string, code: string, options: RunInContextOptions = {}): Promise<ContextRunResult> {
    const { code: source, timeoutMs, onStdout, onStderr } = validateRunInContext(code, options);
    const { access, contexts, runs } = this.parts;
    return access.queued(
      () => access.live(contexts.require(contextId).info.sessionId),
      (rec) => {
        const { ctx } = contexts.require(contextId); // ContextNotFoundError when closed while queued
        const logs = contextLogSink(rec);
        return runs.track(rec, 'runInContext', async () => {
          try {
            return await ctx.run(source, {
              timeoutMs: timeoutMs ?? this.options.codeTimeoutMs,
              onStdout: (text) => {
                logs.push('stdout', text);
                onStdout?.(text);
              },
              onStderr: (text) => {
                logs.push('stderr', text);
                onStderr?.(text);
              },
            });
          } finally {
            logs.flush();
          }
        }) as Promise<ContextRunResult>;
      },
    );
  }

  /**
   * The open contexts, oldest first: every session's, or one's.
   *
   * @example
   * ```ts
   * const mine = manager.listContexts(session.id); // [{ id, sessionId, language, cwd? }]
   * ```
   */
  listContexts(sessionId?: string): SessionContextInfo[] {
    if (sessionId !== undefined && typeof sessionId !== 'string') {
      throw new ValidationError([{ path: 'sessionId', message: 'sessionId must be a string' }], {}, 'context');
    }
    return this.parts.contexts.list(sessionId);
  }

  /**
   * Kills a context's interpreter and starts a fresh one in the same language, `cwd` and `env`: every
   * variable is gone. Queued like a run. `ContextNotFoundError` when unknown.
   *
   * @example
   * ```ts
   * await manager.restartContext(ctx.id);
   * ```
   */
  async restartContext(contextId: string): Promise<SessionContextInfo> {
    const { access, contexts, runs } = this.parts;
    return access.queued(
      () => access.live(contexts.require(contextId).info.sessionId),
      async (rec) => {
        touch(rec);
        try {
          return await contexts.restart(contextId);
        } catch (err) {
          throw ContextNotFoundError.is(err) ? err : await runs.classifyFailure(rec, err);
        }
      },
    );
  }

  /**
   * Stops a context's interpreter. `ContextNotFoundError` when unknown.
   *
   * @example
   * ```ts
   * await manager.closeContext(ctx.id);
   * ```
   */
  async closeContext(contextId: string): Promise<void> {
    await this.parts.contexts.close(contextId);
  }

  /**
   * One reaper pass (the interval runs it every `reapIntervalMs`): expires sessions past their TTL or
   * idle timeout (a running or queued run counts as activity), removes expired pool containers and tops
   * the pool up. Overlapping calls share one pass.
   *
   * @example
   * ```ts
   * await manager.reap();
   * ```
   */
  reap(): Promise<void> {
    return this.parts.reaper.reap();
  }

  /**
   * Stops the reaper and driver-event subscription, closes contexts, removes the pool's containers and
   * (unless `keepSessions`) every session's container, and completes `events$`. The driver is not disposed.
   *
   * @example
   * ```ts
   * try { … } finally { await manager.dispose(); await driver.dispose(); }
   * ```
   */
  async dispose(options: DisposeOptions = {}): Promise<void> {
    await this.parts.lifecycle.dispose(options);
  }
}
