import {
  type BuildImageOptions,
  type BuildImageResult,
  type ContainerDetails,
  type ContainerDriver,
  type ContainerFilter,
  type ContainerInstance,
  ContainerNotFoundError,
  type ContainerSpec,
  DeferredExecHandle,
  type DriverCapabilities,
  type DriverEvent,
  type DriverHealth,
  DriverUnavailableError,
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
  type Network,
  type NetworkSpec,
  type OpOptions,
  type PullOptions,
  type RemoveOptions,
  type StatsSample,
  type StatsStreamOptions,
  type StopOptions,
  type SystemInfo,
  type SystemUsage,
  type SystemVersion,
  ValidationError,
  type Volume,
  type VolumeSpec,
  validateContainerSpec,
  validateExecSpec,
} from '@berth/core';
import { defer, from, type Observable, switchMap } from 'rxjs';
import type { DockerDriverOptions } from '../config/docker-driver-options.js';
import { DOCKER_DRIVER_VERSION, DockerDriver } from '../docker-driver.js';
import { mergeOpenable, type OpenableObservable } from '../events/engine-event-stream.js';
import { placeContainer } from './host-placement.js';

/** Label that pins a container (or volume/network) to a host of the pool. */
export const HOST_LABEL = 'berth.host';

/** One engine of a {@link DockerHostPool}, given by its connection (the pool builds its `DockerDriver`). */
export interface DockerHostConfig extends Omit<DockerDriverOptions, 'hostId'> {
  /** Stable host id, reported as `ContainerInstance.host` and `DriverEvent.host`. */
  id: string;
}

/** One engine of a {@link DockerHostPool}, given as a driver (injected; the pool disposes it with itself). */
export interface DockerHostDriver {
  /** Stable host id: must equal `driver.hostId`. */
  id: string;
  /** The engine's driver, built with `hostId: id` (e.g. `await DockerDriver.connect({ connection, hostId })`). */
  driver: DockerDriver;
}

/** Options of {@link DockerHostPool}. */
export interface DockerHostPoolOptions {
  /** The engines. At least one; ids unique. */
  hosts: (DockerHostConfig | DockerHostDriver)[];
}

function isHostDriver(host: DockerHostConfig | DockerHostDriver): host is DockerHostDriver {
  return 'driver' in host && host.driver instanceof DockerDriver;
}

function invalid(message: string): ValidationError {
  return new ValidationError([{ path: 'hosts', message }], {}, 'Docker host pool');
}

/** Options of {@link DockerHostPool.buildImage}. */
export interface PoolBuildOptions extends BuildImageOptions {
  /** Build on this host only. Default: on every reachable host (so placement may choose any of them). */
  hostId?: string;
}

/** Options of {@link DockerHostPool.createContainer}. */
export interface PoolCreateOptions extends OpOptions {
  /** Put the container on this host (also possible with the `berth.host` label). */
  hostId?: string;
}

/**
 * A host pool: several Docker Engines behind one `ContainerDriver` (multi-host placement; not to be confused
 * with a pool of warm containers):
 *
 * - placement: a new container goes to the host named by `opts.hostId` or its `berth.host` label, else to a
 *   host holding the named volumes and network it uses (they live on one engine), else to the reachable host
 *   with the fewest running containers ({@link placeContainer});
 * - routing: calls with a container id go to the host that has it (an id → host map, filled by create and
 *   list, with a fallback that asks every host);
 * - aggregation: `listContainers`, `listVolumes`, `listImages` and `events$` merge every host, tagged with
 *   `host`; a host that is down is left out (its containers are missing) instead of failing the call;
 * - health: `healthCheck().details.hosts` has one entry per host; the pool is healthy while any host is;
 * - capabilities: settled at construction, what every host's driver declares (disk limits only when all have them).
 *
 * Hosts are given as connections (the pool builds each `DockerDriver`, unprobed: no disk limits) or as drivers
 * (injected). {@link DockerHostPool.connect} probes every reachable host first.
 *
 * @example
 * ```ts
 * const pool = new DockerHostPool({ hosts: [
 *   { id: 'a', connection: { socketPath: '/var/run/docker.sock' } },
 *   { id: 'b', connection: { host: '10.0.0.2', port: 2376, protocol: 'https', ca, cert, key } },
 * ] });
 * const c = await pool.createContainer({ image: 'busybox', command: ['sleep', '60'] }); // c.host: 'a' or 'b'
 * ```
 */
export class DockerHostPool implements ContainerDriver {
  /** {@inheritDoc ContainerDriver.name} */
  readonly name = 'docker';
  /** {@inheritDoc ContainerDriver.version} */
  readonly version = DOCKER_DRIVER_VERSION;
  /** Capabilities every host shares (disk limits only when all hosts have them); settled at construction, frozen. */
  readonly capabilities: DriverCapabilities;
  readonly #hosts = new Map<string, DockerDriver>();
  readonly #routes = new Map<string, string>();

  /** @param options - the engines, as connections or as injected drivers. */
  constructor(options: DockerHostPoolOptions) {
    if (options.hosts.length === 0) throw invalid('give at least one host');
    for (const host of options.hosts) {
      if (this.#hosts.has(host.id)) throw invalid(`duplicate host id ${host.id}`);
      if (isHostDriver(host)) {
        if (host.driver.hostId !== host.id) {
          throw invalid(
            `host ${host.id}: its driver's hostId is ${host.driver.hostId ?? 'unset'}; build it with hostId ${host.id}`,
          );
        }
        this.#hosts.set(host.id, host.driver);
      } else {
        const { id, ...rest } = host;
        this.#hosts.set(id, new DockerDriver({ ...rest, hostId: id }));
      }
    }
    const drivers = [...this.#hosts.values()];
    const first = (drivers[0] as DockerDriver).capabilities;
    this.capabilities = Object.freeze({
      ...first,
      resourceLimits: Object.freeze({
        ...first.resourceLimits,
        disk: drivers.every((d) => d.capabilities.resourceLimits.disk),
      }),
      // one answer per host: getHostsSystemInfo() and the others, or host(id).getSystemInfo()
      systemInfo: false,
    });
  }

  /**
   * Probes every host (in parallel) and builds the pool over the probed drivers, so `capabilities` are the
   * engines' own. A host that does not answer now is still added, unprobed (it declares no disk limits, so neither
   * does the pool): a host that is down never stops the pool. Given drivers are taken as they are.
   */
  static async connect(options: DockerHostPoolOptions): Promise<DockerHostPool> {
    const hosts = await Promise.all(
      options.hosts.map(async (host): Promise<DockerHostDriver | DockerHostConfig> => {
        if (isHostDriver(host)) return host;
        const { id, ...rest } = host;
        const driver = await DockerDriver.connect({ ...rest, hostId: id }).catch(() => undefined);
        return driver === undefined ? host : { id, driver };
      }),
    );
    return new DockerHostPool({ hosts });
  }

  /** Host ids, in configuration order. */
  get hostIds(): string[] {
    return [...this.#hosts.keys()];
  }

  /** The driver of one host. */
  host(id: string): DockerDriver {
    const driver = this.#hosts.get(id);
    if (driver === undefined) {
      throw new ValidationError([{ path: 'hostId', message: `unknown host ${id}` }], {}, 'Docker host pool');
    }
    return driver;
  }

  /** Running containers per reachable host (unreachable hosts are absent). */
  async load(): Promise<Map<string, number>> {
    const entries = await Promise.all(
      [...this.#hosts].map(async ([id, d]) => {
        try {
          await d.ready();
          const running = await d.docker.listContainers({ filters: { status: ['running'] } });
          return [id, running.length] as const;
        } catch {
          return undefined;
        }
      }),
    );
    return new Map(entries.filter((e): e is readonly [string, number] => e !== undefined));
  }

  /** The pinned host (checked to exist), else the first reachable one: where a volume or network goes. */
  async #resourceHost(pinned: string | undefined): Promise<string> {
    if (pinned !== undefined) {
      this.host(pinned);
      return pinned;
    }
    return this.#firstUp();
  }

  async #resolve(id: string): Promise<DockerDriver> {
    const known = this.#routes.get(id);
    if (known !== undefined) return this.host(known);
    const found = await Promise.all(
      [...this.#hosts].map(async ([hostId, d]) =>
        (await d.getContainer(id).catch(() => null)) === null ? undefined : hostId,
      ),
    );
    const hostId = found.find((h) => h !== undefined);
    if (hostId === undefined) throw new ContainerNotFoundError(id);
    const c = await this.host(hostId).getContainer(id);
    // route by the full id too, so later calls with either form go straight to the host
    this.#routes.set(id, hostId);
    if (c !== null) this.#routes.set(c.id, hostId);
    return this.host(hostId);
  }

  /** {@inheritDoc ContainerDriver.createContainer} */
  async createContainer(input: ContainerSpec, opts: PoolCreateOptions = {}): Promise<ContainerInstance> {
    const spec = validateContainerSpec(input); // canonical form: the seed's spellings normalised
    const pinned = opts.hostId ?? spec.labels?.[HOST_LABEL];
    if (pinned !== undefined) this.host(pinned);
    const hostId = pinned ?? (await placeContainer(this.#hosts, spec, () => this.load()));
    const labels = { ...(spec.labels ?? {}), [HOST_LABEL]: hostId };
    const instance = await this.host(hostId).createContainer({ ...spec, labels }, opts);
    this.#routes.set(instance.id, hostId);
    return instance;
  }
  /** {@inheritDoc ContainerDriver.startContainer} */
  async startContainer(id: string, opts?: OpOptions): Promise<void> {
    return (await this.#resolve(id)).startContainer(id, opts);
  }
  /** {@inheritDoc ContainerDriver.stopContainer} */
  async stopContainer(id: string, opts?: StopOptions): Promise<void> {
    return (await this.#resolve(id)).stopContainer(id, opts);
  }
  /** {@inheritDoc ContainerDriver.restartContainer} */
  async restartContainer(id: string, opts?: StopOptions): Promise<void> {
    return (await this.#resolve(id)).restartContainer(id, opts);
  }
  /** {@inheritDoc ContainerDriver.removeContainer} */
  async removeContainer(id: string, opts?: RemoveOptions): Promise<void> {
    await (await this.#resolve(id)).removeContainer(id, opts);
    this.#routes.delete(id);
  }
  /** {@inheritDoc ContainerDriver.waitContainer} */
  async waitContainer(id: string, opts?: OpOptions): Promise<ExitStatus> {
    return (await this.#resolve(id)).waitContainer(id, opts);
  }
  /** {@inheritDoc ContainerDriver.getContainer} */
  async getContainer(id: string): Promise<ContainerInstance | null> {
    try {
      return await (await this.#resolve(id)).getContainer(id);
    } catch (err) {
      if (ContainerNotFoundError.is(err)) return null;
      throw err;
    }
  }
  /** {@inheritDoc ContainerDriver.listContainers} */
  async listContainers(filter?: ContainerFilter): Promise<ContainerInstance[]> {
    const results = await Promise.allSettled([...this.#hosts.values()].map((d) => d.listContainers(filter)));
    const all: ContainerInstance[] = [];
    for (const r of results) {
      if (r.status !== 'fulfilled') continue;
      for (const c of r.value) {
        if (c.host !== undefined) this.#routes.set(c.id, c.host);
        all.push(c);
      }
    }
    return all;
  }
  /** {@inheritDoc ContainerDriver.exec} */
  async exec(id: string, spec: ExecSpec): Promise<ExecResult> {
    return (await this.#resolve(id)).exec(id, spec);
  }
  /** {@inheritDoc ContainerDriver.execStream} */
  execStream(id: string, spec: ExecSpec): ExecHandle {
    validateExecSpec(spec);
    return DeferredExecHandle.from(this.#resolve(id).then((d) => d.execStream(id, spec)));
  }
  /** {@inheritDoc ContainerDriver.putFiles} */
  async putFiles(id: string, files: FileEntry[], opts?: OpOptions): Promise<void> {
    return (await this.#resolve(id)).putFiles(id, files, opts);
  }
  /** {@inheritDoc ContainerDriver.getFile} */
  async getFile(id: string, path: string, opts?: OpOptions): Promise<Uint8Array> {
    return (await this.#resolve(id)).getFile(id, path, opts);
  }
  /** {@inheritDoc ContainerDriver.getContainerLogs} */
  async getContainerLogs(id: string, opts?: LogOptions): Promise<string> {
    return (await this.#resolve(id)).getContainerLogs(id, opts);
  }
  /** {@inheritDoc ContainerDriver.logs$} */
  logs$(id: string, opts?: LogStreamOptions): Observable<LogLine> {
    return defer(() => from(this.#resolve(id))).pipe(switchMap((d) => d.logs$(id, opts)));
  }
  /** {@inheritDoc ContainerDriver.getStats} */
  async getStats(id: string): Promise<StatsSample> {
    return (await this.#resolve(id)).getStats(id);
  }
  /** {@inheritDoc ContainerDriver.stats$} */
  stats$(id: string, opts?: StatsStreamOptions): Observable<StatsSample> {
    return defer(() => from(this.#resolve(id))).pipe(switchMap((d) => d.stats$(id, opts)));
  }
  /**
   * {@inheritDoc ContainerDriver.events$}
   *
   * Every host's events merged; its `opened` resolves once every host's stream is open (see {@link mergeOpenable}).
   */
  events$(filter?: EventFilter): OpenableObservable<DriverEvent> {
    return mergeOpenable([...this.#hosts.values()].map((d) => d.events$(filter)));
  }
  /** {@inheritDoc ContainerDriver.healthCheck} */
  async healthCheck(): Promise<DriverHealth> {
    const started = performance.now();
    const hosts: Record<string, DriverHealth> = {};
    await Promise.all(
      [...this.#hosts].map(async ([id, d]) => {
        hosts[id] = await d.healthCheck();
      }),
    );
    const healthy = Object.values(hosts).some((h) => h.healthy);
    return {
      healthy,
      latencyMs: performance.now() - started,
      details: {
        hosts,
        healthyHosts: Object.entries(hosts)
          .filter(([, h]) => h.healthy)
          .map(([id]) => id),
      },
    };
  }
  /** {@inheritDoc ContainerDriver.isContainerHealthy} */
  async isContainerHealthy(id: string): Promise<boolean> {
    return (await this.#resolve(id)).isContainerHealthy(id);
  }

  /** Volumes live on one host: the `berth.host` label's, else the first reachable one. */
  async createVolume(spec: VolumeSpec): Promise<Volume> {
    return this.host(await this.#resourceHost(spec.labels?.[HOST_LABEL])).createVolume(spec);
  }
  /** {@inheritDoc ContainerDriver.removeVolume} */
  async removeVolume(name: string): Promise<void> {
    return this.#onEach((d) => d.removeVolume(name));
  }
  /** {@inheritDoc ContainerDriver.listVolumes} */
  async listVolumes(): Promise<Volume[]> {
    return this.#gather((d) => d.listVolumes());
  }
  /** {@inheritDoc ContainerDriver.createNetwork} */
  async createNetwork(spec: NetworkSpec): Promise<Network> {
    return this.host(await this.#resourceHost(spec.labels?.[HOST_LABEL])).createNetwork(spec);
  }
  /** {@inheritDoc ContainerDriver.removeNetwork} */
  async removeNetwork(id: string): Promise<void> {
    return this.#onEach((d) => d.removeNetwork(id));
  }
  /** {@inheritDoc ContainerDriver.listNetworks} */
  async listNetworks(): Promise<Network[]> {
    return this.#gather((d) => d.listNetworks());
  }
  /** Pulls on every reachable host. */
  async pullImage(image: string, opts?: PullOptions): Promise<void> {
    await Promise.all((await this.#upHosts()).map((d) => d.pullImage(image, opts)));
  }
  /** {@inheritDoc ContainerDriver.listImages} */
  async listImages(): Promise<ImageInfo[]> {
    return this.#gather((d) => d.listImages());
  }
  /** {@inheritDoc ContainerDriver.removeImage} */
  async removeImage(image: string, opts?: { force?: boolean }): Promise<void> {
    return this.#onEach((d) => d.removeImage(image, opts));
  }
  /**
   * Builds on `opts.hostId`, else on every reachable host (a context given as a byte stream is read into memory
   * first, to send it to each). Resolves with the first host's result, and reports the first host's progress only;
   * a host whose build fails fails the call.
   */
  async buildImage(opts: PoolBuildOptions): Promise<BuildImageResult> {
    const { hostId, ...rest } = opts;
    if (hostId !== undefined) return this.host(hostId).buildImage(rest);
    const hosts = await this.#upHosts();
    if (hosts.length === 0) throw new DriverUnavailableError('No Docker host of the pool is reachable');
    if (hosts.length > 1 && !(rest.context instanceof Uint8Array) && !Array.isArray(rest.context)) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of rest.context as AsyncIterable<Uint8Array>) chunks.push(chunk);
      rest.context = Buffer.concat(chunks);
    }
    // one progress stream: the first host's (the others build the same steps; their failures still fail the call)
    const { onProgress: _progress, ...silent } = rest;
    const results = await Promise.all(hosts.map((d, i) => d.buildImage(i === 0 ? rest : silent)));
    return results[0] as BuildImageResult;
  }
  /** {@inheritDoc ContainerDriver.inspectContainer} */
  async inspectContainer(id: string): Promise<ContainerDetails> {
    return (await this.#resolve(id)).inspectContainer(id);
  }
  /**
   * Events of every host, merged (each tagged with `host`); its `opened` resolves once every host's stream is open
   * (see {@link mergeOpenable}).
   */
  engineEvents$(filter?: EngineEventFilter): OpenableObservable<EngineEvent> {
    return mergeOpenable([...this.#hosts.values()].map((d) => d.engineEvents$(filter)));
  }
  /** `docker info` of every reachable host (each tagged with `host`). */
  async getHostsSystemInfo(): Promise<SystemInfo[]> {
    return this.#gather(async (d) => [await d.getSystemInfo()]);
  }
  /** `docker version` of every reachable host (each tagged with `host`). */
  async getHostsSystemVersion(): Promise<SystemVersion[]> {
    return this.#gather(async (d) => [await d.getSystemVersion()]);
  }
  /** `docker system df` of every reachable host (each tagged with `host`). */
  async getHostsSystemUsage(): Promise<SystemUsage[]> {
    return this.#gather(async (d) => [await d.getSystemUsage()]);
  }
  /** {@inheritDoc ContainerDriver.dispose} */
  async dispose(): Promise<void> {
    await Promise.all([...this.#hosts.values()].map((d) => d.dispose()));
  }

  async #upHosts(): Promise<DockerDriver[]> {
    const load = await this.load();
    return [...load.keys()].map((id) => this.host(id));
  }
  async #firstUp(): Promise<string> {
    const load = await this.load();
    const first = [...load.keys()][0];
    if (first === undefined) throw new DriverUnavailableError('No Docker host of the pool is reachable');
    return first;
  }
  async #gather<T>(fn: (d: DockerDriver) => Promise<T[]>): Promise<T[]> {
    const results = await Promise.allSettled([...this.#hosts.values()].map(fn));
    return results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  }
  /** Runs `fn` on every host; succeeds if one did, else rethrows the first (not-found) error. */
  async #onEach(fn: (d: DockerDriver) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled([...this.#hosts.values()].map(fn));
    if (results.some((r) => r.status === 'fulfilled')) return;
    const first = results[0];
    if (first !== undefined && first.status === 'rejected') throw first.reason;
  }
}
