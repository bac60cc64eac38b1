import { randomUUID } from 'node:crypto';
import {
  BERTH_LABELS,
  type ContainerDriver,
  ContainerNotFoundError,
  type ContainerSpec,
  DriverUnavailableError,
  type ExecHandle,
  type ExecResult,
  type ExecSpec,
  type FileEntry,
  isBerthError,
  type LogLine,
  type ResourceLimits,
  SessionNotFoundError,
  ValidationError,
  validateExecSpec,
} from '@berth/core';
import { defer, type Observable, Subject, type Subscription, throwError } from 'rxjs';
import {
  type ExecuteCodeRequest,
  LANGUAGE_RUNTIMES,
  transpileTypeScript,
  validateExecuteCodeRequest,
} from '../code/index.js';
import { SlotLimiter } from '../concurrency/index.js';
import { CONTEXT_RUNTIMES, type ContextLanguage, InterpreterContext } from '../context/index.js';
import { ContextNotFoundError, SessionDeadError } from '../errors/index.js';
import { DeferredExecHandle, KILLED_BEFORE_START, streamOutputLines } from '../exec/index.js';
import { newOwnerId, waitUntilReady } from '../lifecycle/index.js';
import {
  type ResolvedSessionManagerOptions,
  resolveSessionManagerOptions,
  type SessionManagerOptions,
} from '../options/index.js';
import { type PoolEntry, WarmPool } from '../pool/index.js';
import { MARKER_FILE, planRecovery, type SessionMarker } from '../recovery/index.js';
import {
  buildSessionLabels,
  type CreateSessionOptions,
  type CreateSessionWaitOptions,
  newSessionId,
  parseDateLabel,
  SESSION_LABELS,
  type Session,
  type SessionEvent,
  type SessionEventType,
  validateCreateSessionOptions,
} from '../session/index.js';
import type {
  DisposeOptions,
  RecoveryReport,
  RunInContextOptions,
  SessionContextInfo,
  SessionExecSpec,
  SessionFilter,
} from './session-manager-types.js';
import { newSessionRecord, publishLines, type SessionRecord, snapshotSession } from './session-record.js';

/** Main process of every session container: sleeps (about 24.8 days) until removed; runs happen via exec. */
export const SESSION_COMMAND: readonly string[] = Object.freeze(['sleep', '2147483']);

interface ContextEntry {
  ctx: InterpreterContext;
  info: SessionContextInfo;
}

/**
 * Agent sessions on any {@link ContainerDriver}: one running container per session, code runs serialised
 * per session and parallel across sessions, stateful interpreter contexts, TTL and idle reaping, a warm
 * pool, and crash recovery from container labels.
 *
 * Start-up: {@link start} recovers containers left by earlier managers (adopts its own, reaps expired ones
 * and ones whose owner process is gone) and starts the reaper and pool. Every method calls it lazily, so
 * calling it yourself is optional (do it to see the {@link RecoveryReport}).
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

  private readonly events = new Subject<SessionEvent>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly contexts = new Map<string, ContextEntry>();
  private readonly slots: SlotLimiter;
  private readonly pool: WarmPool;
  private startPromise: Promise<RecoveryReport> | undefined;
  private reaper: ReturnType<typeof setInterval> | undefined;
  private reaping: Promise<void> | undefined;
  private driverEvents: Subscription | undefined;
  private disposed = false;
  /** `true` once {@link start} succeeded (and until dispose). */
  private started = false;

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
    this.events$ = this.events.asObservable();
    this.slots = new SlotLimiter(this.options.maxSessions);
    this.pool = new WarmPool({
      sizes: this.options.pool,
      create: (image) => this.createPoolContainer(image),
      remove: (entry) => this.removeQuietly(entry.containerId),
    });
  }

  /**
   * Creates a manager and runs {@link start}.
   *
   * @example
   * ```ts
   * const manager = await SessionManager.create(driver, { pool: { host: 2 } });
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
    if (this.disposed) return Promise.reject(this.disposedError());
    if (this.startPromise === undefined) {
      this.startPromise = this.doStart();
      this.startPromise.then(
        () => {
          this.started = !this.disposed;
        },
        () => {
          this.startPromise = undefined;
        },
      );
    }
    return this.startPromise;
  }

  /**
   * Starts the manager and waits until the warm pool holds its configured number of containers.
   *
   * @example
   * ```ts
   * const manager = new SessionManager(driver, { pool: { host: 2 } });
   * await manager.warmUp(); // the next two createSession calls take a running container
   * ```
   */
  async warmUp(): Promise<void> {
    await this.start();
    await this.pool.fill();
  }

  /** Idle warm containers for `image` right now. */
  poolAvailable(image: string): number {
    return this.pool.available(image);
  }

  /**
   * Creates a session: a running container that answered the readiness probe (an exec of `true`,
   * retried with backoff). Takes a warm container from the pool when the image is pooled and the session
   * asks for nothing the pool containers lack (default resources, no capabilities, no own labels).
   * With `maxSessions` reached it throws `SessionLimitError`, or waits up to `wait.waitMs` for a slot.
   *
   * @example
   * ```ts
   * const s = await manager.createSession({ agentType: 'python', env: { DEBUG: '1' } }, { waitMs: 10_000 });
   * ```
   */
  async createSession(options: CreateSessionOptions, wait: CreateSessionWaitOptions = {}): Promise<Session> {
    const opts = validateCreateSessionOptions(options);
    await this.start();
    const image = opts.image ?? this.options.images[opts.agentType] ?? this.options.images.default;
    if (image === undefined) {
      throw new ValidationError(
        [{ path: 'image', message: `no image for agent type ${opts.agentType}; pass image or set images.default` }],
        {},
        'session options',
      );
    }
    await this.slots.acquire(wait.waitMs ?? 0, wait.signal);
    try {
      const entry = this.poolEligible(opts, image) ? this.pool.take(image) : undefined;
      return entry !== undefined
        ? this.sessionFromPool(entry, opts)
        : await this.createColdSession(opts, image, wait.signal);
    } catch (err) {
      this.slots.release();
      throw err;
    }
  }

  /**
   * Runs code in the session: the code is written to a file in the container (`run-<n>.<ext>` in the
   * session's working directory `workDir`, never spliced into a shell command) and run from there with
   * `python3`, `node` or `sh`. TypeScript is transpiled on
   * the host (`typescript`'s `transpileModule`, no type check) and runs as CommonJS JavaScript with `node`.
   * Runs of one session are serialised; a timeout kills the run (`timedOut: true`) and the session stays usable.
   *
   * @example
   * ```ts
   * const r = await manager.executeCode(id, { language: 'javascript', code: 'console.log(1 + 1)' });
   * // { exitCode: 0, stdout: '2\n', stderr: '', durationMs: 41, timedOut: false }
   * ```
   */
  async executeCode(sessionId: string, request: ExecuteCodeRequest): Promise<ExecResult> {
    const req = validateExecuteCodeRequest(request);
    if (!this.started) await this.start(); // no await once started: runs queue in call order
    const rec = this.liveRecord(sessionId);
    return rec.queue.run(async () => {
      this.assertAlive(rec);
      const runtime = LANGUAGE_RUNTIMES[req.language];
      rec.runs += 1;
      const path = `run-${rec.runs}.${runtime.extension}`; // relative to the container's working directory (workDir)
      const content = req.language === 'typescript' ? transpileTypeScript(req.code) : req.code;
      const { containerId } = rec.session;
      return this.tracked(rec, 'executeCode', async () => {
        await this.driver.putFiles(containerId, [{ path, content, mode: 0o644 }]);
        return this.streamed(rec, {
          command: runtime.command(path),
          env: { ...rec.session.env, ...(req.env ?? {}) },
          timeoutMs: req.timeoutMs ?? this.options.codeTimeoutMs,
          ...(req.stdin === undefined ? {} : { stdin: req.stdin }),
        });
      });
    });
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
    if (!this.started) await this.start(); // no await once started: runs queue in call order
    const rec = this.liveRecord(sessionId);
    return rec.queue.run(async () => {
      this.assertAlive(rec);
      return this.tracked(rec, 'exec', () =>
        this.streamed(rec, {
          ...spec,
          env: { ...rec.session.env, ...(spec.env ?? {}) },
          timeoutMs: spec.timeoutMs ?? this.options.codeTimeoutMs,
        }),
      );
    });
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
    const rec = this.liveRecord(sessionId);
    this.touch(rec);
    const deferred = new DeferredExecHandle();
    const run = rec.queue.run(async () => {
      if (deferred.killedBeforeStart) return { ...KILLED_BEFORE_START };
      this.assertAlive(rec);
      return this.tracked(rec, 'execStream', async () => {
        const handle = this.driver.execStream(rec.session.containerId, {
          ...spec,
          env: { ...rec.session.env, ...(spec.env ?? {}) },
        });
        deferred.attach(handle);
        return streamOutputLines(handle, (stream, text) => this.publishLine(rec, stream, text), false);
      });
    });
    deferred.settle(run);
    return deferred.handle;
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
    await this.start();
    const rec = this.liveRecord(sessionId);
    this.touch(rec);
    try {
      await this.driver.putFiles(rec.session.containerId, files);
    } catch (err) {
      throw await this.classifyFailure(rec, err);
    }
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
    await this.start();
    const rec = this.liveRecord(sessionId);
    this.touch(rec);
    try {
      return await this.driver.getFile(rec.session.containerId, path);
    } catch (err) {
      throw await this.classifyFailure(rec, err);
    }
  }

  /**
   * The session's log: stdout and stderr lines of every run, live — each line of `executeCode`, `exec`
   * and `execStream` as soon as the process writes it (an unfinished last line when the run exits);
   * `runInContext` output when the context run completes. Replays the last 1000 lines to a new
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
      const rec = this.sessions.get(sessionId);
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
    const rec = this.sessions.get(sessionId);
    if (rec === undefined) throw new SessionNotFoundError(sessionId);
    return snapshotSession(rec.session);
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
    const statuses =
      filter.status === undefined ? undefined : Array.isArray(filter.status) ? filter.status : [filter.status];
    return [...this.sessions.values()]
      .map((r) => r.session)
      .filter((s) => filter.agentType === undefined || s.agentType === filter.agentType)
      .filter((s) => statuses === undefined || statuses.includes(s.status))
      .map(snapshotSession);
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
    const rec = this.sessions.get(sessionId);
    if (rec === undefined) throw new SessionNotFoundError(sessionId);
    await this.cleanupRecord(rec, 'cleanup');
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
    return this.cleanupEverySession('cleanup');
  }

  /**
   * Opens a stateful interpreter context (`python`, or `javascript` via node `vm`) in the session: one
   * long-lived interpreter, so variables survive between {@link runInContext} calls.
   *
   * @example
   * ```ts
   * const ctx = await manager.createContext(id, 'python');
   * await manager.runInContext(ctx.id, 'x = 41');
   * (await manager.runInContext(ctx.id, 'print(x + 1)')).stdout; // '42\n'
   * ```
   */
  async createContext(sessionId: string, language: ContextLanguage = 'python'): Promise<SessionContextInfo> {
    if (language !== 'python' && language !== 'javascript') {
      throw new ValidationError(
        [{ path: 'language', message: 'contexts support python and javascript' }],
        {},
        'context',
      );
    }
    if (!this.started) await this.start(); // no await once started: runs queue in call order
    const rec = this.liveRecord(sessionId);
    return rec.queue.run(async () => {
      this.assertAlive(rec);
      const runtime = CONTEXT_RUNTIMES[language];
      const scriptPath = `context-repl.${runtime.extension}`;
      const ctx = new InterpreterContext({
        driver: this.driver,
        containerId: rec.session.containerId,
        language,
        scriptPath,
        env: rec.session.env,
      });
      const info: SessionContextInfo = { id: `ctx-${randomUUID()}`, sessionId, language };
      try {
        this.touch(rec);
        await this.driver.putFiles(rec.session.containerId, [
          { path: scriptPath, content: runtime.script, mode: 0o644 },
        ]);
        await ctx.start(this.options.readinessTimeoutMs);
      } catch (err) {
        await ctx.close();
        throw await this.classifyFailure(rec, err);
      }
      this.contexts.set(info.id, { ctx, info });
      rec.contexts.add(info.id);
      return info;
    });
  }

  /**
   * Runs code in a context; same result shape as {@link executeCode}. A timeout kills the interpreter
   * (`timedOut: true`); the next run starts a fresh one, so the context's variables are lost.
   *
   * @example
   * ```ts
   * const r = await manager.runInContext(ctx.id, 'import math; math.pi');
   * r.stdout; // '3.141592653589793\n'
   * ```
   */
  async runInContext(contextId: string, code: string, options: RunInContextOptions = {}): Promise<ExecResult> {
    if (typeof code !== 'string')
      throw new ValidationError([{ path: 'code', message: 'code must be a string' }], {}, 'context run');
    if (!this.started) await this.start(); // no await once started: runs queue in call order
    const entry = this.contexts.get(contextId);
    if (entry === undefined) throw new ContextNotFoundError(contextId);
    const rec = this.liveRecord(entry.info.sessionId);
    return rec.queue.run(async () => {
      this.assertAlive(rec);
      if (!this.contexts.has(contextId)) throw new ContextNotFoundError(contextId);
      return this.tracked(
        rec,
        'runInContext',
        () => entry.ctx.run(code, options.timeoutMs ?? this.options.codeTimeoutMs),
        true,
      );
    });
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
    const entry = this.contexts.get(contextId);
    if (entry === undefined) throw new ContextNotFoundError(contextId);
    this.contexts.delete(contextId);
    this.sessions.get(entry.info.sessionId)?.contexts.delete(contextId);
    await entry.ctx.close();
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
    if (this.reaping === undefined) {
      this.reaping = this.reapOnce().finally(() => {
        this.reaping = undefined;
      });
    }
    return this.reaping;
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
    if (this.disposed) return;
    this.disposed = true;
    this.started = false;
    if (this.reaper !== undefined) clearInterval(this.reaper);
    this.reaper = undefined;
    this.driverEvents?.unsubscribe();
    this.slots.rejectAll(this.disposedError());
    await this.startPromise?.catch(() => undefined);
    await this.reaping?.catch(() => undefined);
    for (const { ctx } of this.contexts.values()) await ctx.close();
    this.contexts.clear();
    if (options.keepSessions !== true) await this.cleanupEverySession('dispose');
    await this.pool.dispose();
    this.events.complete();
  }

  // ── internals ────────────────────────────────────────────────────────────

  private async doStart(): Promise<RecoveryReport> {
    const report = await this.recover();
    if (this.disposed) return report;
    this.reaper = setInterval(() => void this.reap().catch(() => undefined), this.options.reapIntervalMs);
    this.reaper.unref?.();
    if (this.driver.capabilities.events) {
      this.driverEvents = this.driver
        .events$({ labels: { [BERTH_LABELS.owner]: this.ownerId }, types: ['exited', 'removed', 'oom'] })
        .subscribe({ next: (ev) => this.onContainerGone(ev.containerId), error: () => undefined });
    }
    void this.pool.fill();
    return report;
  }

  private async recover(): Promise<RecoveryReport> {
    const report: RecoveryReport = { adopted: [], pooled: [], reaped: [] };
    const now = Date.now();
    const decisions = await planRecovery({
      driver: this.driver,
      ownerId: this.ownerId,
      now,
    });
    for (const d of decisions) {
      const c = d.container;
      if (d.action === 'reap') {
        await this.removeQuietly(c.id);
        report.reaped.push({
          containerId: c.id,
          sessionId: c.labels[BERTH_LABELS.session] ?? c.sessionId,
          reason: d.reason,
        });
      } else if (d.action === 'adopt-pool') {
        const entry: PoolEntry = {
          sessionId: d.sessionId,
          containerId: c.id,
          image: c.image,
          createdAt: parseDateLabel(c.labels, BERTH_LABELS.created) ?? c.createdAt,
          expiresAt: parseDateLabel(c.labels, BERTH_LABELS.expires) ?? new Date(now + this.options.timeoutMs),
        };
        if (this.pool.adopt(entry)) report.pooled.push(c.id);
        else {
          await this.removeQuietly(c.id);
          report.reaped.push({ containerId: c.id, sessionId: d.sessionId, reason: 'pool-not-needed' });
        }
      } else if (d.action === 'adopt-session') {
        if (this.sessions.has(d.sessionId)) continue;
        const m = d.marker;
        const userLabels = Object.fromEntries(Object.entries(c.labels).filter(([k]) => !k.startsWith('berth.')));
        const session: Session = {
          id: d.sessionId,
          containerId: c.id,
          status: 'ready',
          agentType: m?.agentType ?? c.labels[SESSION_LABELS.agentType] ?? 'unknown',
          image: c.image,
          createdAt:
            m !== null ? new Date(m.createdAt) : (parseDateLabel(c.labels, BERTH_LABELS.created) ?? c.createdAt),
          expiresAt:
            m !== null
              ? new Date(m.expiresAt)
              : (parseDateLabel(c.labels, BERTH_LABELS.expires) ?? new Date(now + this.options.timeoutMs)),
          lastActivityAt: new Date(now),
          idleTimeoutMs: m !== null && m.idleTimeoutMs > 0 ? m.idleTimeoutMs : this.options.idleTimeoutMs,
          env: {},
          labels: userLabels,
          resources: { ...c.resources },
          pooled: c.labels[SESSION_LABELS.pool] === 'true',
          adopted: true,
          driver: this.driver.name,
        };
        this.slots.force(); // adopted sessions count, even over the limit
        this.sessions.set(session.id, newSessionRecord(session));
        report.adopted.push(session.id);
      }
    }
    return report;
  }

  private async reapOnce(): Promise<void> {
    const now = Date.now();
    const expiring: [SessionRecord, 'ttl' | 'idle'][] = [];
    for (const rec of this.sessions.values()) {
      const s = rec.session;
      if (rec.cleaning !== undefined || s.status === 'creating') continue;
      if (now >= s.expiresAt.getTime()) expiring.push([rec, 'ttl']);
      else if (s.status !== 'busy' && rec.queue.size === 0 && now - s.lastActivityAt.getTime() >= s.idleTimeoutMs)
        expiring.push([rec, 'idle']);
    }
    await Promise.all(
      expiring.map(async ([rec, reason]) => {
        rec.session.status = 'expired';
        this.emit('expired', rec, { reason });
        await this.cleanupRecord(rec, reason).catch(() => undefined);
      }),
    );
    await this.pool.prune(now);
    if (!this.disposed) await this.pool.fill();
  }

  private poolEligible(opts: CreateSessionOptions, image: string): boolean {
    if (this.pool.sizeOf(image) === 0) return false;
    if (opts.capabilities !== undefined && opts.capabilities.length > 0) return false;
    if (opts.labels !== undefined && Object.keys(opts.labels).length > 0) return false;
    return opts.resources === undefined || sameResources(opts.resources, this.options.resources);
  }

  private sessionFromPool(entry: PoolEntry, opts: CreateSessionOptions): Session {
    const now = new Date();
    const session: Session = {
      id: entry.sessionId,
      containerId: entry.containerId,
      status: 'ready',
      agentType: opts.agentType,
      image: entry.image,
      createdAt: now,
      expiresAt: new Date(now.getTime() + (opts.timeoutMs ?? this.options.timeoutMs)),
      lastActivityAt: now,
      idleTimeoutMs: opts.idleTimeoutMs ?? this.options.idleTimeoutMs,
      env: { ...(opts.env ?? {}) },
      labels: {},
      resources: { ...this.options.resources },
      pooled: true,
      adopted: false,
      driver: this.driver.name,
    };
    const rec = newSessionRecord(session);
    this.sessions.set(session.id, rec);
    this.emit('created', rec);
    this.emit('ready', rec);
    // Labels cannot change after creation: record the session's real lifetimes for recovery, before any run.
    const marker: SessionMarker = {
      sessionId: session.id,
      agentType: session.agentType,
      createdAt: session.createdAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      idleTimeoutMs: session.idleTimeoutMs,
    };
    void rec.queue
      .run(() => this.driver.putFiles(entry.containerId, [{ path: MARKER_FILE, content: JSON.stringify(marker) }]))
      .catch(() => undefined);
    return snapshotSession(session);
  }

  private async createColdSession(
    opts: CreateSessionOptions,
    image: string,
    signal: AbortSignal | undefined,
  ): Promise<Session> {
    const id = newSessionId();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + (opts.timeoutMs ?? this.options.timeoutMs));
    const resources = opts.resources ?? this.options.resources;
    const spec = this.containerSpec({
      image,
      sessionId: id,
      agentType: opts.agentType,
      pool: false,
      createdAt: now,
      expiresAt,
      resources,
      capabilities: opts.capabilities ?? [],
      labels: { ...this.options.labels, ...(opts.labels ?? {}) },
    });
    const session: Session = {
      id,
      containerId: '',
      status: 'creating',
      agentType: opts.agentType,
      image,
      createdAt: now,
      expiresAt,
      lastActivityAt: now,
      idleTimeoutMs: opts.idleTimeoutMs ?? this.options.idleTimeoutMs,
      env: { ...(opts.env ?? {}) },
      labels: { ...(opts.labels ?? {}) },
      resources: { ...resources },
      pooled: false,
      adopted: false,
      driver: this.driver.name,
    };
    const rec = newSessionRecord(session);
    try {
      const container = await this.driver.createContainer(spec, signal === undefined ? {} : { signal });
      session.containerId = container.id;
      this.sessions.set(id, rec);
      this.emit('created', rec);
      await this.driver.startContainer(container.id, signal === undefined ? {} : { signal });
      await waitUntilReady(this.driver, container.id, {
        timeoutMs: this.options.readinessTimeoutMs,
        ...(signal === undefined ? {} : { signal }),
      });
      session.status = 'ready';
      this.emit('ready', rec);
      return snapshotSession(session);
    } catch (err) {
      this.sessions.delete(id);
      session.status = 'failed';
      this.emit('failed', rec, { error: err instanceof Error ? err : new Error(String(err)) });
      rec.logs.complete();
      if (session.containerId !== '') await this.removeQuietly(session.containerId);
      throw err;
    }
  }

  private async createPoolContainer(image: string): Promise<PoolEntry> {
    const sessionId = newSessionId();
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + this.options.timeoutMs);
    const spec = this.containerSpec({
      image,
      sessionId,
      agentType: 'pool',
      pool: true,
      createdAt,
      expiresAt,
      resources: this.options.resources,
      capabilities: [],
      labels: { ...this.options.labels },
    });
    const container = await this.driver.createContainer(spec);
    try {
      await this.driver.startContainer(container.id);
      await waitUntilReady(this.driver, container.id, { timeoutMs: this.options.readinessTimeoutMs });
    } catch (err) {
      await this.removeQuietly(container.id);
      throw err;
    }
    return { sessionId, containerId: container.id, image, createdAt, expiresAt };
  }

  private containerSpec(p: {
    image: string;
    sessionId: string;
    agentType: string;
    pool: boolean;
    createdAt: Date;
    expiresAt: Date;
    resources: ResourceLimits;
    capabilities: string[];
    labels: Record<string, string>;
  }): ContainerSpec {
    return {
      image: p.image,
      sessionId: p.sessionId,
      command: [...SESSION_COMMAND],
      workingDir: this.options.workDir,
      labels: buildSessionLabels({
        sessionId: p.sessionId,
        ownerId: this.ownerId,
        createdAt: p.createdAt,
        expiresAt: p.expiresAt,
        agentType: p.agentType,
        pool: p.pool,
        extra: p.labels,
      }),
      ...(Object.keys(p.resources).length > 0 ? { resources: { ...p.resources } } : {}),
      // no-new-privileges is the contract's default, applied by every driver that can (a driver that cannot, such
      // as Swarm before API 1.44, declares the gap instead of refusing every session)
      security: { capabilities: { drop: ['ALL'], add: [...p.capabilities] } },
    };
  }

  /** Runs `spec` in the session's container through `execStream`, each output line going to `logs$` live. */
  private streamed(rec: SessionRecord, spec: ExecSpec): Promise<ExecResult> {
    const handle = this.driver.execStream(rec.session.containerId, spec);
    return streamOutputLines(handle, (stream, text) => this.publishLine(rec, stream, text), spec.stdin === undefined);
  }

  private publishLine(rec: SessionRecord, stream: 'stdout' | 'stderr', text: string): void {
    this.touch(rec);
    rec.logs.next({ stream, text, timestamp: new Date() });
  }

  /**
   * Runs one unit of work as a tracked run: status, events, activity, dead-container detection. With
   * `publishResult` the result's output goes to `logs$` at the end (context runs, whose output is known
   * only when the reply arrives); the other runs publish their lines live.
   */
  private async tracked(
    rec: SessionRecord,
    operation: string,
    work: () => Promise<ExecResult>,
    publishResult = false,
  ): Promise<ExecResult> {
    rec.session.status = 'busy';
    this.touch(rec);
    this.emit('executing', rec, { operation });
    try {
      const result = await work();
      if (publishResult) {
        publishLines(rec.logs, 'stdout', result.stdout);
        publishLines(rec.logs, 'stderr', result.stderr);
      }
      this.emit('completed', rec, { operation, result });
      return result;
    } catch (err) {
      const error = await this.classifyFailure(rec, err);
      this.emit('failed', rec, { operation, error });
      throw error;
    } finally {
      if (rec.session.status === 'busy') rec.session.status = 'ready';
      this.touch(rec);
    }
  }

  /** Turns a driver failure into the error the caller should see, marking the session dead when its container is. */
  private async classifyFailure(rec: SessionRecord, err: unknown): Promise<Error> {
    const { id, containerId } = rec.session;
    if (rec.cleaning !== undefined) return new SessionNotFoundError(id, { containerId, cause: err });
    if (
      isBerthError(err) &&
      (err.code === ValidationError.code || err.code === 'BERTH_FILE_NOT_FOUND' || err.code === SessionDeadError.code)
    )
      return err;
    const container = await this.driver.getContainer(containerId).catch(() => undefined);
    if (container === null || (container !== undefined && container.state !== 'running')) {
      this.markDead(rec);
      return new SessionDeadError(id, { containerId, cause: err });
    }
    if (isBerthError(err)) return err;
    return new DriverUnavailableError(`session ${id}: ${err instanceof Error ? err.message : String(err)}`, {
      containerId,
      cause: err,
    });
  }

  private onContainerGone(containerId: string): void {
    if (this.pool.forget(containerId)) return;
    for (const rec of this.sessions.values()) {
      if (rec.session.containerId === containerId && rec.cleaning === undefined) this.markDead(rec);
    }
  }

  private markDead(rec: SessionRecord): void {
    const s = rec.session;
    if (s.status === 'dead' || s.status === 'cleaned' || s.status === 'creating') return;
    s.status = 'dead';
    this.emit('dead', rec);
    for (const id of rec.contexts) {
      const entry = this.contexts.get(id);
      this.contexts.delete(id);
      void entry?.ctx.close();
    }
    rec.contexts.clear();
  }

  private cleanupRecord(rec: SessionRecord, reason: string): Promise<void> {
    if (rec.cleaning === undefined) {
      rec.cleaning = (async () => {
        for (const id of rec.contexts) {
          const entry = this.contexts.get(id);
          this.contexts.delete(id);
          await entry?.ctx.close();
        }
        rec.contexts.clear();
        try {
          await this.driver.removeContainer(rec.session.containerId, { force: true });
        } catch (err) {
          if (!ContainerNotFoundError.is(err)) {
            rec.cleaning = undefined;
            throw err;
          }
        }
        this.sessions.delete(rec.session.id);
        rec.session.status = 'cleaned';
        this.emit('cleaned', rec, { reason });
        rec.logs.complete();
        this.slots.release();
      })();
    }
    return rec.cleaning;
  }

  private async cleanupEverySession(reason: string): Promise<number> {
    const results = await Promise.allSettled([...this.sessions.values()].map((rec) => this.cleanupRecord(rec, reason)));
    return results.filter((r) => r.status === 'fulfilled').length;
  }

  private liveRecord(sessionId: string): SessionRecord {
    if (this.disposed) throw this.disposedError();
    const rec = this.sessions.get(sessionId);
    if (rec === undefined || rec.cleaning !== undefined) throw new SessionNotFoundError(sessionId);
    this.assertAlive(rec);
    return rec;
  }

  private assertAlive(rec: SessionRecord): void {
    const { id, containerId, status } = rec.session;
    if (status === 'dead') throw new SessionDeadError(id, { containerId });
    if (rec.cleaning !== undefined || status === 'cleaned' || status === 'expired')
      throw new SessionNotFoundError(id, { containerId });
  }

  private touch(rec: SessionRecord): void {
    rec.session.lastActivityAt = new Date();
  }

  private emit(type: SessionEventType, rec: SessionRecord, extra: Partial<SessionEvent> = {}): void {
    const event: SessionEvent = { type, sessionId: rec.session.id, timestamp: new Date(), ...extra };
    if (rec.session.containerId !== '') event.containerId = rec.session.containerId;
    this.events.next(event);
  }

  private async removeQuietly(containerId: string): Promise<void> {
    await this.driver.removeContainer(containerId, { force: true }).catch(() => undefined);
  }

  private disposedError(): DriverUnavailableError {
    return new DriverUnavailableError('session manager is disposed; create a new one', { operation: 'sessionManager' });
  }
}

function sameResources(a: ResourceLimits, b: ResourceLimits): boolean {
  const keys: (keyof ResourceLimits)[] = ['cpu', 'memoryMb', 'diskMb', 'pids'];
  return keys.every((k) => a[k] === b[k]);
}
