import {
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
  ValidationError,
  type Volume,
  type VolumeSpec,
  validateExecSpec,
} from '@berth/core';
import { defer, from, merge, type Observable, switchMap } from 'rxjs';
import { DOCKER_DRIVER_VERSION, DockerDriver, type DockerDriverOptions } from '../docker-driver.js';
import { DeferredExecHandle } from './deferred-exec-handle.js';

/** Label that pins a container (or volume/network) to a host of the pool. */
export const HOST_LABEL = 'berth.host';

/** One engine of a {@link DockerHostPool}. */
export interface DockerHostConfig extends Omit<DockerDriverOptions, 'hostId'> {
  /** Stable host id, reported as `ContainerInstance.host` and `DriverEvent.host`. */
  id: string;
}

/** Options of {@link DockerHostPool}. */
export interface DockerHostPoolOptions {
  /** The engines. At least one; ids unique. */
  hosts: DockerHostConfig[];
}

/** Options of {@link DockerHostPool.createContainer}. */
export interface PoolCreateOptions extends OpOptions {
  /** Put the container on this host (also possible with the `berth.host` label). */
  hostId?: string;
}

/**
 * Several Docker Engines behind one `ContainerDriver`:
 *
 * - placement: a new container goes to the host named by `opts.hostId` or its `berth.host` label, else to
 *   the reachable host with the fewest running containers;
 * - routing: calls with a container id go to the host that has it (an id → host map, filled by create and
 *   list, with a fallback that asks every host);
 * - aggregation: `listContainers`, `listVolumes`, `listImages` and `events$` merge every host, tagged with
 *   `host`; a host that is down is left out (its containers are missing) instead of failing the call;
 * - health: `healthCheck().details.hosts` has one entry per host; the pool is healthy while any host is.
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
  readonly #hosts = new Map<string, DockerDriver>();
  readonly #routes = new Map<string, string>();

  /** @param options - the engines. */
  constructor(options: DockerHostPoolOptions) {
    if (options.hosts.length === 0) {
      throw new ValidationError([{ path: 'hosts', message: 'give at least one host' }], {}, 'Docker host pool');
    }
    for (const { id, ...rest } of options.hosts) {
      if (this.#hosts.has(id)) {
        throw new ValidationError([{ path: 'hosts', message: `duplicate host id ${id}` }], {}, 'Docker host pool');
      }
      this.#hosts.set(id, new DockerDriver({ ...rest, hostId: id }));
    }
  }

  /** Capabilities every host shares (disk limits only when all hosts support them). */
  get capabilities(): DriverCapabilities {
    const drivers = [...this.#hosts.values()];
    const first = drivers[0] as DockerDriver;
    return {
      ...first.capabilities,
      resourceLimits: {
        ...first.capabilities.resourceLimits,
        disk: drivers.every((d) => d.capabilities.resourceLimits.disk),
      },
    };
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

  async #place(pinned: string | undefined): Promise<string> {
    if (pinned !== undefined) {
      this.host(pinned);
      return pinned;
    }
    const load = await this.load();
    let best: string | undefined;
    for (const [id, n] of load) if (best === undefined || n < (load.get(best) ?? Number.POSITIVE_INFINITY)) best = id;
    if (best === undefined)
      throw new DriverUnavailableError('No Docker host of the pool is reachable', { operation: 'createContainer' });
    return best;
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
  async createContainer(spec: ContainerSpec, opts: PoolCreateOptions = {}): Promise<ContainerInstance> {
    const hostId = await this.#place(opts.hostId ?? spec.labels?.[HOST_LABEL]);
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
    return new DeferredExecHandle(this.#resolve(id).then((d) => d.execStream(id, spec)));
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
  /** {@inheritDoc ContainerDriver.events$} */
  events$(filter?: EventFilter): Observable<DriverEvent> {
    return merge(...[...this.#hosts.values()].map((d) => d.events$(filter)));
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
    return this.host(await this.#place(spec.labels?.[HOST_LABEL] ?? (await this.#firstUp()))).createVolume(spec);
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
    return this.host(await this.#place(spec.labels?.[HOST_LABEL] ?? (await this.#firstUp()))).createNetwork(spec);
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
