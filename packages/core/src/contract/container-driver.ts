import type { Observable } from 'rxjs';
import type { DriverCapabilities } from './capabilities.js';
import type { ContainerDetails } from './container-details.js';
import type { ContainerFilter, ContainerInstance, ExitStatus } from './container-instance.js';
import type { ContainerSpec } from './container-spec.js';
import type { SystemInfo, SystemUsage, SystemVersion } from './engine-info.js';
import type { BuildImageOptions, BuildImageResult } from './image-build.js';
import type {
  DriverEvent,
  DriverHealth,
  EngineEvent,
  EngineEventFilter,
  EventFilter,
  ExecHandle,
  ExecResult,
  ExecSpec,
  FileEntry,
  LogLine,
  LogOptions,
  LogStreamOptions,
  OpOptions,
  RemoveOptions,
  StatsSample,
  StatsStreamOptions,
  StopOptions,
} from './operations.js';
import type { ImageInfo, Network, NetworkSpec, PullOptions, Volume, VolumeSpec } from './resources.js';

/**
 * The one contract every Berth backend implements. Every method rejects with a typed `BerthError`
 * (never a raw engine error); every id-taking method rejects with `ContainerNotFoundError` for an
 * unknown id. Verify an implementation with `runDriverConformance` from `@berth/core/testing`.
 *
 * @example
 * ```ts
 * const c = await driver.createContainer({ image: 'busybox', command: ['sleep', '60'] });
 * await driver.startContainer(c.id);
 * const { stdout } = await driver.exec(c.id, { command: ['echo', 'hi'] });
 * await driver.removeContainer(c.id, { force: true });
 * ```
 */
export interface ContainerDriver {
  /** Driver name: `docker`, `local`, `mock` or a custom one. */
  readonly name: string;
  /** Driver version (semver). */
  readonly version: string;
  /** The optional parts this driver has. */
  readonly capabilities: DriverCapabilities;

  /**
   * Creates (does not start) a container. Validates the spec first (`ValidationError`); a `name` already
   * taken rejects with `ContainerConflictError`; with capability `images`, an image the driver cannot
   * find rejects with `ImageNotFoundError`; a `network` that does not exist rejects with
   * `NetworkNotFoundError`. A `readOnly` volume mount is not writable from inside; a driver that cannot
   * enforce it rejects the spec with `ValidationError`. Relative `getFile`/`putFiles` paths and exec without
   * its own `workingDir` resolve against `spec.workingDir`.
   */
  createContainer(spec: ContainerSpec, opts?: OpOptions): Promise<ContainerInstance>;
  /**
   * Starts a created or exited container. Starting a running one is a no-op: the same run goes on (same
   * `startedAt`, the main process is not started again).
   */
  startContainer(id: string, opts?: OpOptions): Promise<void>;
  /**
   * SIGTERM, then SIGKILL after `timeoutMs` (default 10 s); resolves once the main process has exited.
   * Stopping a stopped container is a no-op. A negative or non-finite `timeoutMs` rejects with
   * `ValidationError` (and stops nothing). The exit code of a process ended by a signal is 128 + the signal:
   * 137 after SIGKILL, 143 after SIGTERM for a main process without a handler. (A PID 1 of its own namespace
   * ignores SIGTERM without a handler, so a driver whose main process is PID 1 runs it under an init that
   * forwards signals, as the Docker driver does with docker-init.)
   */
  stopContainer(id: string, opts?: StopOptions): Promise<void>;
  /**
   * Stops (as {@link stopContainer}) then starts again, also when running: a new run of the main process,
   * with a new `startedAt`; `waitContainer` afterwards reports the new run's exit.
   */
  restartContainer(id: string, opts?: StopOptions): Promise<void>;
  /** Removes a container; a running one only with `force` (else `ContainerConflictError`). */
  removeContainer(id: string, opts?: RemoveOptions): Promise<void>;
  /**
   * Resolves when the main process has exited (at once if it already has); for a container that never
   * started, when it has been started and its main process has exited. A wait pending when the container is
   * removed never hangs: a force removal that kills the main process resolves it with that exit (137), and
   * a container removed without such an exit (never started, or gone first) rejects it with
   * `ContainerNotFoundError`.
   */
  waitContainer(id: string, opts?: OpOptions): Promise<ExitStatus>;
  /** The container, or `null` when it does not exist (never throws not-found). */
  getContainer(id: string): Promise<ContainerInstance | null>;
  /** Containers matching the filter (default: all not removed). */
  listContainers(filter?: ContainerFilter): Promise<ContainerInstance[]>;

  /** Runs a command to completion in a running container. */
  exec(id: string, spec: ExecSpec): Promise<ExecResult>;
  /** Starts a command and streams its output; see {@link ExecHandle}. */
  execStream(id: string, spec: ExecSpec): ExecHandle;
  /** Writes files into the container (parents created). */
  putFiles(id: string, files: FileEntry[], opts?: OpOptions): Promise<void>;
  /** Reads one file, byte for byte. A missing file rejects with `FileNotFoundError`. */
  getFile(id: string, path: string, opts?: OpOptions): Promise<Uint8Array>;

  /** Logs as text, one line per `\n`. */
  getContainerLogs(id: string, opts?: LogOptions): Promise<string>;
  /**
   * Logs as lines; with `follow` it continues until the container exits (or `until` is reached, whichever
   * comes first), then completes.
   */
  logs$(id: string, opts?: LogStreamOptions): Observable<LogLine>;
  /**
   * One resource usage sample of a running container. A container that is not running (created, exited)
   * has no usage to sample: that rejects with `ContainerConflictError` (an engine's all-zero sample of a
   * stopped container would be a made-up number).
   */
  getStats(id: string): Promise<StatsSample>;
  /**
   * Samples of a running container, one about every `intervalMs`, until unsubscribed. The stream
   * completes (no error) when the container exits or is removed, and at once, without a sample, when it
   * is not running at subscription. An unknown id errors with `ContainerNotFoundError`.
   */
  stats$(id: string, opts?: StatsStreamOptions): Observable<StatsSample>;
  /**
   * Lifecycle events until unsubscribed. Every given filter field must match; `types: []` (an empty list)
   * restricts nothing, as `matchesEventFilter` in core.
   *
   * The returned observable may carry `opened: Promise<void>` (Docker's `OpenableObservable`): it resolves once the
   * backend has accepted the stream of a subscription, so what happens from then on is reported — await it before
   * creating what must be seen. A driver over several engines (`DockerHostPool`, Swarm) resolves it once every
   * engine's stream is open. It stays pending while an engine cannot be reached (bound the wait: the hub answers
   * `BERTH_HUB_ENGINE_UNREACHABLE` after `EVENTS_OPEN_TIMEOUT`) and rejects only when the filter is refused. A stream
   * without `opened` is live once subscribed (the mock's, the local driver's).
   */
  events$(filter?: EventFilter): Observable<DriverEvent>;

  /** Probes the backend. Never throws: an unreachable backend is `{ healthy: false }`. */
  healthCheck(): Promise<DriverHealth>;
  /** `true` when the container is running and (if it has a health check) healthy. */
  isContainerHealthy(id: string): Promise<boolean>;

  /** Creates a named volume (`ContainerConflictError` if the name exists). */
  createVolume(spec: VolumeSpec): Promise<Volume>;
  /**
   * Removes a volume (`VolumeNotFoundError` if absent). A volume a container still mounts (with or without an
   * explicit `type: 'volume'`) is refused with `ContainerConflictError`.
   */
  removeVolume(name: string): Promise<void>;
  /** All volumes. */
  listVolumes(): Promise<Volume[]>;
  /** Creates a network (`ContainerConflictError` if the name exists). */
  createNetwork(spec: NetworkSpec): Promise<Network>;
  /** Removes a network by id or name (`NetworkNotFoundError` if absent). */
  removeNetwork(id: string): Promise<void>;
  /** All networks the driver manages. */
  listNetworks(): Promise<Network[]>;

  /** Pulls an image (capability `images`). Unknown image → `ImageNotFoundError`. */
  pullImage?(image: string, opts?: PullOptions): Promise<void>;
  /** Lists local images (capability `images`). */
  listImages?(): Promise<ImageInfo[]>;
  /** Removes a local image (capability `images`). */
  removeImage?(image: string, opts?: { force?: boolean }): Promise<void>;

  /**
   * Builds an image from a Dockerfile and its context (capability `imageBuild`), reporting each step and
   * output line to `opts.onProgress`. A Dockerfile the engine refuses or a failing step rejects with
   * `ImageBuildError` (the engine's message in `reason`, the output so far in `log`); a `FROM` image that is
   * neither local nor pullable rejects with `ImageBuildError` too (the engine reports it as a build failure).
   * A bad context or option rejects with `ValidationError`.
   */
  buildImage?(opts: BuildImageOptions): Promise<BuildImageResult>;

  /** The engine and host behind the driver (capability `systemInfo`): `docker info`. */
  getSystemInfo?(): Promise<SystemInfo>;
  /** The engine's versions (capability `systemInfo`): `docker version`. */
  getSystemVersion?(): Promise<SystemVersion>;
  /** Disk used by images, containers, volumes and build cache (capability `systemInfo`): `docker system df`. */
  getSystemUsage?(): Promise<SystemUsage>;

  /**
   * The container with how it is configured and connected (capability `inspect`): image id, command, env,
   * ports, mounts, network mode. An unknown id rejects with `ContainerNotFoundError`.
   */
  inspectContainer?(id: string): Promise<ContainerDetails>;
  /**
   * The engine's events about containers, images, networks and volumes (capability `engineEvents`), until
   * unsubscribed; reconnects like `events$`. The seed's `getEvents()`. May carry `opened` with the same meaning
   * as {@link ContainerDriver.events$}'s (Docker's and a `DockerHostPool`'s do).
   */
  engineEvents$?(filter?: EngineEventFilter): Observable<EngineEvent>;

  /**
   * Releases sockets, timers and processes the driver owns (health probes, stats timers, the sockets of
   * streams still subscribed) and completes every `events$` stream. Idempotent. Containers are left as they are (running ones keep running).
   */
  dispose(): Promise<void>;
}
