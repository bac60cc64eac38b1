import { randomBytes } from 'node:crypto';
import { existsSync, watch } from 'node:fs';
import { chown, mkdir, open, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  BERTH_LABELS,
  ContainerConflictError,
  type ContainerDriver,
  type ContainerFilter,
  type ContainerInstance,
  ContainerNotFoundError,
  type ContainerSpec,
  type DriverCapabilities,
  type DriverEvent,
  type DriverHealth,
  DriverUnavailableError,
  type EventFilter,
  type ExecHandle,
  type ExecResult,
  type ExecSpec,
  type ExitStatus,
  type FileEntry,
  isBerthError,
  type LogLine,
  type LogOptions,
  type LogStreamOptions,
  type Network,
  NetworkNotFoundError,
  type NetworkSpec,
  type OpOptions,
  type RemoveOptions,
  raceAbort,
  type StatsSample,
  type StatsStreamOptions,
  type StopOptions,
  throwIfAborted,
  ValidationError,
  type Volume,
  VolumeNotFoundError,
  type VolumeSpec,
  validateContainerFilter,
  validateContainerSpec,
  validateEventFilter,
  validateExecSpec,
  validateFileEntries,
  validateLogOptions,
  validateNetworkSpec,
  validateStatsStreamOptions,
  validateStopOptions,
  validateVolumeSpec,
} from '@berth/core';
import { filter, Observable, Subject } from 'rxjs';
import { CgroupManager, type ContainerCgroup } from './cgroups/index.js';
import { type LocalDriverOptions, type ResolvedLocalDriverOptions, resolveLocalDriverOptions } from './config/index.js';
import { directExecStarter, type ExecStarter, execSocketPath, runExec, supervisedExecStarter } from './exec/index.js';
import { type ContainerFsRoots, mountTarget, readContainerFile, writeContainerFile } from './files/index.js';
import { HealthMonitor } from './health/index.js';
import { type ContainerStatus, readContainerStatus } from './lifecycle/container-status.js';
import { launchSupervisor, privilegeArgs, resolveRunAs, wrapCommand } from './lifecycle/index.js';
import { findTailOffset, logFilter, readRecordsFrom, toLogLine } from './logs/index.js';
import { CONTAINER_ID_ENV, containerEnv, processesWithEnvMarker, trySignal } from './process/index.js';
import {
  atomicWriteFile,
  atomicWriteJson,
  type ContainerRecord,
  type LaunchSpec,
  type NetworkRecord,
  readJsonOrNull,
  StateLayout,
  type VolumeRecord,
} from './state/index.js';
import { type StatsBaseline, sampleStats } from './stats/index.js';
import { SUPERVISOR_SOURCE } from './supervisor/index.js';

const VERSION = '0.1.0';
const HOST_IMAGE = 'host';
const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** Label set on containers whose image is not `host`: they still run with the host's tools. */
export const LOCAL_IMAGE_LABEL = 'berth.local.image';
const BUILTIN_NETWORKS = new Set(['bridge', 'host', 'none', 'default']);
/** Name of the supervisor's exec socket in the run directory. */
const EXEC_SOCKET = 'exec.sock';

function matchesEvent(e: DriverEvent, f: EventFilter | undefined): boolean {
  if (f === undefined) return true;
  if (f.containerId !== undefined && e.containerId !== f.containerId) return false;
  if (f.sessionId !== undefined && e.sessionId !== f.sessionId) return false;
  // as core's matchesEventFilter: an empty list restricts nothing
  if (f.types !== undefined && f.types.length > 0 && !f.types.includes(e.type)) return false;
  if (f.labels !== undefined) {
    for (const [k, v] of Object.entries(f.labels)) if (e.labels?.[k] !== v) return false;
  }
  return true;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Berth's embedded driver: every container is a process group on this host, started through a small
 * detached supervisor that owns its pipes, timestamps its output into a log file and records its exit.
 * Limits come from per-container cgroups (v1 or v2) when the driver runs as root, else from rlimits.
 * There is **no isolation** from the host beyond those limits and the files API's directory confinement.
 *
 * @example
 * ```ts
 * const driver = new LocalDriver({ home: '/tmp/berth' });
 * const c = await driver.createContainer({ image: 'host', command: ['sleep', '60'], resources: { pids: 64 } });
 * await driver.startContainer(c.id);
 * console.log((await driver.exec(c.id, { command: ['echo', 'hi'] })).stdout); // hi
 * await driver.removeContainer(c.id, { force: true });
 * ```
 */
export class LocalDriver implements ContainerDriver {
  /** Always `local`. */
  readonly name = 'local';
  /** Driver version. */
  readonly version = VERSION;
  /** What this host lets the driver enforce (probed at construction). */
  readonly capabilities: DriverCapabilities;
  /** Resolved options. */
  readonly options: ResolvedLocalDriverOptions;
  readonly #layout: StateLayout;
  readonly #cgroups: CgroupManager;
  readonly #hasPrlimit: boolean;
  readonly #events = new Subject<DriverEvent>();
  readonly #launching = new Set<string>();
  /** Exit watchers of running containers: `stop` ends one, `settle` publishes its exit now (once per run). */
  readonly #watching = new Map<string, { stop: () => void; settle: (st: ContainerStatus) => void }>();
  readonly #statsBaselines = new Map<string, StatsBaseline>();
  /** Health-check loops of running containers with a health check, by container id (this instance only). */
  readonly #health = new Map<string, { runId: number; monitor: HealthMonitor }>();
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #ready: Promise<void>;
  #supervisorPath: string | null = null;
  #disposed = false;

  /**
   * @param options - state root and behaviour; invalid options throw `ValidationError`.
   */
  constructor(options: LocalDriverOptions = {}) {
    this.options = resolveLocalDriverOptions(options);
    this.#layout = new StateLayout(this.options.home);
    this.#cgroups = this.options.cgroups ? CgroupManager.probe() : new CgroupManager([]);
    this.#hasPrlimit = ['/usr/bin/prlimit', '/bin/prlimit'].some((p) => existsSync(p));
    this.capabilities = Object.freeze({
      exec: true,
      files: true,
      volumes: true,
      networks: true,
      images: false,
      stats: true,
      events: true,
      ports: false,
      healthcheck: true,
      resourceLimits: Object.freeze(this.#cgroups.enforced),
      isolation: 'none',
    });
    this.#ready = this.#init();
    this.#ready.catch(() => undefined);
  }

  async #init(): Promise<void> {
    await mkdir(this.#layout.containersDir, { recursive: true });
    await mkdir(this.#layout.volumesDir, { recursive: true });
    await mkdir(this.#layout.networksDir, { recursive: true });
    const script = join(this.options.home, `supervisor-${VERSION}.cjs`);
    const current = await readFile(script, 'utf8').catch(() => null);
    if (current !== SUPERVISOR_SOURCE) await atomicWriteFile(script, SUPERVISOR_SOURCE);
    this.#supervisorPath = script;
    // Re-adopt what a previous driver instance left running: watch it for exit events.
    for (const rec of await this.#allRecords()) {
      const st = await readContainerStatus(this.#layout, rec, false);
      if (st.state === 'running') {
        this.#watchExit(rec);
        this.#startHealth(rec, st);
      }
    }
  }

  async #prepare(): Promise<void> {
    if (this.#disposed) throw new DriverUnavailableError('LocalDriver was disposed');
    try {
      await this.#ready;
    } catch (err) {
      throw new DriverUnavailableError(`State root ${this.options.home} is not usable: ${String(err)}`, {
        cause: err,
      });
    }
  }

  /** Serialises lifecycle operations per container. */
  async #locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#locks.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.#locks.set(id, settled);
    try {
      return await next;
    } finally {
      if (this.#locks.get(id) === settled) this.#locks.delete(id);
    }
  }

  async #allRecords(): Promise<ContainerRecord[]> {
    const ids = await readdir(this.#layout.containersDir).catch(() => [] as string[]);
    const out: ContainerRecord[] = [];
    for (const id of ids) {
      const rec = await readJsonOrNull<ContainerRecord>(this.#layout.containerFile(id));
      if (rec !== null) out.push(rec);
    }
    return out;
  }

  async #record(idOrName: string, operation: string): Promise<ContainerRecord> {
    if (/^[a-f0-9]{64}$/.test(idOrName)) {
      const rec = await readJsonOrNull<ContainerRecord>(this.#layout.containerFile(idOrName));
      if (rec !== null) return rec;
    } else if (/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(idOrName)) {
      const rec = (await this.#allRecords()).find((r) => r.name === idOrName);
      if (rec !== undefined) return rec;
    }
    throw new ContainerNotFoundError(idOrName, { operation });
  }

  async #status(rec: ContainerRecord): Promise<ContainerStatus> {
    return readContainerStatus(this.#layout, rec, this.#launching.has(rec.id));
  }

  #publish(type: DriverEvent['type'], rec: ContainerRecord, extra: Partial<DriverEvent> = {}): void {
    const event: DriverEvent = { type, containerId: rec.id, timestamp: new Date(), labels: rec.labels, ...extra };
    if (rec.spec.sessionId !== undefined) event.sessionId = rec.spec.sessionId;
    this.#events.next(event);
  }

  #toInstance(rec: ContainerRecord, st: ContainerStatus): ContainerInstance {
    const startedAt = st.run?.startedAt ?? rec.startedAt;
    let status = 'Created';
    if (st.state === 'running') status = `Up since ${startedAt ?? rec.createdAt}`;
    else if (st.state === 'exited') status = `Exited (${st.exit?.exitCode ?? 0}) at ${st.exit?.finishedAt ?? ''}`;
    else if (st.state === 'dead') status = 'Dead (supervisor lost; exit status unknown)';
    const inst: ContainerInstance = {
      id: rec.id,
      name: rec.name,
      sessionId: rec.spec.sessionId ?? rec.labels[BERTH_LABELS.session] ?? null,
      image: rec.spec.image,
      state: st.state,
      status,
      endpoint: null,
      createdAt: new Date(rec.createdAt),
      labels: { ...rec.labels },
      resources: { ...rec.spec.resources },
      driver: this.name,
    };
    if (startedAt !== undefined) inst.startedAt = new Date(startedAt);
    return inst;
  }

  #fsRoots(rec: ContainerRecord): ContainerFsRoots {
    const mounts = (rec.spec.volumes ?? []).map((v) => ({
      target: mountTarget(v.target),
      source: v.type === 'bind' ? v.source : this.#layout.volumeData(v.source),
    }));
    return { rootfs: this.#layout.rootfs(rec.id), workingDir: rec.spec.workingDir ?? '/', mounts };
  }

  // ---------------------------------------------------------------- lifecycle

  /** {@inheritDoc ContainerDriver.createContainer} */
  async createContainer(spec: ContainerSpec, opts?: OpOptions): Promise<ContainerInstance> {
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const valid = validateContainerSpec(spec);
    for (const [i, v] of (valid.volumes ?? []).entries()) {
      if (v.target === '/') {
        throw new ValidationError([{ path: `volumes.${i}.target`, message: 'cannot mount over the root' }]);
      }
    }
    if (valid.security?.readOnly === true) {
      throw new ValidationError(
        [{ path: 'security.readOnly', message: 'the local driver has no root filesystem to make read-only' }],
        { operation: 'createContainer' },
        'container spec',
      );
    }
    privilegeArgs(valid.security); // a user that does not exist, or a user switch without root, fails here
    if (valid.network !== undefined && !BUILTIN_NETWORKS.has(valid.network)) {
      if ((await this.#findNetwork(valid.network)) === null) throw new NetworkNotFoundError(valid.network);
    }
    const all = await this.#allRecords();
    if (valid.name !== undefined && all.some((r) => r.name === valid.name)) {
      throw new ContainerConflictError(`A container named ${valid.name} already exists; pick another name`, {
        operation: 'createContainer',
      });
    }
    const id = randomBytes(32).toString('hex');
    const createdAt = new Date().toISOString();
    const labels: Record<string, string> = {
      ...valid.labels,
      [BERTH_LABELS.managed]: 'true',
      [BERTH_LABELS.created]: valid.labels?.[BERTH_LABELS.created] ?? createdAt,
    };
    if (valid.sessionId !== undefined) labels[BERTH_LABELS.session] = valid.sessionId;
    if (valid.image !== HOST_IMAGE && !valid.image.startsWith(`${HOST_IMAGE}:`)) {
      labels[LOCAL_IMAGE_LABEL] = `host (image ${valid.image} is not available to the local driver)`;
    }
    const rootfs = this.#layout.rootfs(id);
    const cwd = join(rootfs, valid.workingDir ?? '/');
    const rec: ContainerRecord = {
      id,
      name: valid.name ?? `berth-${id.slice(0, 12)}`,
      spec: valid,
      labels,
      createdAt,
      runId: 0,
      cwd,
    };
    await mkdir(this.#layout.runDir(id), { recursive: true });
    await mkdir(cwd, { recursive: true });
    for (const v of valid.volumes ?? []) {
      let source = v.source;
      if (v.type !== 'bind') {
        await this.#ensureVolume(v.source);
        source = this.#layout.volumeData(v.source);
      }
      const link = join(rootfs, v.target);
      await mkdir(dirname(link), { recursive: true });
      await rm(link, { recursive: true, force: true });
      await symlink(source, link);
    }
    await writeFile(this.#layout.logFile(id), '');
    await atomicWriteJson(this.#layout.containerFile(id), rec);
    this.#publish('created', rec);
    return this.#toInstance(rec, { state: 'created', run: null, exit: null });
  }

  /** {@inheritDoc ContainerDriver.startContainer} */
  async startContainer(id: string, opts?: OpOptions): Promise<void> {
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const rec0 = await this.#record(id, 'startContainer');
    await this.#locked(rec0.id, async () => {
      const rec = await this.#record(rec0.id, 'startContainer');
      const st = await this.#status(rec);
      if (st.state === 'running') return;
      await this.#start(rec);
    });
  }

  async #start(rec: ContainerRecord): Promise<void> {
    const limits = rec.spec.resources ?? {};
    let cg: ContainerCgroup | null = null;
    if (this.#cgroups.available) {
      try {
        cg = this.#cgroups.create(rec.id, limits);
      } catch (err) {
        throw new DriverUnavailableError(`Could not set up cgroups for ${rec.id}: ${String(err)}`, {
          containerId: rec.id,
          operation: 'startContainer',
          cause: err,
        });
      }
    }
    const prlimit = this.#prlimitArgs(limits);
    const argv = [...(rec.spec.entrypoint ?? []), ...(rec.spec.command ?? [])];
    const command = argv.length > 0 ? argv : ['sh'];
    const runId = rec.runId + 1;
    const launch: LaunchSpec = {
      runId,
      argv: wrapCommand(
        command,
        (cg?.dirs ?? []).map((d) => join(d, 'cgroup.procs')),
        prlimit,
        privilegeArgs(rec.spec.security),
      ),
      cwd: rec.cwd,
      env: containerEnv(rec.id, this.#layout.rootfs(rec.id), rec.spec.env),
      logFile: this.#layout.logFile(rec.id),
      stateFile: this.#layout.stateFile(rec.id),
      exitFile: this.#layout.exitFile(rec.id),
      cgroupDirs: cg?.dirs ?? [],
      oomFiles: cg?.oomFiles ?? [],
      marker: `${CONTAINER_ID_ENV}=${rec.id}`,
    };
    if (cg !== null) {
      launch.execSocket = EXEC_SOCKET;
      launch.execJoin = cg.joinFiles;
      launch.execLeave = cg.leaveFiles;
    }
    await mkdir(this.#layout.runDir(rec.id), { recursive: true });
    await mkdir(rec.cwd, { recursive: true });
    const user = rec.spec.security?.user;
    if (user !== undefined) {
      // the user's own working tree, as an image would give a USER its home
      const { uid, gid } = resolveRunAs(user);
      for (const dir of new Set([this.#layout.rootfs(rec.id), rec.cwd])) await chown(dir, uid, gid);
    }
    await atomicWriteJson(this.#layout.launchFile(rec.id), launch);
    const next: ContainerRecord = { ...rec, runId, startedAt: new Date().toISOString() };
    this.#launching.add(rec.id);
    try {
      await atomicWriteJson(this.#layout.containerFile(rec.id), next);
      await launchSupervisor(this.#supervisorPath ?? '', this.#layout.launchFile(rec.id), rec.id);
    } finally {
      this.#launching.delete(rec.id);
    }
    this.#publish('started', next);
    this.#watchExit(next);
    this.#startHealth(next, null);
  }

  /**
   * Starts the health-check loop of a running container's current run (no-op without a health check, when
   * one runs already or after dispose). `st` gives the run's start time for adopted containers.
   */
  #startHealth(rec: ContainerRecord, st: ContainerStatus | null): void {
    const spec = rec.spec.healthcheck;
    if (spec === undefined || this.#disposed) return;
    const current = this.#health.get(rec.id);
    if (current !== undefined) {
      if (current.runId === rec.runId) return;
      current.monitor.stop();
    }
    const startedAt = Date.parse(st?.run?.startedAt ?? '') || Date.now();
    const monitor = new HealthMonitor({
      spec,
      startedAt,
      probe: async (timeoutMs, signal) => {
        const r = await this.exec(rec.id, { command: spec.command, timeoutMs, signal });
        return r.exitCode === 0 && !r.timedOut;
      },
      onChange: (status) => this.#publish('health', rec, { healthy: status === 'healthy' }),
    });
    this.#health.set(rec.id, { runId: rec.runId, monitor });
    monitor.start();
  }

  /** Stops the health-check loop of a container (of run `runId` only, when given). */
  #stopHealth(id: string, runId?: number): void {
    const current = this.#health.get(id);
    if (current === undefined || (runId !== undefined && current.runId !== runId)) return;
    current.monitor.stop();
    this.#health.delete(id);
  }

  #prlimitArgs(limits: ContainerSpec['resources'] & object): string[] {
    if (!this.#hasPrlimit) return [];
    const args: string[] = [];
    const enforced = this.#cgroups.enforced;
    if (limits.memoryMb !== undefined && !enforced.memory) args.push(`--as=${limits.memoryMb * 1024 * 1024}`);
    if (limits.pids !== undefined && !enforced.pids && process.getuid?.() !== 0) args.push(`--nproc=${limits.pids}`);
    return args;
  }

  /** Watches a running container for its exit and publishes `exited` (and `oom`). */
  #watchExit(rec: ContainerRecord): void {
    if (this.#watching.has(rec.id) || this.#disposed) return;
    let stopped = false;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let watcher: ReturnType<typeof watch> | undefined;
    const stop = (): void => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      watcher?.close();
      if (this.#watching.get(rec.id)?.stop === stop) this.#watching.delete(rec.id);
    };
    /** Publishes the run's exit exactly once, whoever sees it first (the watcher, or removal racing it). */
    const settle = (st: ContainerStatus): void => {
      if (settled) return;
      settled = true;
      stop();
      this.#stopHealth(rec.id, rec.runId);
      if (st.exit?.oomKilled === true) this.#publish('oom', rec);
      this.#publish('exited', rec, { exitCode: st.exit?.exitCode ?? 255 });
    };
    this.#watching.set(rec.id, { stop, settle });
    let checking = false;
    const check = async (): Promise<void> => {
      if (stopped || checking) return;
      checking = true;
      try {
        const current = await readJsonOrNull<ContainerRecord>(this.#layout.containerFile(rec.id));
        if (current === null || current.runId !== rec.runId) {
          stop();
          this.#stopHealth(rec.id, rec.runId);
          return;
        }
        const st = await this.#status(current);
        if (!stopped && (st.state === 'exited' || st.state === 'dead')) settle(st);
      } catch {
        // transient read error: the next tick retries
      } finally {
        checking = false;
      }
    };
    const tick = (): void => {
      void check().finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, 500);
          timer.unref();
        }
      });
    };
    try {
      watcher = watch(this.#layout.runDir(rec.id), () => void check());
      watcher.unref();
    } catch {
      watcher = undefined;
    }
    tick();
  }

  /** Resolves when the current run is no longer running (fs.watch on the run dir plus a poll). */
  async #waitNotRunning(rec: ContainerRecord, signal?: AbortSignal): Promise<ContainerStatus> {
    for (;;) {
      throwIfAborted(signal);
      const st = await this.#status(rec);
      if (st.state !== 'running' && !(st.state === 'created' && this.#launching.has(rec.id))) return st;
      await raceAbort(this.#nextRunDirChange(rec.id), signal);
    }
  }

  #nextRunDirChange(id: string): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      let watcher: ReturnType<typeof watch> | undefined;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        watcher?.close();
        resolve();
      };
      const timer = setTimeout(finish, this.options.pollIntervalMs);
      try {
        watcher = watch(this.#layout.runDir(id), finish);
      } catch {
        watcher = undefined;
      }
    });
  }

  /** {@inheritDoc ContainerDriver.stopContainer} */
  async stopContainer(id: string, opts?: StopOptions): Promise<void> {
    validateStopOptions(opts);
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const rec0 = await this.#record(id, 'stopContainer');
    await this.#locked(rec0.id, async () => {
      const rec = await this.#record(rec0.id, 'stopContainer');
      if (await this.#stop(rec, opts?.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS, opts?.signal)) {
        this.#publish('stopped', rec);
      }
    });
  }

  /** SIGTERM to the process group, SIGKILL to everything of the container after `timeoutMs`. */
  async #stop(rec: ContainerRecord, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const st = await this.#status(rec);
    this.#stopHealth(rec.id);
    if (st.state !== 'running' || st.run === null) return false;
    const pgid = st.run.pid;
    if (timeoutMs > 0) {
      trySignal(-pgid, 'SIGTERM');
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      const onAbort = (): void => deadline.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const after = await this.#waitNotRunning(rec, deadline.signal).catch(() => null);
        if (after !== null) return true;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      throwIfAborted(signal);
    }
    await this.#killAll(rec, pgid, st.run.supervisorPid);
    await this.#waitNotRunning(rec);
    return true;
  }

  async #killAll(rec: ContainerRecord, pgid: number, supervisorPid: number): Promise<void> {
    trySignal(-pgid, 'SIGKILL');
    const launch = await readJsonOrNull<LaunchSpec>(this.#layout.launchFile(rec.id));
    // The supervisor's main thread is in the cgroups while it forks an exec: it must survive to record the exit.
    for (const pid of CgroupManager.pids(launch?.cgroupDirs ?? []))
      if (pid !== supervisorPid) trySignal(pid, 'SIGKILL');
    for (const pid of await processesWithEnvMarker(`${CONTAINER_ID_ENV}=${rec.id}`)) trySignal(pid, 'SIGKILL');
  }

  /** {@inheritDoc ContainerDriver.restartContainer} */
  async restartContainer(id: string, opts?: StopOptions): Promise<void> {
    validateStopOptions(opts);
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const rec0 = await this.#record(id, 'restartContainer');
    await this.#locked(rec0.id, async () => {
      const rec = await this.#record(rec0.id, 'restartContainer');
      if (await this.#stop(rec, opts?.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS, opts?.signal))
        this.#publish('stopped', rec);
      await this.#start(await this.#record(rec0.id, 'restartContainer'));
    });
  }

  /** {@inheritDoc ContainerDriver.removeContainer} */
  async removeContainer(id: string, opts?: RemoveOptions): Promise<void> {
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const rec0 = await this.#record(id, 'removeContainer');
    await this.#locked(rec0.id, async () => {
      const rec = await this.#record(rec0.id, 'removeContainer');
      const st = await this.#status(rec);
      if (st.state === 'running') {
        if (opts?.force !== true) {
          throw new ContainerConflictError(`Container ${rec.id} is running; stop it first or pass force: true`, {
            containerId: rec.id,
            operation: 'removeContainer',
          });
        }
        await this.#stop(rec, 0);
      }
      // The exit watcher may not have seen the exit yet: `exited` must still come before `removed`.
      const watching = this.#watching.get(rec.id);
      if (watching !== undefined) {
        const after = await this.#status(rec);
        if (after.state === 'exited' || after.state === 'dead') watching.settle(after);
        else watching.stop();
      }
      this.#stopHealth(rec.id);
      this.#statsBaselines.delete(rec.id);
      const launch = await readJsonOrNull<LaunchSpec>(this.#layout.launchFile(rec.id));
      CgroupManager.remove(launch?.cgroupDirs ?? []);
      await rm(this.#layout.containerFile(rec.id), { force: true });
      await rm(this.#layout.containerDir(rec.id), { recursive: true, force: true, maxRetries: 3 });
      this.#publish('removed', rec);
    });
  }

  /** {@inheritDoc ContainerDriver.waitContainer} */
  async waitContainer(id: string, opts?: OpOptions): Promise<ExitStatus> {
    await this.#prepare();
    const rec = await this.#record(id, 'waitContainer');
    let st = await this.#waitNotRunning(rec, opts?.signal);
    if (st.state === 'created') {
      // Docker semantics: waiting on a never-started container waits for it to run and exit.
      for (;;) {
        throwIfAborted(opts?.signal);
        const latest = await readJsonOrNull<ContainerRecord>(this.#layout.containerFile(rec.id));
        if (latest === null) throw new ContainerNotFoundError(rec.id, { operation: 'waitContainer' });
        if (latest.runId > 0) {
          st = await this.#waitNotRunning(latest, opts?.signal);
          if (st.state !== 'created') break;
        }
        await raceAbort(delay(this.options.pollIntervalMs), opts?.signal);
      }
    }
    const exit = st.exit;
    return {
      exitCode: exit?.exitCode ?? 255,
      oomKilled: exit?.oomKilled ?? false,
      finishedAt: new Date(exit?.finishedAt ?? Date.now()),
    };
  }

  /** {@inheritDoc ContainerDriver.getContainer} */
  async getContainer(id: string): Promise<ContainerInstance | null> {
    await this.#prepare();
    try {
      const rec = await this.#record(id, 'getContainer');
      return this.#toInstance(rec, await this.#status(rec));
    } catch (err) {
      if (ContainerNotFoundError.is(err)) return null;
      throw err;
    }
  }

  /** {@inheritDoc ContainerDriver.listContainers} */
  async listContainers(f?: ContainerFilter): Promise<ContainerInstance[]> {
    validateContainerFilter(f);
    await this.#prepare();
    const states = f?.state === undefined ? null : Array.isArray(f.state) ? f.state : [f.state];
    const out: ContainerInstance[] = [];
    for (const rec of await this.#allRecords()) {
      if (f?.name !== undefined && rec.name !== f.name) continue;
      if (f?.sessionId !== undefined && rec.labels[BERTH_LABELS.session] !== f.sessionId) continue;
      if (f?.labels !== undefined && !Object.entries(f.labels).every(([k, v]) => rec.labels[k] === v)) continue;
      const inst = this.#toInstance(rec, await this.#status(rec));
      if (states !== null && !states.includes(inst.state)) continue;
      out.push(inst);
    }
    return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  // ---------------------------------------------------------------- exec & files

  /**
   * Checks the container runs and picks how the exec starts: through the supervisor's exec socket when it
   * serves one (it forks inside the cgroups: one exec), else spawned here behind the `sh` cgroup wrapper.
   */
  async #execStarter(id: string, spec: ExecSpec): Promise<ExecStarter> {
    await this.#prepare();
    validateExecSpec(spec);
    const rec = await this.#record(id, 'exec');
    const st = await this.#status(rec);
    if (st.state !== 'running') {
      throw new ContainerConflictError(`Container ${rec.id} is not running (${st.state}); start it first`, {
        containerId: rec.id,
        operation: 'exec',
      });
    }
    const cwd = spec.workingDir === undefined ? rec.cwd : join(this.#layout.rootfs(rec.id), spec.workingDir);
    if (spec.workingDir !== undefined) await mkdir(cwd, { recursive: true });
    const env = containerEnv(rec.id, this.#layout.rootfs(rec.id), rec.spec.env, spec.env);
    const prlimit = this.#prlimitArgs(rec.spec.resources ?? {});
    const privileges = privilegeArgs(rec.spec.security, spec.user);
    const socket = st.run?.execSocket;
    if (typeof socket === 'string' && st.run !== null) {
      const path = execSocketPath(this.#layout.runDir(rec.id), socket, st.run.supervisorPid);
      return supervisedExecStarter(
        path,
        { argv: wrapCommand(spec.command, [], prlimit, privileges), cwd, env },
        rec.id,
      );
    }
    const launch = await readJsonOrNull<LaunchSpec>(this.#layout.launchFile(rec.id));
    const procs = (launch?.cgroupDirs ?? []).map((d) => join(d, 'cgroup.procs'));
    return directExecStarter({ argv: wrapCommand(spec.command, procs, prlimit, privileges), cwd, env });
  }

  /** {@inheritDoc ContainerDriver.exec} */
  async exec(id: string, spec: ExecSpec): Promise<ExecResult> {
    validateExecSpec(spec);
    throwIfAborted(spec.signal);
    const start = await this.#execStarter(id, spec);
    return runExec(start, spec, true).exit;
  }

  /** {@inheritDoc ContainerDriver.execStream} */
  execStream(id: string, spec: ExecSpec): ExecHandle {
    const handle = this.#execStarter(id, spec).then((start) => runExec(start, spec, false));
    handle.catch(() => undefined);
    const output$ = new Observable<import('@berth/core').OutputChunk>((sub) => {
      let inner: { unsubscribe(): void } | undefined;
      let closed = false;
      handle.then(
        (h) => {
          if (!closed) inner = h.output$.subscribe(sub);
        },
        (err: unknown) => sub.error(err),
      );
      return () => {
        closed = true;
        inner?.unsubscribe();
      };
    });
    return {
      output$,
      exit: handle.then((h) => h.exit),
      write: async (data) => (await handle).write(data),
      end: async () => (await handle).end(),
      kill: async () => (await handle).kill(),
    };
  }

  /** {@inheritDoc ContainerDriver.putFiles} */
  async putFiles(id: string, files: FileEntry[], opts?: OpOptions): Promise<void> {
    validateFileEntries(files);
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const rec = await this.#record(id, 'putFiles');
    const roots = this.#fsRoots(rec);
    for (const f of files) {
      throwIfAborted(opts?.signal);
      await writeContainerFile(roots, f, rec.id);
    }
  }

  /** {@inheritDoc ContainerDriver.getFile} */
  async getFile(id: string, path: string, opts?: OpOptions): Promise<Uint8Array> {
    if (typeof path !== 'string') throw new ValidationError([{ path: 'path', message: 'path must be a string' }]);
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const rec = await this.#record(id, 'getFile');
    return readContainerFile(this.#fsRoots(rec), path, rec.id, { signal: opts?.signal });
  }

  // ---------------------------------------------------------------- observation

  /** {@inheritDoc ContainerDriver.getContainerLogs} */
  async getContainerLogs(id: string, opts: LogOptions = {}): Promise<string> {
    validateLogOptions(opts);
    await this.#prepare();
    const rec = await this.#record(id, 'getContainerLogs');
    const match = logFilter(opts);
    const parts: string[] = [];
    const fh = await open(this.#layout.logFile(rec.id), 'r');
    try {
      const size = (await fh.stat()).size;
      const from = opts.tail === undefined ? 0 : await findTailOffset(fh, size, opts.tail, match);
      await readRecordsFrom(fh, from, (r) => {
        if (!match(r)) return;
        parts.push(opts.timestamps === true ? `${r.t} ${r.l}\n` : `${r.l}\n`);
      });
    } finally {
      await fh.close();
    }
    return parts.join('');
  }

  /** {@inheritDoc ContainerDriver.logs$} */
  logs$(id: string, opts: LogStreamOptions = {}): Observable<LogLine> {
    return new Observable<LogLine>((sub) => {
      let closed = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      /** Ends the poll wait at once: unsubscribing must let the loop return and close the handle. */
      let wake: (() => void) | undefined;
      let fh: import('node:fs/promises').FileHandle | undefined;
      const run = async (): Promise<void> => {
        validateLogOptions(opts);
        const match = logFilter(opts);
        await this.#prepare();
        const rec = await this.#record(id, 'logs$');
        fh = await open(this.#layout.logFile(rec.id), 'r');
        if (closed) return;
        const size = (await fh.stat()).size;
        let offset = opts.tail === undefined ? 0 : await findTailOffset(fh, size, opts.tail, match);
        const emit = (r: import('./logs/index.js').LogRecord): void => {
          if (!closed && match(r)) sub.next(toLogLine(r));
        };
        offset = await readRecordsFrom(fh, offset, emit, () => closed);
        if (opts.follow !== true) return;
        for (;;) {
          if (closed) return;
          const latest = await readJsonOrNull<ContainerRecord>(this.#layout.containerFile(rec.id));
          const running = latest !== null && (await this.#status(latest)).state === 'running';
          offset = await readRecordsFrom(fh, offset, emit, () => closed);
          if (!running || (opts.until !== undefined && Date.now() >= opts.until.getTime())) {
            offset = await readRecordsFrom(fh, offset, emit, () => closed);
            return;
          }
          if (closed) return; // unsubscribed during the reads above: no wait
          await new Promise<void>((r) => {
            wake = r;
            timer = setTimeout(r, this.options.pollIntervalMs);
          });
          wake = undefined;
        }
      };
      run()
        .then(
          () => {
            if (!closed) sub.complete();
          },
          (err: unknown) => {
            if (!closed)
              sub.error(
                isBerthError(err) ? err : new DriverUnavailableError(`logs$ failed: ${String(err)}`, { cause: err }),
              );
          },
        )
        .finally(() => {
          void fh?.close().catch(() => undefined);
        });
      return () => {
        closed = true;
        if (timer !== undefined) clearTimeout(timer);
        wake?.();
      };
    });
  }

  /** {@inheritDoc ContainerDriver.getStats} */
  async getStats(id: string): Promise<StatsSample> {
    await this.#prepare();
    const rec = await this.#record(id, 'getStats');
    const st = await this.#status(rec);
    if (st.state !== 'running' || st.run === null) {
      throw new ContainerConflictError(`Container ${rec.id} is not running; stats need a running container`, {
        containerId: rec.id,
        operation: 'getStats',
      });
    }
    const launch = await readJsonOrNull<LaunchSpec>(this.#layout.launchFile(rec.id));
    const { sample, baseline } = await sampleStats({
      containerId: rec.id,
      pgid: st.run.pid,
      startedAt: new Date(st.run.startedAt),
      cgroupDirs: launch?.cgroupDirs ?? [],
      memoryLimitBytes: rec.spec.resources?.memoryMb === undefined ? null : rec.spec.resources.memoryMb * 1024 * 1024,
      previous: this.#statsBaselines.get(rec.id) ?? null,
    });
    this.#statsBaselines.set(rec.id, baseline);
    return sample;
  }

  /** {@inheritDoc ContainerDriver.stats$} */
  stats$(id: string, opts: StatsStreamOptions = {}): Observable<StatsSample> {
    return new Observable<StatsSample>((sub) => {
      let interval: number;
      try {
        interval = validateStatsStreamOptions(opts)?.intervalMs ?? 1000;
      } catch (err) {
        sub.error(err);
        return;
      }
      let closed = false;
      let sampled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = (): void => {
        this.getStats(id).then(
          (s) => {
            if (closed) return;
            sampled = true;
            sub.next(s);
            timer = setTimeout(tick, interval);
          },
          (err: unknown) => {
            if (closed) return;
            // Not running (exited, never started) ends the stream; so does removal after a first sample.
            // An id unknown from the start is an error.
            if (ContainerConflictError.is(err) || (sampled && ContainerNotFoundError.is(err))) sub.complete();
            else sub.error(err);
          },
        );
      };
      tick();
      return () => {
        closed = true;
        if (timer !== undefined) clearTimeout(timer);
      };
    });
  }

  /** {@inheritDoc ContainerDriver.events$} */
  events$(f?: EventFilter): Observable<DriverEvent> {
    return new Observable<DriverEvent>((sub) => {
      try {
        validateEventFilter(f);
      } catch (err) {
        sub.error(err);
        return;
      }
      const subscription = this.#events.pipe(filter((e) => matchesEvent(e, f))).subscribe(sub);
      return () => subscription.unsubscribe();
    });
  }

  /** {@inheritDoc ContainerDriver.healthCheck} */
  async healthCheck(): Promise<DriverHealth> {
    const started = Date.now();
    try {
      await this.#prepare();
      await readdir(this.#layout.containersDir);
      return {
        healthy: true,
        latencyMs: Date.now() - started,
        details: {
          home: this.options.home,
          cgroups: this.#cgroups.hierarchies.map((h) => ({
            version: h.version,
            controllers: h.controllers,
            parent: h.parent,
          })),
          prlimit: this.#hasPrlimit,
          resourceLimits: this.capabilities.resourceLimits,
          isolation: 'none',
        },
      };
    } catch (err) {
      return { healthy: false, latencyMs: Date.now() - started, details: { error: String(err) } };
    }
  }

  /**
   * {@inheritDoc ContainerDriver.isContainerHealthy}
   *
   * Running and, when the spec has a health check, its last status is `healthy` (`starting` counts as not
   * healthy). Health lives in this driver instance's memory: a container started by another instance gets
   * its probe loop here on first ask (so it reads `starting` until the first probe).
   */
  async isContainerHealthy(id: string): Promise<boolean> {
    await this.#prepare();
    const rec = await this.#record(id, 'isContainerHealthy');
    const st = await this.#status(rec);
    if (st.state !== 'running') return false;
    if (rec.spec.healthcheck === undefined) return true;
    this.#startHealth(rec, st);
    return this.#health.get(rec.id)?.monitor.status === 'healthy';
  }

  // ---------------------------------------------------------------- volumes & networks

  async #ensureVolume(name: string, labels: Record<string, string> = {}): Promise<VolumeRecord> {
    const existing = await readJsonOrNull<VolumeRecord>(this.#layout.volumeFile(name));
    if (existing !== null) return existing;
    const rec: VolumeRecord = { name, labels, createdAt: new Date().toISOString() };
    await mkdir(this.#layout.volumeData(name), { recursive: true });
    await atomicWriteJson(this.#layout.volumeFile(name), rec);
    return rec;
  }

  #toVolume(v: VolumeRecord): Volume {
    return {
      name: v.name,
      labels: { ...v.labels },
      createdAt: new Date(v.createdAt),
      mountpoint: this.#layout.volumeData(v.name),
    };
  }

  /** {@inheritDoc ContainerDriver.createVolume} */
  async createVolume(spec: VolumeSpec): Promise<Volume> {
    await this.#prepare();
    const valid = validateVolumeSpec(spec);
    if (existsSync(this.#layout.volumeFile(valid.name))) {
      throw new ContainerConflictError(`Volume ${valid.name} already exists`, { operation: 'createVolume' });
    }
    return this.#toVolume(await this.#ensureVolume(valid.name, valid.labels ?? {}));
  }

  /** {@inheritDoc ContainerDriver.removeVolume} */
  async removeVolume(name: string): Promise<void> {
    await this.#prepare();
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name) || !existsSync(this.#layout.volumeFile(name))) {
      throw new VolumeNotFoundError(name, { operation: 'removeVolume' });
    }
    for (const rec of await this.#allRecords()) {
      if ((rec.spec.volumes ?? []).some((v) => v.type !== 'bind' && v.source === name)) {
        throw new ContainerConflictError(`Volume ${name} is used by container ${rec.id}; remove it first`, {
          containerId: rec.id,
          operation: 'removeVolume',
        });
      }
    }
    await rm(this.#layout.volumeDir(name), { recursive: true, force: true });
  }

  /** {@inheritDoc ContainerDriver.listVolumes} */
  async listVolumes(): Promise<Volume[]> {
    await this.#prepare();
    const out: Volume[] = [];
    for (const name of await readdir(this.#layout.volumesDir).catch(() => [] as string[])) {
      const v = await readJsonOrNull<VolumeRecord>(this.#layout.volumeFile(name));
      if (v !== null) out.push(this.#toVolume(v));
    }
    return out;
  }

  async #findNetwork(idOrName: string): Promise<NetworkRecord | null> {
    for (const n of await this.#allNetworks()) if (n.id === idOrName || n.name === idOrName) return n;
    return null;
  }

  async #allNetworks(): Promise<NetworkRecord[]> {
    const out: NetworkRecord[] = [];
    for (const file of await readdir(this.#layout.networksDir).catch(() => [] as string[])) {
      const n = await readJsonOrNull<NetworkRecord>(join(this.#layout.networksDir, file));
      if (n !== null) out.push(n);
    }
    return out;
  }

  #toNetwork(n: NetworkRecord): Network {
    return { id: n.id, name: n.name, labels: { ...n.labels }, internal: n.internal, createdAt: new Date(n.createdAt) };
  }

  /** {@inheritDoc ContainerDriver.createNetwork} */
  async createNetwork(spec: NetworkSpec): Promise<Network> {
    await this.#prepare();
    const valid = validateNetworkSpec(spec);
    if ((await this.#findNetwork(valid.name)) !== null) {
      throw new ContainerConflictError(`Network ${valid.name} already exists`, { operation: 'createNetwork' });
    }
    const rec: NetworkRecord = {
      id: randomBytes(32).toString('hex'),
      name: valid.name,
      labels: valid.labels ?? {},
      internal: valid.internal ?? false,
      createdAt: new Date().toISOString(),
    };
    await atomicWriteJson(this.#layout.networkFile(rec.id), rec);
    return this.#toNetwork(rec);
  }

  /** {@inheritDoc ContainerDriver.removeNetwork} */
  async removeNetwork(id: string): Promise<void> {
    await this.#prepare();
    const n = await this.#findNetwork(id);
    if (n === null) throw new NetworkNotFoundError(id, { operation: 'removeNetwork' });
    await rm(this.#layout.networkFile(n.id), { force: true });
  }

  /** {@inheritDoc ContainerDriver.listNetworks} */
  async listNetworks(): Promise<Network[]> {
    await this.#prepare();
    return (await this.#allNetworks()).map((n) => this.#toNetwork(n));
  }

  /** {@inheritDoc ContainerDriver.dispose} */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#ready.catch(() => undefined);
    for (const w of [...this.#watching.values()]) w.stop();
    for (const id of [...this.#health.keys()]) this.#stopHealth(id);
    this.#events.complete();
  }
}
