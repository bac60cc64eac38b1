import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
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
  type LogLine,
  type LogOptions,
  type LogStreamOptions,
  type Network,
  type NetworkSpec,
  type OpOptions,
  type RemoveOptions,
  type StatsSample,
  type StatsStreamOptions,
  type StopOptions,
  type SystemInfo,
  type SystemUsage,
  type SystemVersion,
  throwIfAborted,
  ValidationError,
  type Volume,
  type VolumeSpec,
  validateContainerFilter,
  validateFileEntries,
  validateStopOptions,
} from '@berth/core';
import type { Observable } from 'rxjs';
import { CgroupManager } from './cgroups/cgroup-manager.js';
import {
  type LocalDriverOptions,
  type ResolvedLocalDriverOptions,
  resolveLocalDriverOptions,
} from './config/local-driver-options.js';
import { ContainerExec } from './exec/container-exec.js';
import { readContainerFile, writeContainerFile } from './files/container-file-io.js';
import { HealthLoops } from './health/health-loops.js';
import { ContainerEvents } from './lifecycle/container-events.js';
import { ContainerFactory } from './lifecycle/container-factory.js';
import { ContainerLocks } from './lifecycle/container-locks.js';
import { ContainerProcesses } from './lifecycle/container-processes.js';
import type { ContainerStatus } from './lifecycle/container-status.js';
import { ExitWatchers } from './lifecycle/exit-watchers.js';
import { ContainerLogs } from './logs/container-logs.js';
import { ContainerSandbox } from './sandbox/container-sandbox.js';
import { probeSandbox, SANDBOX_HINT } from './sandbox/sandbox-probe.js';
import { atomicWriteFile } from './state/atomic-write.js';
import { ContainerStore, toContainerInstance } from './state/container-store.js';
import type { ContainerRecord } from './state/records.js';
import { ResourceStore } from './state/resource-store.js';
import { StateLayout } from './state/state-layout.js';
import { ContainerStats } from './stats/container-stats.js';
import { SUPERVISOR_SOURCE } from './supervisor/supervisor-source.js';
import { LocalSystemInfo } from './system/local-system-info.js';

const VERSION = '0.1.0';
const DEFAULT_STOP_TIMEOUT_MS = 10_000;

/**
 * Berth's embedded driver: every container is a process group on this host, started through a small
 * detached supervisor that owns its pipes, timestamps its output into a log file and records its exit.
 * Limits come from per-container cgroups (v1 or v2) when the driver runs as root, else from rlimits.
 * Each container runs inside bubblewrap (`capabilities.isolation: 'process'`): its rootfs as its `/`, the host's
 * system read-only, its own PID, network (loopback only unless `network: 'host'`), IPC and UTS namespaces.
 * Without a usable `bwrap` it refuses to run containers, unless opted out with `isolation: 'none'`
 * (or `BERTH_LOCAL_ISOLATION=none`): then there is no isolation from the host beyond the limits.
 *
 * A facade: records live in {@link ContainerStore}, volumes and networks in {@link ResourceStore}; runs are
 * started and stopped by {@link ContainerProcesses} and watched by {@link ExitWatchers}; exec, logs, stats,
 * health checks and events each have their collaborator (see the package README's source map).
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
  readonly #store: ContainerStore;
  readonly #resources: ResourceStore;
  readonly #factory: ContainerFactory;
  readonly #processes: ContainerProcesses;
  readonly #events = new ContainerEvents();
  readonly #exits: ExitWatchers;
  readonly #health: HealthLoops;
  readonly #exec: ContainerExec;
  readonly #logs: ContainerLogs;
  readonly #stats: ContainerStats;
  readonly #locks = new ContainerLocks();
  readonly #sandbox: ContainerSandbox;
  readonly #system: LocalSystemInfo;
  readonly #ready: Promise<void>;
  #supervisorPath: string | null = null;
  #disposed = false;

  /**
   * @param options - state root and behaviour; invalid options throw `ValidationError`.
   * @throws DriverUnavailableError with `requireIsolation: true` when bubblewrap is not usable here.
   */
  constructor(options: LocalDriverOptions = {}) {
    this.options = resolveLocalDriverOptions(options);
    const sandbox = new ContainerSandbox(
      this.options.isolation === 'process' ? probeSandbox() : null,
      this.options.seccomp ? join(this.options.home, 'seccomp', 'default.bpf') : null,
    );
    if (this.options.requireIsolation && sandbox.mode !== 'process') {
      throw new DriverUnavailableError(
        `requireIsolation: the local driver cannot sandbox containers: ${String(sandbox.details()['reason'])}; ${SANDBOX_HINT}`,
      );
    }
    this.#sandbox = sandbox;
    const layout = new StateLayout(this.options.home);
    this.#layout = layout;
    this.#cgroups = this.options.cgroups ? CgroupManager.probe() : new CgroupManager([]);
    const prepare = (): Promise<void> => this.#prepare();
    const store = new ContainerStore(layout);
    this.#store = store;
    this.#resources = new ResourceStore(layout, () => store.all());
    this.#factory = new ContainerFactory(layout, store, this.#resources, sandbox.mode === 'none');
    this.#processes = new ContainerProcesses({
      layout,
      store,
      cgroups: this.#cgroups,
      supervisorPath: () => this.#supervisorPath ?? '',
      pollIntervalMs: this.options.pollIntervalMs,
      sandbox,
    });
    this.#health = new HealthLoops({
      probe: async (rec, check, timeoutMs, signal) => {
        const r = await this.exec(rec.id, { command: check.command, timeoutMs, signal });
        return r.exitCode === 0 && !r.timedOut;
      },
      changed: (rec, healthy) => this.#events.publish('health', rec, { healthy }),
    });
    this.#exits = new ExitWatchers(store, (id) => layout.runDir(id), {
      exited: (rec, st) => {
        this.#health.stop(rec.id, rec.runId);
        if (st.exit?.oomKilled === true) this.#events.publish('oom', rec);
        this.#events.publish('exited', rec, { exitCode: st.exit?.exitCode ?? 255 });
      },
      superseded: (rec) => this.#health.stop(rec.id, rec.runId),
    });
    this.#exec = new ContainerExec({
      layout,
      store,
      prepare,
      prlimitArgs: (l) => this.#processes.prlimitArgs(l),
      assertUnsandboxedExec: (id) => sandbox.assertUsable('exec', id),
    });
    this.#logs = new ContainerLogs({ layout, store, prepare, pollIntervalMs: this.options.pollIntervalMs });
    this.#stats = new ContainerStats({ store, prepare });
    this.#system = new LocalSystemInfo({
      version: VERSION,
      home: this.options.home,
      containersDir: layout.containersDir,
      volumesDir: layout.volumesDir,
      isolation: sandbox.isolation,
      sandbox: () => sandbox.details(),
      states: async () => (await store.list(undefined, this.name)).map((c) => c.state),
    });
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
      isolation: sandbox.isolation,
      systemInfo: true,
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
    const recs = await this.#store.all();
    for (const rec of recs) {
      const st = await this.#store.status(rec);
      if (st.state === 'running') {
        this.#exits.watch(rec);
        this.#health.start(rec, st);
      }
    }
    // and remove the empty cgroups its containers' earlier runs left (a crashed supervisor, a failed start)
    await this.#processes.sweepStaleCgroups(recs).catch(() => 0);
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

  /** Readiness check, then the record of `id` (by id or name). */
  async #find(id: string, operation: string): Promise<ContainerRecord> {
    await this.#prepare();
    return this.#store.find(id, operation);
  }

  // ---------------------------------------------------------------- lifecycle

  /** {@inheritDoc ContainerDriver.createContainer} */
  async createContainer(spec: ContainerSpec, opts?: OpOptions): Promise<ContainerInstance> {
    await this.#prepare();
    throwIfAborted(opts?.signal);
    this.#sandbox.assertUsable('createContainer');
    const rec = await this.#factory.create(spec);
    this.#events.publish('created', rec);
    return toContainerInstance(rec, { state: 'created', run: null, exit: null }, this.name);
  }

  /** {@inheritDoc ContainerDriver.startContainer} */
  async startContainer(id: string, opts?: OpOptions): Promise<void> {
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const rec0 = await this.#store.find(id, 'startContainer');
    await this.#locks.run(rec0.id, async () => {
      const rec = await this.#store.find(rec0.id, 'startContainer');
      const st = await this.#store.status(rec);
      if (st.state === 'running') return;
      await this.#start(rec);
    });
  }

  /** Starts the next run, then publishes `started` and watches it (exit, health check). */
  async #start(rec: ContainerRecord): Promise<void> {
    const next = await this.#processes.start(rec);
    this.#events.publish('started', next);
    this.#exits.watch(next);
    this.#health.start(next, null);
  }

  /** Stops the health check and the run; `true` when it was running. */
  async #stop(rec: ContainerRecord, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    this.#health.stop(rec.id);
    return this.#processes.stop(rec, timeoutMs, signal);
  }

  /** {@inheritDoc ContainerDriver.stopContainer} */
  async stopContainer(id: string, opts?: StopOptions): Promise<void> {
    validateStopOptions(opts);
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const rec0 = await this.#store.find(id, 'stopContainer');
    await this.#locks.run(rec0.id, async () => {
      const rec = await this.#store.find(rec0.id, 'stopContainer');
      if (await this.#stop(rec, opts?.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS, opts?.signal)) {
        this.#events.publish('stopped', rec);
      }
    });
  }

  /** {@inheritDoc ContainerDriver.restartContainer} */
  async restartContainer(id: string, opts?: StopOptions): Promise<void> {
    validateStopOptions(opts);
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const rec0 = await this.#store.find(id, 'restartContainer');
    await this.#locks.run(rec0.id, async () => {
      const rec = await this.#store.find(rec0.id, 'restartContainer');
      if (await this.#stop(rec, opts?.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS, opts?.signal))
        this.#events.publish('stopped', rec);
      await this.#start(await this.#store.find(rec0.id, 'restartContainer'));
    });
  }

  /** {@inheritDoc ContainerDriver.removeContainer} */
  async removeContainer(id: string, opts?: RemoveOptions): Promise<void> {
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const rec0 = await this.#store.find(id, 'removeContainer');
    await this.#locks.run(rec0.id, async () => {
      const rec = await this.#store.find(rec0.id, 'removeContainer');
      const st = await this.#store.status(rec);
      if (st.state === 'running') {
        if (opts?.force !== true) {
          throw new ContainerConflictError(`Container ${rec.id} is running; stop it first or pass force: true`, {
            containerId: rec.id,
            operation: 'removeContainer',
          });
        }
        await this.#stop(rec, 0);
      }
      await this.#exits.settleBeforeRemoval(rec);
      this.#health.stop(rec.id);
      this.#stats.forget(rec.id);
      await this.#processes.removeCgroups(rec);
      await this.#store.remove(rec.id);
      this.#events.publish('removed', rec);
    });
  }

  /** {@inheritDoc ContainerDriver.waitContainer} */
  async waitContainer(id: string, opts?: OpOptions): Promise<ExitStatus> {
    const rec = await this.#find(id, 'waitContainer');
    return this.#processes.waitExit(rec, opts?.signal);
  }

  /** {@inheritDoc ContainerDriver.getContainer} */
  async getContainer(id: string): Promise<ContainerInstance | null> {
    await this.#prepare();
    try {
      const rec = await this.#store.find(id, 'getContainer');
      return toContainerInstance(rec, await this.#store.status(rec), this.name);
    } catch (err) {
      if (ContainerNotFoundError.is(err)) return null;
      throw err;
    }
  }

  /** {@inheritDoc ContainerDriver.listContainers} */
  async listContainers(f?: ContainerFilter): Promise<ContainerInstance[]> {
    validateContainerFilter(f);
    await this.#prepare();
    return this.#store.list(f, this.name);
  }

  // ---------------------------------------------------------------- exec & files

  /** {@inheritDoc ContainerDriver.exec} */
  exec(id: string, spec: ExecSpec): Promise<ExecResult> {
    return this.#exec.exec(id, spec);
  }

  /** {@inheritDoc ContainerDriver.execStream} */
  execStream(id: string, spec: ExecSpec): ExecHandle {
    return this.#exec.execStream(id, spec);
  }

  /** {@inheritDoc ContainerDriver.putFiles} */
  async putFiles(id: string, files: FileEntry[], opts?: OpOptions): Promise<void> {
    validateFileEntries(files);
    await this.#prepare();
    throwIfAborted(opts?.signal);
    const rec = await this.#store.find(id, 'putFiles');
    const roots = this.#store.fsRoots(rec);
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
    const rec = await this.#store.find(id, 'getFile');
    return readContainerFile(this.#store.fsRoots(rec), path, rec.id, { signal: opts?.signal });
  }

  // ---------------------------------------------------------------- observation

  /** {@inheritDoc ContainerDriver.getContainerLogs} */
  getContainerLogs(id: string, opts: LogOptions = {}): Promise<string> {
    return this.#logs.read(id, opts);
  }

  /** {@inheritDoc ContainerDriver.logs$} */
  logs$(id: string, opts: LogStreamOptions = {}): Observable<LogLine> {
    return this.#logs.logs$(id, opts);
  }

  /** {@inheritDoc ContainerDriver.getStats} */
  getStats(id: string): Promise<StatsSample> {
    return this.#stats.sample(id);
  }

  /** {@inheritDoc ContainerDriver.stats$} */
  stats$(id: string, opts: StatsStreamOptions = {}): Observable<StatsSample> {
    return this.#stats.stream$(id, opts);
  }

  /** {@inheritDoc ContainerDriver.events$} */
  events$(f?: EventFilter): Observable<DriverEvent> {
    return this.#events.events$(f);
  }

  /** {@inheritDoc ContainerDriver.healthCheck} */
  async healthCheck(): Promise<DriverHealth> {
    const started = Date.now();
    try {
      await this.#prepare();
      await readdir(this.#layout.containersDir);
      const refused = this.#sandbox.mode === 'refused';
      return {
        healthy: !refused,
        latencyMs: Date.now() - started,
        details: {
          home: this.options.home,
          cgroups: this.#cgroups.hierarchies.map((h) => ({
            version: h.version,
            controllers: h.controllers,
            parent: h.parent,
          })),
          prlimit: this.#processes.hasPrlimit,
          resourceLimits: this.capabilities.resourceLimits,
          isolation: this.capabilities.isolation,
          sandbox: this.#sandbox.details(),
          ...(refused ? { error: `cannot sandbox containers: ${String(this.#sandbox.details()['reason'])}` } : {}),
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
    const rec = await this.#find(id, 'isContainerHealthy');
    const st: ContainerStatus = await this.#store.status(rec);
    if (st.state !== 'running') return false;
    if (rec.spec.healthcheck === undefined) return true;
    this.#health.start(rec, st);
    return this.#health.status(rec.id) === 'healthy';
  }

  // ---------------------------------------------------------------- volumes & networks

  /** {@inheritDoc ContainerDriver.createVolume} */
  async createVolume(spec: VolumeSpec): Promise<Volume> {
    await this.#prepare();
    return this.#resources.createVolume(spec);
  }

  /** {@inheritDoc ContainerDriver.removeVolume} */
  async removeVolume(name: string): Promise<void> {
    await this.#prepare();
    return this.#resources.removeVolume(name);
  }

  /** {@inheritDoc ContainerDriver.listVolumes} */
  async listVolumes(): Promise<Volume[]> {
    await this.#prepare();
    return this.#resources.listVolumes();
  }

  /** {@inheritDoc ContainerDriver.createNetwork} */
  async createNetwork(spec: NetworkSpec): Promise<Network> {
    await this.#prepare();
    return this.#resources.createNetwork(spec);
  }

  /** {@inheritDoc ContainerDriver.removeNetwork} */
  async removeNetwork(id: string): Promise<void> {
    await this.#prepare();
    return this.#resources.removeNetwork(id);
  }

  /** {@inheritDoc ContainerDriver.listNetworks} */
  async listNetworks(): Promise<Network[]> {
    await this.#prepare();
    return this.#resources.listNetworks();
  }

  /**
   * {@inheritDoc ContainerDriver.getSystemInfo}
   *
   * The host (OS, kernel, CPUs, memory), the containers by state, this driver's version as `serverVersion`, and in
   * `details` its isolation mode and the sandbox (bubblewrap's path and version, or why it is not usable).
   */
  async getSystemInfo(): Promise<SystemInfo> {
    await this.#prepare();
    return this.#system.info();
  }

  /** {@inheritDoc ContainerDriver.getSystemVersion} */
  async getSystemVersion(): Promise<SystemVersion> {
    await this.#prepare();
    return this.#system.version();
  }

  /** {@inheritDoc ContainerDriver.getSystemUsage} The local driver has no images or build cache (0). */
  async getSystemUsage(): Promise<SystemUsage> {
    await this.#prepare();
    return this.#system.usage();
  }

  /** {@inheritDoc ContainerDriver.dispose} */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const ready = await this.#ready.then(
      () => true,
      () => false,
    );
    if (ready) await this.#processes.sweepStaleCgroups(await this.#store.all().catch(() => [])).catch(() => 0);
    this.#exits.close();
    this.#health.close();
    this.#events.close();
  }
}
