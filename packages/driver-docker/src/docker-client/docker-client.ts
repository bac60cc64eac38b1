import { EventEmitter } from 'node:events';
import {
  type BerthError,
  type ImageInfo,
  type Network,
  type NetworkSpec,
  type PullOptions,
  type ResilientDriver,
  type SystemInfo,
  type SystemUsage,
  type SystemVersion,
  type Volume,
  type VolumeSpec,
  withResilience,
} from '@berth/core';
import type Docker from 'dockerode';
import type { Subscription } from 'rxjs';
import { createDockerClient } from '../client/create-docker-client.js';
import { connectionFromEnv } from '../config/connection-from-env.js';
import type { DockerConnectionOptions } from '../config/docker-connection-options.js';
import { DockerDriver } from '../docker-driver.js';
import { mapDockerError } from '../errors/map-docker-error.js';
import type { DockerStatsPayload } from '../stats/docker-stats-payload.js';
import { formatInspect, formatStats, formatSummary } from './seed-format.js';
import type {
  ContainerDetails,
  ContainerInfo,
  ContainerListOptions,
  ContainerStats,
  DockerClientOptions,
  DockerEventMessage,
  EventOptions,
  HostInfo,
  LogOptions,
  RemoveOptions,
} from './seed-types.js';
import { StatsCollector } from './stats-collector.js';

/** Where the seed's options point: a socket, a `DOCKER_HOST` value, or host + port (+ TLS material). */
function connectionOf(options: DockerClientOptions): DockerConnectionOptions {
  const host = options.host ?? 'localhost';
  if (host.startsWith('/')) return { socketPath: host };
  if (host.includes('://')) return connectionFromEnv({ DOCKER_HOST: host });
  const secure = options.secure ?? false;
  const extra = options.dockerodeOptions ?? {};
  const tls = Object.fromEntries(['ca', 'cert', 'key'].filter((k) => extra[k] !== undefined).map((k) => [k, extra[k]]));
  return { host, port: options.port ?? (secure ? 2376 : 2375), protocol: secure ? 'https' : 'http', ...tls };
}

/** Seconds or a date → a date. */
const toDate = (v: number | Date): Date => (v instanceof Date ? v : new Date(v * 1000));

/**
 * The Docker client seed's `DockerClient` (`docker-client.md`), on Berth's Docker driver: the same constructor
 * options, methods, return shapes and emitted events (`connected`, `disconnected`, `error`, `containerStarted`,
 * `containerStopped`, `containerRestarted`, `containerRemoved`, `operationError`, `containerStats`, `statsError`),
 * so the seed's example programs run with only the package name changed. Errors are Berth's typed errors
 * (`ContainerNotFoundError`, `DriverUnavailableError` …), each with a `message`; calls go through
 * `withResilience` (`timeout`, `maxRetries`, `retryDelay`). `on('error')` is emitted only when someone listens
 * (an unheard `'error'` would crash the process; `connect()` rejects anyway).
 *
 * @example
 * ```ts
 * import { DockerClient } from '@berth/driver-docker';
 * const client = new DockerClient({ host: 'localhost', port: 2375, hostId: 'local-docker', name: 'Local Docker Host' });
 * await client.connect();
 * console.log(await client.listContainers({ all: true }));
 * ```
 */
export class DockerClient {
  /** The dockerode client (the seed's tests create containers with it). */
  readonly docker: Docker;
  /** The emitter behind {@link on}/{@link off} (the seed's streamer attaches collectors to it). */
  readonly eventEmitter = new EventEmitter();
  /** The Berth driver the client runs on (guarded by `withResilience`). */
  readonly driver: ResilientDriver;
  readonly #hostInfo: HostInfo;
  readonly #stats: StatsCollector;
  readonly #inner: DockerDriver;
  readonly #streams = new Set<Subscription>();

  /** @param options - the seed's client options; every field has a default. */
  constructor(options: DockerClientOptions = {}) {
    const connection = connectionOf(options);
    this.docker = createDockerClient(connection);
    const address = 'socketPath' in connection ? connection.socketPath : connection.host;
    const port = 'socketPath' in connection ? undefined : connection.port;
    this.#hostInfo = {
      id: options.hostId ?? (port === undefined ? address : `${address}:${port}`),
      name: options.name ?? address,
      address,
      ...(port === undefined ? {} : { port }),
      secure: 'protocol' in connection && connection.protocol === 'https',
    };
    this.#inner = new DockerDriver({ docker: this.docker, hostId: this.#hostInfo.id });
    this.driver = withResilience(this.#inner, {
      defaultTimeoutMs: options.timeout ?? 30_000,
      retry:
        options.maxRetries === 0
          ? false
          : {
              maxRetries: options.maxRetries ?? 3,
              baseDelayMs: options.retryDelay ?? 1000,
              maxDelayMs: Math.max(2000, options.retryDelay ?? 1000),
            },
    });
    this.#stats = new StatsCollector(this.docker, this.eventEmitter);
  }

  /**
   * Pings the engine (negotiating the API version), reads `docker info` and emits `connected`. Engine events are
   * streamed on demand ({@link getEvents}), so a client that is never disconnected holds no open stream.
   */
  async connect(): Promise<void> {
    try {
      await this.#inner.ready();
      this.#hostInfo.systemInfo = await this.docker.info();
      this.eventEmitter.emit('connected', this.#hostInfo);
    } catch (err) {
      const error = mapDockerError(err, { operation: 'connect' });
      if (this.eventEmitter.listenerCount('error') > 0) {
        this.eventEmitter.emit('error', { host: this.#hostInfo, error: error.message });
      }
      throw error;
    }
  }

  /** Stops stats collection and event streams, emits `disconnected` and releases the connection. */
  async disconnect(): Promise<void> {
    this.#stats.stopAll();
    for (const s of this.#streams) s.unsubscribe();
    this.#streams.clear();
    this.eventEmitter.emit('disconnected', this.#hostInfo);
    await this.driver.dispose();
  }

  /** The host this client talks to. */
  getHostInfo(): HostInfo {
    return this.#hostInfo;
  }

  /** Listens to one of the client's events. */
  // biome-ignore lint/suspicious/noExplicitAny: the seed's listeners read fields of untyped payloads (data.containerId)
  on(event: string, listener: (...args: any[]) => void): void {
    this.eventEmitter.on(event, listener);
  }

  /** Stops listening. */
  // biome-ignore lint/suspicious/noExplicitAny: the seed's listeners read fields of untyped payloads (data.containerId)
  off(event: string, listener: (...args: any[]) => void): void {
    this.eventEmitter.off(event, listener);
  }

  async #op<T>(operation: string, context: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const error: BerthError = mapDockerError(err, {
        operation,
        ...(typeof context['containerId'] === 'string' ? { id: context['containerId'] } : {}),
      });
      this.eventEmitter.emit('operationError', { operation, error: error.message, context, timestamp: new Date() });
      throw error;
    }
  }

  #emit(event: string, containerId: string): void {
    this.eventEmitter.emit(event, { containerId, timestamp: new Date() });
  }

  /** Containers (running ones, or all with `all`). */
  listContainers(options: ContainerListOptions = {}): Promise<ContainerInfo[]> {
    return this.#op('listContainers', {}, async () =>
      (
        await this.docker.listContainers({
          all: options.all ?? false,
          ...(options.filters === undefined ? {} : { filters: options.filters }),
        })
      ).map(formatSummary),
    );
  }

  /** One container with its stats and the engine's config sections. */
  getContainer(id: string): Promise<ContainerDetails> {
    return this.#op('getContainer', { containerId: id }, async () => {
      const [info, stats] = await Promise.all([this.docker.getContainer(id).inspect(), this.getContainerStats(id)]);
      return {
        ...formatInspect(info),
        stats,
        config: info.Config,
        hostConfig: info.HostConfig,
        networkSettings: info.NetworkSettings,
      };
    });
  }

  /** Starts a container; emits `containerStarted`. */
  async startContainer(id: string): Promise<void> {
    await this.#op('startContainer', { containerId: id }, () => this.driver.startContainer(id));
    this.#emit('containerStarted', id);
  }

  /** Stops a container (`timeout` seconds of grace, default 10); emits `containerStopped`. */
  async stopContainer(id: string, timeout = 10): Promise<void> {
    await this.#op('stopContainer', { containerId: id }, () =>
      this.driver.stopContainer(id, { timeoutMs: timeout * 1000 }),
    );
    this.#emit('containerStopped', id);
  }

  /** Restarts a container; emits `containerRestarted`. */
  async restartContainer(id: string, timeout = 10): Promise<void> {
    await this.#op('restartContainer', { containerId: id }, () =>
      this.driver.restartContainer(id, { timeoutMs: timeout * 1000 }),
    );
    this.#emit('containerRestarted', id);
  }

  /** Removes a container; emits `containerRemoved`. */
  async removeContainer(id: string, options: RemoveOptions = {}): Promise<void> {
    await this.#op('removeContainer', { containerId: id }, () =>
      this.driver.removeContainer(id, { force: options.force ?? false, removeVolumes: options.removeVolumes ?? false }),
    );
    this.#emit('containerRemoved', id);
  }

  /** One stats sample (zeros for a container that is not running, as the engine reports). */
  getContainerStats(id: string): Promise<ContainerStats> {
    return this.#op('getContainerStats', { containerId: id }, async () => {
      const payload = (await this.docker.getContainer(id).stats({ stream: false })) as unknown as DockerStatsPayload;
      return formatStats(id, payload);
    });
  }

  /** Logs as text. */
  getContainerLogs(id: string, options: LogOptions = {}): Promise<string> {
    return this.#op('getContainerLogs', { containerId: id }, () =>
      this.driver.getContainerLogs(id, {
        stdout: options.stdout !== false,
        stderr: options.stderr !== false,
        timestamps: options.timestamps ?? false,
        ...(options.tail === undefined || options.tail === 'all' ? {} : { tail: options.tail }),
        ...(options.since === undefined ? {} : { since: toDate(options.since) }),
        ...(options.until === undefined ? {} : { until: toDate(options.until) }),
      }),
    );
  }

  /** Samples a container every `interval` ms, emitting `containerStats` (the seed's `StatsCollector`). */
  startStatsCollection(containerId: string, interval = 5000): Promise<void> {
    return this.#stats.startCollecting(containerId, interval);
  }

  /** Stops sampling a container. */
  stopStatsCollection(containerId: string): void {
    this.#stats.stopCollecting(containerId);
  }

  /** `docker info`. */
  getSystemInfo(): Promise<SystemInfo> {
    return this.#op('getSystemInfo', {}, () => this.#inner.getSystemInfo());
  }
  /** `docker version`. */
  getSystemVersion(): Promise<SystemVersion> {
    return this.#op('getSystemVersion', {}, () => this.#inner.getSystemVersion());
  }
  /** `docker system df`. */
  getSystemUsage(): Promise<SystemUsage> {
    return this.#op('getSystemUsage', {}, () => this.#inner.getSystemUsage());
  }

  /** Local images. */
  listImages(): Promise<ImageInfo[]> {
    return this.#op('listImages', {}, () => this.#inner.listImages());
  }
  /** Pulls an image. */
  pullImage(name: string, options: PullOptions = {}): Promise<void> {
    return this.#op('pullImage', {}, () => this.#inner.pullImage(name, { policy: 'always', ...options }));
  }
  /** Removes an image. */
  removeImage(id: string, options: { force?: boolean } = {}): Promise<void> {
    return this.#op('removeImage', {}, () => this.#inner.removeImage(id, options));
  }
  /** Networks. */
  listNetworks(): Promise<Network[]> {
    return this.#op('listNetworks', {}, () => this.#inner.listNetworks());
  }
  /** Creates a network. */
  createNetwork(options: NetworkSpec): Promise<Network> {
    return this.#op('createNetwork', {}, () => this.#inner.createNetwork(options));
  }
  /** Removes a network. */
  removeNetwork(id: string): Promise<void> {
    return this.#op('removeNetwork', {}, () => this.#inner.removeNetwork(id));
  }
  /** Volumes. */
  listVolumes(): Promise<Volume[]> {
    return this.#op('listVolumes', {}, () => this.#inner.listVolumes());
  }
  /** Creates a volume. */
  createVolume(options: VolumeSpec): Promise<Volume> {
    return this.#op('createVolume', {}, () => this.#inner.createVolume(options));
  }
  /** Removes a volume. */
  removeVolume(name: string): Promise<void> {
    return this.#op('removeVolume', {}, () => this.#inner.removeVolume(name));
  }

  /**
   * The engine's events (containers, images, networks, volumes) on an emitter: `data` with
   * `{ Type, Action, Actor: { ID, Attributes }, time, timeNano, host }`, `error` (only when listened to). Stop it
   * with `emitter.emit('close')` or {@link disconnect}. Resolves once the engine has accepted the stream, so an
   * object created after that is reported.
   */
  async getEvents(options: EventOptions = {}): Promise<EventEmitter> {
    const emitter = new EventEmitter();
    const types = options.filters?.['type'] as ('container' | 'image' | 'network' | 'volume')[] | undefined;
    const actions = options.filters?.['event'];
    const source = this.#inner.engineEvents$({
      ...(types === undefined ? {} : { types }),
      ...(actions === undefined ? {} : { actions }),
    });
    const sub = source.subscribe({
      next: (e) => {
        const message: DockerEventMessage = {
          Type: e.type,
          Action: e.action,
          Actor: { ID: e.id, Attributes: e.attributes },
          time: Math.floor(e.timestamp.getTime() / 1000),
          timeNano: e.timestamp.getTime() * 1e6,
          host: this.#hostInfo.id,
        };
        emitter.emit('data', message);
      },
      error: (err: unknown) => {
        if (emitter.listenerCount('error') > 0) emitter.emit('error', err);
      },
    });
    this.#streams.add(sub);
    // closed or disconnected before the engine accepted the stream: nothing to wait for
    const closed = new Promise<void>((resolve) => sub.add(resolve));
    emitter.once('close', () => {
      sub.unsubscribe();
      this.#streams.delete(sub);
    });
    await Promise.race([source.opened, closed]);
    return emitter;
  }
}
