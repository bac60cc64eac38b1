import {
  type BuildImageOptions,
  type BuildImageResult,
  ContainerConflictError,
  type ContainerDetails,
  type ContainerDriver,
  type ContainerFilter,
  type ContainerInstance,
  ContainerNotFoundError,
  type ContainerSpec,
  type DriverCapabilities,
  type DriverEvent,
  type DriverHealth,
  type EngineEvent,
  type EngineEventFilter,
  type EventFilter,
  type ExecHandle,
  type ExecResult,
  type ExecSpec,
  type ExitStatus,
  type FileEntry,
  type ImageInfo,
  type LogLine,
  type LogOptions,
  type LogStreamOptions,
  matchesEventFilter,
  type Network,
  NetworkNotFoundError,
  type NetworkSpec,
  type OpOptions,
  type PullOptions,
  type RemoveOptions,
  raceAbort,
  type StatsSample,
  type StatsStreamOptions,
  type StopOptions,
  type SystemInfo,
  type SystemUsage,
  type SystemVersion,
  settleLimited,
  type Volume,
  type VolumeSpec,
  validateContainerSpec,
  validateEngineEventFilter,
  validateExecSpec,
  validateFileEntries,
  validateStopOptions,
} from '@berth/core';
import type Docker from 'dockerode';
import { defer, EMPTY, filter, map, type Observable, switchMap, takeUntil, throwError } from 'rxjs';
import { DockerImageBuilder } from './build/docker-image-builder.js';
import { createDockerClient } from './client/create-docker-client.js';
import { type DockerEngineProbe, dockerCapabilities, probeDockerEngine } from './client/probe-docker-engine.js';
import { connectionFromEnv } from './config/connection-from-env.js';
import type { DockerDriverOptions } from './config/docker-driver-options.js';
import { resolveStatsIntervalMs } from './config/docker-settings-from-env.js';
import { engineStatus, isAbortError, mapDockerError } from './errors/map-docker-error.js';
import {
  type EngineEventStreamOptions,
  engineEventFilters,
  engineEvents$,
  type OpenableObservable,
  withOpened,
} from './events/engine-event-stream.js';
import { toDriverEvent } from './events/to-driver-event.js';
import { engineObjectEventFilters, matchesEngineEventFilter, toEngineEvent } from './events/to-engine-event.js';
import { DockerExecSession } from './exec/docker-exec-session.js';
import { DockerFileTransfer } from './files/docker-file-transfer.js';
import { DockerImageClient } from './images/docker-image-client.js';
import { containerLabelFilter, filterStates } from './instance/container-filter.js';
import { toContainerDetails } from './instance/to-container-details.js';
import { parseEngineTime, toContainerInstance } from './instance/to-container-instance.js';
import { DisposeSignal } from './lifecycle/dispose-signal.js';
import { containerLogs$ } from './logs/container-logs.js';
import { logText } from './logs/log-text.js';
import { DockerResourceClient } from './resources/docker-resource-client.js';
import { fitSpecToEngine } from './spec/fit-spec-to-engine.js';
import { toCreateOptions } from './spec/to-create-options.js';
import { containerStats, containerStats$ } from './stats/container-stats.js';
import { DockerSystemClient } from './system/docker-system-client.js';

/** Version of this driver. */
export const DOCKER_DRIVER_VERSION = '0.1.0';

/** Containers `listContainers` inspects at once (it inspects each one it lists). */
const LIST_INSPECT_CONCURRENCY = 16;

/**
 * Berth's driver for the Docker Engine API (dockerode). Collaborators are injected: the dockerode client,
 * the image client and the volume/network client.
 *
 * Capabilities are settled before anyone can read them. Prefer {@link DockerDriver.connect}: it negotiates the
 * API version and probes the storage driver first, then builds the driver with the capabilities the engine has
 * (disk limits included when its storage enforces them). `new DockerDriver(options)` answers at once with the
 * conservative declared capabilities (no disk limits, unless `options.engine` carries a probe) and negotiates
 * the API version lazily on its first call; its capabilities never change afterwards.
 *
 * @example
 * ```ts
 * const driver = await DockerDriver.connect({ connection: { socketPath: '/var/run/docker.sock' } });
 * const c = await driver.createContainer({ image: 'berth/busybox:latest', command: ['sleep', '60'] });
 * await driver.startContainer(c.id);
 * console.log((await driver.exec(c.id, { command: ['echo', 'hi'] })).stdout);
 * await driver.removeContainer(c.id, { force: true });
 * ```
 */
export class DockerDriver implements ContainerDriver {
  /** {@inheritDoc ContainerDriver.name} */
  readonly name = 'docker';
  /** {@inheritDoc ContainerDriver.version} */
  readonly version = DOCKER_DRIVER_VERSION;
  /**
   * What this driver supports, settled at construction and frozen (never changed by {@link ready}): per-container
   * disk limits only when the engine was probed first ({@link DockerDriver.connect}, or the `engine` option) and
   * its storage enforces them; `new DockerDriver()` without `engine` declares none.
   */
  readonly capabilities: DriverCapabilities;
  /** The dockerode client (for advanced use; Berth's own calls go through the driver). */
  readonly docker: Docker;
  /** Host id when part of a pool. */
  readonly hostId: string | undefined;
  readonly #images: DockerImageClient;
  readonly #resources: DockerResourceClient;
  readonly #defaultNetwork: string;
  readonly #eventOptions: EngineEventStreamOptions;
  readonly #statsIntervalMs: number;
  readonly #builder: DockerImageBuilder;
  readonly #system: DockerSystemClient;
  #ready: Promise<DockerEngineProbe> | undefined;
  /** Fired once on dispose: ends every stream this driver returned. */
  readonly #dispose = new DisposeSignal();

  /** @param options - injected client and settings. */
  constructor(options: DockerDriverOptions = {}) {
    // checked before a client is built, so a bad value leaves nothing open
    this.#statsIntervalMs = resolveStatsIntervalMs(options.statsIntervalMs);
    this.docker = options.docker ?? createDockerClient(options.connection ?? connectionFromEnv());
    this.hostId = options.hostId;
    this.#images = options.images ?? new DockerImageClient(this.docker);
    this.#resources = options.resources ?? new DockerResourceClient(this.docker);
    this.#defaultNetwork = options.defaultNetwork ?? 'bridge';
    this.#eventOptions = options.events ?? {};
    this.#builder = new DockerImageBuilder(this.docker);
    this.#system = new DockerSystemClient(this.docker, this.hostId);
    this.capabilities = dockerCapabilities(options.engine?.storage);
    if (options.engine !== undefined) {
      const modem = this.docker.modem as { version?: string | undefined };
      modem.version ??= `v${options.engine.version.apiVersion}`;
      this.#ready = Promise.resolve(options.engine);
    }
  }

  /**
   * Probes the engine (API version pinned, storage driver read), then builds the driver with the capabilities
   * that engine has. Rejects with `DriverUnavailableError` when the engine does not answer.
   */
  static async connect(options: DockerDriverOptions = {}): Promise<DockerDriver> {
    resolveStatsIntervalMs(options.statsIntervalMs); // a bad value or STATS_INTERVAL throws before anything opens
    const docker = options.docker ?? createDockerClient(options.connection ?? connectionFromEnv());
    let engine: DockerEngineProbe;
    try {
      engine = options.engine ?? (await probeDockerEngine(docker));
    } catch (err) {
      // a client built here is ours to close
      if (options.docker === undefined) (docker.modem as { agent?: { destroy?: () => void } }).agent?.destroy?.();
      throw err;
    }
    return new DockerDriver({ ...options, docker, engine });
  }

  /**
   * The engine's probe: given at construction, or asked once (API version negotiated, storage read) and kept.
   * Does not change `capabilities`. Rejects with `DriverUnavailableError` (and asks again on the next call).
   */
  async ready(): Promise<DockerEngineProbe> {
    this.#ready ??= probeDockerEngine(this.docker).catch((err: unknown) => {
      this.#ready = undefined;
      throw err;
    });
    return this.#ready;
  }

  #container(id: string): Docker.Container {
    return this.docker.getContainer(id);
  }

  async #inspect(id: string, operation: string): Promise<Docker.ContainerInspectInfo> {
    await this.ready();
    try {
      return await this.#container(id).inspect();
    } catch (err) {
      throw mapDockerError(err, { operation, id });
    }
  }

  async #call<T>(operation: string, id: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    await raceAbort(this.ready(), signal);
    try {
      return await raceAbort(fn(), signal);
    } catch (err) {
      if (isAbortError(err) || (signal !== undefined && err === signal.reason)) throw err;
      // 304: already started / already stopped — a no-op by contract
      if (engineStatus(err) === 304) return undefined as T;
      throw mapDockerError(err, { operation, id });
    }
  }

  /** {@inheritDoc ContainerDriver.createContainer} */
  async createContainer(input: ContainerSpec, opts: OpOptions = {}): Promise<ContainerInstance> {
    // canonical form (the seed's spellings normalised), then what this engine takes: a disk limit its storage
    // cannot enforce is accepted and not enforced (healthCheck reports it), cpu is capped at the host's CPUs
    const valid = validateContainerSpec(input);
    const { storage } = await this.ready();
    const spec = fitSpecToEngine(valid, storage);
    if (spec.network !== undefined && !spec.network.startsWith('container:')) {
      // The engine accepts an unknown network at create and fails only at start: check it now.
      const found = await this.docker
        .getNetwork(spec.network)
        .inspect()
        .then(
          () => true,
          (err: unknown) =>
            engineStatus(err) === 404 ? false : Promise.reject(mapDockerError(err, { operation: 'createContainer' })),
        );
      if (!found) throw new NetworkNotFoundError(spec.network);
    }
    const options = toCreateOptions(spec, { defaultNetwork: this.#defaultNetwork });
    const created = await this.#call('createContainer', spec.name ?? spec.image, opts.signal, async () => {
      try {
        return await this.docker.createContainer(options);
      } catch (err) {
        const status = engineStatus(err);
        if (status === 404 && /no such image/i.test(String((err as Error).message))) {
          throw mapDockerError(err, { operation: 'createContainer', kind: 'image', id: spec.image });
        }
        throw err;
      }
    });
    return toContainerInstance(await this.#inspect(created.id, 'createContainer'), this.hostId);
  }

  /** {@inheritDoc ContainerDriver.startContainer} */
  async startContainer(id: string, opts: OpOptions = {}): Promise<void> {
    await this.#call('startContainer', id, opts.signal, () => this.#container(id).start());
  }

  /** {@inheritDoc ContainerDriver.stopContainer} */
  async stopContainer(id: string, opts: StopOptions = {}): Promise<void> {
    validateStopOptions(opts);
    const t = Math.ceil((opts.timeoutMs ?? 10_000) / 1000);
    await this.#call('stopContainer', id, opts.signal, () => this.#container(id).stop({ t }));
  }

  /** {@inheritDoc ContainerDriver.restartContainer} */
  async restartContainer(id: string, opts: StopOptions = {}): Promise<void> {
    validateStopOptions(opts);
    const t = Math.ceil((opts.timeoutMs ?? 10_000) / 1000);
    await this.#call('restartContainer', id, opts.signal, () => this.#container(id).restart({ t }));
  }

  /** {@inheritDoc ContainerDriver.removeContainer} */
  async removeContainer(id: string, opts: RemoveOptions = {}): Promise<void> {
    await this.#call('removeContainer', id, opts.signal, () =>
      this.#container(id).remove({ force: opts.force ?? false, v: opts.removeVolumes ?? false }),
    );
  }

  /** {@inheritDoc ContainerDriver.waitContainer} */
  async waitContainer(id: string, opts: OpOptions = {}): Promise<ExitStatus> {
    // A created container is "not running" to the engine, but has not exited: wait for its next exit.
    const created = (await this.#inspect(id, 'waitContainer')).State.Status === 'created';
    const result = (await this.#call('waitContainer', id, opts.signal, () =>
      this.#container(id).wait({
        condition: created ? 'next-exit' : 'not-running',
        ...(opts.signal === undefined ? {} : { abortSignal: opts.signal }),
      }),
    )) as { StatusCode: number };
    const inspect = () =>
      this.#inspect(id, 'waitContainer').catch(() => {
        // Removed before it ever ran: there was no exit to report.
        if (created) throw new ContainerNotFoundError(id, { operation: 'waitContainer' });
        return undefined;
      });
    let info = await inspect();
    // The engine records an OOM kill from its own event, which can land after the exit (on a loaded engine more
    // than 300 ms after it): a memory-limited container killed by SIGKILL is looked at again, up to ~3 s in all.
    const memoryLimited = (info?.HostConfig.Memory ?? 0) > 0;
    for (let delay = 200; result.StatusCode === 137 && memoryLimited && info?.State.OOMKilled === false; delay *= 2) {
      if (delay > 1600) break;
      await new Promise((r) => setTimeout(r, delay));
      info = (await inspect()) ?? info;
    }
    return {
      exitCode: result.StatusCode,
      oomKilled: info?.State.OOMKilled ?? false,
      finishedAt: parseEngineTime(info?.State.FinishedAt) ?? new Date(),
    };
  }

  /** {@inheritDoc ContainerDriver.getContainer} */
  async getContainer(id: string): Promise<ContainerInstance | null> {
    await this.ready();
    try {
      return toContainerInstance(await this.#container(id).inspect(), this.hostId);
    } catch (err) {
      if (engineStatus(err) === 404) return null;
      throw mapDockerError(err, { operation: 'getContainer', id });
    }
  }

  /** {@inheritDoc ContainerDriver.listContainers} */
  async listContainers(f: ContainerFilter = {}): Promise<ContainerInstance[]> {
    await this.ready();
    const labels = containerLabelFilter(f);
    const filters: Record<string, string[]> = {};
    if (labels.length > 0) filters['label'] = labels;
    if (f.name !== undefined) filters['name'] = [f.name];
    let summaries: Docker.ContainerInfo[];
    try {
      summaries = await this.docker.listContainers({ all: true, filters });
    } catch (err) {
      throw mapDockerError(err, { operation: 'listContainers' });
    }
    const states = filterStates(f);
    // Bounded: one inspect per container, and 1,000 at once is a burst dockerd answers by stalling.
    const inspected = (await settleLimited(summaries, LIST_INSPECT_CONCURRENCY, (s) => this.getContainer(s.Id))).map(
      (r) => (r.status === 'fulfilled' ? r.value : null),
    );
    return inspected.filter(
      (c): c is ContainerInstance =>
        c !== null && (f.name === undefined || c.name === f.name) && (states === undefined || states.includes(c.state)),
    );
  }

  /** {@inheritDoc ContainerDriver.exec} */
  async exec(id: string, spec: ExecSpec): Promise<ExecResult> {
    validateExecSpec(spec);
    await this.ready();
    return new DockerExecSession(this.#container(id), spec, { closeStdin: true }).exit;
  }

  /** {@inheritDoc ContainerDriver.execStream} */
  execStream(id: string, spec: ExecSpec): ExecHandle {
    validateExecSpec(spec);
    return new DockerExecSession(this.#container(id), spec, { closeStdin: false });
  }

  /** {@inheritDoc ContainerDriver.putFiles} */
  async putFiles(id: string, files: FileEntry[], opts: OpOptions = {}): Promise<void> {
    validateFileEntries(files);
    const info = await this.#inspect(id, 'putFiles');
    opts.signal?.throwIfAborted();
    await raceAbort(
      new DockerFileTransfer(this.#container(id)).putFiles(files, info.Config.WorkingDir || '/'),
      opts.signal,
    );
  }

  /** {@inheritDoc ContainerDriver.getFile} */
  async getFile(id: string, path: string, opts: OpOptions = {}): Promise<Uint8Array> {
    const info = await this.#inspect(id, 'getFile');
    opts.signal?.throwIfAborted();
    return raceAbort(
      new DockerFileTransfer(this.#container(id)).getFile(path, info.Config.WorkingDir || '/'),
      opts.signal,
    );
  }

  /** {@inheritDoc ContainerDriver.getContainerLogs} */
  async getContainerLogs(id: string, opts: LogOptions = {}): Promise<string> {
    return logText((o) => this.logs$(id, o), opts);
  }

  /** {@inheritDoc ContainerDriver.logs$} */
  logs$(id: string, opts: LogStreamOptions = {}): Observable<LogLine> {
    return containerLogs$(this.#container(id), opts).pipe(takeUntil(this.#dispose.disposing$));
  }

  /** {@inheritDoc ContainerDriver.getStats} */
  async getStats(id: string): Promise<StatsSample> {
    const info = await this.#inspect(id, 'getStats');
    // The engine answers an all-zero sample for a stopped container: not a measurement.
    if (info.State?.Running !== true) {
      throw new ContainerConflictError(`Container ${id} is not running; stats need a running container`, {
        containerId: id,
        operation: 'getStats',
      });
    }
    return containerStats(this.#container(id));
  }

  /** {@inheritDoc ContainerDriver.stats$} */
  stats$(id: string, opts: StatsStreamOptions = {}): Observable<StatsSample> {
    return defer(() => this.#inspect(id, 'stats$')).pipe(
      switchMap((info) =>
        info.State?.Running === true
          ? containerStats$(this.#container(id), opts.intervalMs ?? this.#statsIntervalMs)
          : EMPTY,
      ),
      takeUntil(this.#dispose.disposing$),
    );
  }

  /**
   * {@inheritDoc ContainerDriver.events$}
   *
   * Its `opened` resolves once the engine accepted the stream (see {@link OpenableObservable}): await it before
   * creating a container whose events must be seen.
   */
  events$(eventFilter?: EventFilter): OpenableObservable<DriverEvent> {
    const host = this.hostId;
    const source = engineEvents$(this.docker, engineEventFilters(eventFilter), this.#eventOptions);
    const events = source.pipe(
      map((e) => toDriverEvent(e, host)),
      filter((e): e is DriverEvent => e !== undefined),
      // the engine filtered by container, labels and session already; core's filter is the contract's meaning
      filter((e) => matchesEventFilter(e, eventFilter)),
      takeUntil(this.#dispose.disposing$),
    );
    return withOpened(events, source.opened);
  }

  /** {@inheritDoc ContainerDriver.healthCheck} */
  async healthCheck(): Promise<DriverHealth> {
    const started = performance.now();
    try {
      await this.docker.ping();
      const { version, storage } = await this.ready();
      return {
        healthy: true,
        latencyMs: performance.now() - started,
        details: {
          engineVersion: version.engineVersion,
          apiVersion: version.apiVersion,
          os: version.os,
          storageDriver: storage.driver,
          // what a spec may ask that this engine accepts without enforcing (disk: overlay2 needs xfs with pquota)
          resourceLimits: { cpu: true, memory: true, pids: true, disk: storage.diskLimit },
          notEnforced: storage.diskLimit ? [] : ['disk'],
          ...(this.hostId === undefined ? {} : { host: this.hostId }),
        },
      };
    } catch (err) {
      return {
        healthy: false,
        latencyMs: performance.now() - started,
        details: {
          error: mapDockerError(err, { operation: 'healthCheck' }).message,
          ...(this.hostId === undefined ? {} : { host: this.hostId }),
        },
      };
    }
  }

  /** {@inheritDoc ContainerDriver.isContainerHealthy} */
  async isContainerHealthy(id: string): Promise<boolean> {
    const info = await this.#inspect(id, 'isContainerHealthy');
    if (!info.State.Running) return false;
    const health = (info.State as { Health?: { Status?: string } }).Health;
    return health === undefined || health.Status === 'healthy';
  }

  /** {@inheritDoc ContainerDriver.createVolume} */
  async createVolume(spec: VolumeSpec): Promise<Volume> {
    await this.ready();
    return this.#resources.createVolume(spec);
  }
  /** {@inheritDoc ContainerDriver.removeVolume} */
  async removeVolume(name: string): Promise<void> {
    await this.ready();
    return this.#resources.removeVolume(name);
  }
  /** {@inheritDoc ContainerDriver.listVolumes} */
  async listVolumes(): Promise<Volume[]> {
    await this.ready();
    return this.#resources.listVolumes();
  }
  /** {@inheritDoc ContainerDriver.createNetwork} */
  async createNetwork(spec: NetworkSpec): Promise<Network> {
    await this.ready();
    return this.#resources.createNetwork(spec);
  }
  /** {@inheritDoc ContainerDriver.removeNetwork} */
  async removeNetwork(id: string): Promise<void> {
    await this.ready();
    return this.#resources.removeNetwork(id);
  }
  /** {@inheritDoc ContainerDriver.listNetworks} */
  async listNetworks(): Promise<Network[]> {
    await this.ready();
    return this.#resources.listNetworks();
  }

  /** {@inheritDoc ContainerDriver.pullImage} */
  async pullImage(image: string, opts: PullOptions = {}): Promise<void> {
    await this.ready();
    return this.#images.pull(image, opts);
  }
  /** {@inheritDoc ContainerDriver.listImages} */
  async listImages(): Promise<ImageInfo[]> {
    await this.ready();
    return this.#images.list();
  }
  /** {@inheritDoc ContainerDriver.removeImage} */
  async removeImage(image: string, opts: { force?: boolean } = {}): Promise<void> {
    await this.ready();
    return this.#images.remove(image, opts);
  }

  /** {@inheritDoc ContainerDriver.buildImage} */
  async buildImage(opts: BuildImageOptions): Promise<BuildImageResult> {
    await raceAbort(this.ready(), opts?.signal);
    return this.#builder.build(opts);
  }
  /** {@inheritDoc ContainerDriver.getSystemInfo} */
  async getSystemInfo(): Promise<SystemInfo> {
    await this.ready();
    return this.#system.info();
  }
  /** {@inheritDoc ContainerDriver.getSystemVersion} */
  async getSystemVersion(): Promise<SystemVersion> {
    await this.ready();
    return this.#system.version();
  }
  /** {@inheritDoc ContainerDriver.getSystemUsage} */
  async getSystemUsage(): Promise<SystemUsage> {
    await this.ready();
    return this.#system.usage();
  }
  /** {@inheritDoc ContainerDriver.inspectContainer} */
  async inspectContainer(id: string): Promise<ContainerDetails> {
    return toContainerDetails(await this.#inspect(id, 'inspectContainer'), this.hostId);
  }
  /**
   * {@inheritDoc ContainerDriver.engineEvents$}
   *
   * Its `opened` resolves once the engine accepted the stream (see {@link OpenableObservable}); the hub answers
   * `watchEngineEvents` only then. A bad filter (`types: ['service']`) is a `ValidationError` on subscribe and from
   * `opened`, as on the mock, before any request to the engine.
   */
  engineEvents$(eventFilter?: EngineEventFilter): OpenableObservable<EngineEvent> {
    try {
      validateEngineEventFilter(eventFilter);
    } catch (err) {
      const refused = Promise.reject(err);
      refused.catch(() => undefined);
      return withOpened(
        throwError(() => err),
        refused,
      );
    }
    const host = this.hostId;
    const source = engineEvents$(this.docker, engineObjectEventFilters(eventFilter), this.#eventOptions);
    const events = source.pipe(
      map((e) => toEngineEvent(e, host)),
      filter((e): e is EngineEvent => e !== undefined && matchesEngineEventFilter(e, eventFilter)),
      takeUntil(this.#dispose.disposing$),
    );
    return withOpened(events, source.opened);
  }

  /** {@inheritDoc ContainerDriver.dispose} */
  async dispose(): Promise<void> {
    if (!this.#dispose.fire()) return;
    const agent = (this.docker.modem as { agent?: { destroy?: () => void } }).agent;
    agent?.destroy?.();
  }
}
