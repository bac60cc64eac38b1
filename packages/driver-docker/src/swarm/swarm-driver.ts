import {
  ContainerConflictError,
  type ContainerDriver,
  type ContainerFilter,
  type ContainerInstance,
  ContainerNotFoundError,
  DeferredExecHandle,
  type DriverCapabilities,
  type DriverEvent,
  type DriverHealth,
  type EventFilter,
  type ExecHandle,
  type ExecResult,
  type ExecSpec,
  type ExitStatus,
  type FileEntry,
  type ImageInfo,
  ImageNotFoundError,
  type LogLine,
  type LogOptions,
  type LogStreamOptions,
  type Network,
  type NetworkSpec,
  type OpOptions,
  type PullOptions,
  type RemoveOptions,
  raceAbort,
  type StatsSample,
  type StatsStreamOptions,
  type StopOptions,
  type Volume,
  type VolumeSpec,
  validateContainerSpec,
  validateExecSpec,
  validateStopOptions,
  validateVolumeSpec,
} from '@berth/core';
import type Docker from 'dockerode';
import { defer, filter, map, NEVER, type Observable, switchMap, takeUntil, timer } from 'rxjs';
import { connectionFromEnv } from '../config/connection-from-env.js';
import { DockerDriver } from '../docker-driver.js';
import { type OpenableObservable, withOpened } from '../events/engine-event-stream.js';
import { containerLabelFilter, filterStates } from '../instance/container-filter.js';
import { DisposeSignal } from '../lifecycle/dispose-signal.js';
import { logText } from '../logs/log-text.js';
import { DockerResourceClient } from '../resources/docker-resource-client.js';
import { namedVolumesOf } from '../spec/named-resources.js';
import {
  refuseSwarmGaps,
  type SwarmContainerSpec,
  swarmSecurityGaps,
  validateSwarmExtras,
} from './swarm-container-spec.js';
import type { SwarmDriverOptions } from './swarm-driver-options.js';
import { swarmEvents$ } from './swarm-events.js';
import { swarmHealth } from './swarm-health.js';
import { serviceLogs$ } from './swarm-logs.js';
import { SwarmNodeEngines } from './swarm-node-engines.js';
import { SwarmNodeFanOut } from './swarm-node-fan-out.js';
import { SwarmServiceClient, type SwarmSnapshot } from './swarm-service-client.js';
import { SwarmStopper } from './swarm-stopper.js';
import { currentTask, exitCodeOf, isTerminal, type SwarmTask, toSwarmInstance } from './swarm-task.js';
import { SwarmTaskWaits, stateOf } from './swarm-task-waits.js';
import { toServiceSpec } from './to-service-spec.js';

/** Version of this driver. */
export const SWARM_DRIVER_VERSION = '0.1.0';

/**
 * Berth's driver for Docker Swarm: a Berth container is a one-replica service whose task is the container, so
 * placement over many hosts is Swarm's job, not Berth's. Lifecycle and logs go through a manager; exec, files,
 * stats and volumes go to the engine of the node running the task ({@link SwarmDriverOptions.nodes}).
 *
 * Mapping: `createContainer` creates the service with 0 replicas (`created`); `startContainer` scales it to 1
 * (or forces a new task after an exit) and resolves when the task runs; `stopContainer` stops the task's
 * container on its node with the stop timeout, keeping the ended task and its exit code ({@link SwarmStopper});
 * state comes from the newest task (`new…starting → created`, `running`,
 * `complete/failed/shutdown → exited`, `rejected → dead` with Swarm's reason, and `dead` when the task's node
 * is down). Gaps, refused with `ValidationError` rather than dropped: published ports, an explicit
 * `noNewPrivileges: true` or `securityOpts: ['no-new-privileges']` (API 1.41 services cannot set it: set it on the
 * nodes' dockerd and pass `nodesEnforceNoNewPrivileges: true`). A disk limit is accepted
 * and not enforced (services have none; `healthCheck()` lists it under `notEnforced`).
 *
 * Health: Swarm fails a task whose container turns unhealthy and shuts it down (`dockerexec: unhealthy container`);
 * with docker-init as PID 1 (`ContainerSpec.Init`) the main process gets that SIGTERM, so such a container ends
 * (`exited`, usually 143) and never reports healthy again, unlike a plain Docker container.
 *
 * A facade: the manager's `DockerDriver` is injected ({@link SwarmDriverOptions.managerDriver}) or built; services,
 * tasks and nodes go through a {@link SwarmServiceClient}, the polling waits through {@link SwarmTaskWaits}, the stop
 * path through {@link SwarmStopper}, the per-node engines (keyed by node name) through {@link SwarmNodeEngines}
 * and {@link SwarmNodeFanOut}.
 *
 * @example
 * ```ts
 * const swarm = await SwarmDriver.connect({ nodes: { [workerNodeId]: { socketPath: '/var/run/worker.sock' } } });
 * const c = await swarm.createContainer({ image: 'berth/busybox:latest', command: ['sleep', '60'] });
 * await swarm.startContainer(c.id);
 * console.log((await swarm.getContainer(c.id))?.host); // the node the task landed on
 * ```
 */
export class SwarmDriver implements ContainerDriver {
  /** {@inheritDoc ContainerDriver.name} */
  readonly name = 'swarm';
  /** {@inheritDoc ContainerDriver.version} */
  readonly version = SWARM_DRIVER_VERSION;
  /** {@inheritDoc ContainerDriver.capabilities} */
  readonly capabilities: DriverCapabilities;
  /** Security defaults of the contract this driver cannot apply (documented, reported by `healthCheck`). */
  readonly securityGaps: readonly string[];
  /** The manager's dockerode client. */
  readonly docker: Docker;
  readonly #manager: DockerDriver;
  readonly #services: SwarmServiceClient;
  readonly #waits: SwarmTaskWaits;
  readonly #nodes: SwarmNodeEngines;
  readonly #fanOut: SwarmNodeFanOut;
  readonly #stopper: SwarmStopper;
  readonly #networks: DockerResourceClient;
  readonly #options: SwarmDriverOptions;
  /** Fired once on {@link dispose}: every stream this driver returned completes then. */
  readonly #dispose = new DisposeSignal();

  /** @param options - the manager (injected driver, client or connection), node endpoints and placement defaults. */
  constructor(options: SwarmDriverOptions = {}) {
    this.#options = options;
    this.#manager =
      options.managerDriver ??
      new DockerDriver(
        options.docker !== undefined
          ? { docker: options.docker }
          : { connection: options.manager ?? connectionFromEnv() },
      );
    this.docker = this.#manager.docker;
    this.#services = new SwarmServiceClient(this.docker, () => this.ready());
    this.#waits = new SwarmTaskWaits(this.#services, {
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
    });
    this.#nodes = new SwarmNodeEngines(this.#manager, () => this.#services.localNodeId(), options.nodes ?? {});
    this.#fanOut = new SwarmNodeFanOut(this.#nodes, () => this.#services.nodes('placements'));
    this.#networks = new DockerResourceClient(this.docker, { networkDriver: 'overlay' });
    this.#stopper = new SwarmStopper(this.#services, this.#waits, (id) =>
      this.#taskContainer(id, 'stopContainer').catch(() => undefined),
    );
    this.securityGaps = swarmSecurityGaps(options.nodesEnforceNoNewPrivileges === true);
    this.capabilities = Object.freeze({
      exec: true,
      files: true,
      volumes: true,
      networks: options.overlayNetworks ?? true,
      images: true,
      stats: true,
      events: true,
      ports: false,
      healthcheck: true,
      resourceLimits: Object.freeze({ cpu: true, memory: true, pids: true, disk: false }),
      isolation: 'container',
    });
  }

  /**
   * Builds a driver and checks that it talks to an active swarm manager (`DriverUnavailableError` otherwise). The
   * manager's `DockerDriver` is the injected one, else one built with `DockerDriver.connect`.
   */
  static async connect(options: SwarmDriverOptions = {}): Promise<SwarmDriver> {
    const managerDriver =
      options.managerDriver ??
      (await DockerDriver.connect(
        options.docker !== undefined
          ? { docker: options.docker }
          : { connection: options.manager ?? connectionFromEnv() },
      ));
    const driver = new SwarmDriver({ ...options, managerDriver });
    try {
      await driver.ready();
    } catch (err) {
      if (options.managerDriver === undefined) await driver.dispose();
      throw err;
    }
    return driver;
  }

  /** Negotiates the API version and checks the engine is an active manager of a swarm. */
  async ready(): Promise<void> {
    await this.#manager.ready();
    await this.#services.localNodeId();
  }

  #snapshot(id: string, operation: string): Promise<SwarmSnapshot> {
    return this.#services.snapshot(id, operation);
  }

  #instance(s: SwarmSnapshot): ContainerInstance {
    return toSwarmInstance(s.service, s.task, s.node, this.name);
  }

  /** The engine and container id of the running task of a container (exec, files, stats). */
  async #taskContainer(
    id: string,
    operation: string,
  ): Promise<{ engine: DockerDriver; containerId: string; serviceId: string }> {
    const s = await this.#snapshot(id, operation);
    const containerId = s.task?.Status?.ContainerStatus?.ContainerID;
    if (s.task === undefined || containerId === undefined || containerId === '' || s.node === undefined) {
      throw new ContainerConflictError(`Container ${s.service.ID} is not running (state ${stateOf(s)})`, {
        containerId: s.service.ID,
        operation,
      });
    }
    return { engine: await this.#nodes.driverFor(s.node, operation), containerId, serviceId: s.service.ID };
  }

  // ---- lifecycle -----------------------------------------------------------------------------------------

  /** {@inheritDoc ContainerDriver.createContainer} */
  async createContainer(input: SwarmContainerSpec, opts: OpOptions = {}): Promise<ContainerInstance> {
    const { placement, restart, ...given } = input;
    const base = validateContainerSpec(given); // canonical form: the seed's spellings normalised
    const spec: SwarmContainerSpec = {
      ...base,
      ...(placement === undefined ? {} : { placement }),
      ...(restart === undefined ? {} : { restart }),
    };
    validateSwarmExtras(spec);
    refuseSwarmGaps(base, { given, nodesEnforceNoNewPrivileges: this.#options.nodesEnforceNoNewPrivileges === true });
    opts.signal?.throwIfAborted();
    await raceAbort(this.ready(), opts.signal);
    await raceAbort(this.#ensureImage(spec.image), opts.signal);
    const extraConstraints: string[] = [];
    for (const volume of namedVolumesOf(spec)) {
      const where = await this.#fanOut.volumeConstraint(volume);
      if (where !== undefined) extraConstraints.push(where);
    }
    const body = toServiceSpec(spec, {
      ...(this.#options.placement === undefined ? {} : { placement: this.#options.placement }),
      extraConstraints,
      reserveLimits: this.#options.reserveLimits ?? true,
    });
    const serviceId = await this.#services.create(body, spec.name, opts.signal);
    return this.#instance(await this.#snapshot(serviceId, 'createContainer'));
  }

  /** An image every task could run: present on some known engine, or resolvable in its registry by the manager. */
  async #ensureImage(image: string): Promise<void> {
    if (await this.#fanOut.hasImage(image)) return;
    try {
      // GET /distribution/{name}/json: the manager asks the image's registry (what `docker service create` does)
      await (this.docker.getImage(image) as unknown as { distribution(): Promise<unknown> }).distribution();
    } catch (err) {
      throw new ImageNotFoundError(image, { operation: 'createContainer', cause: err });
    }
  }

  /** {@inheritDoc ContainerDriver.startContainer} */
  async startContainer(id: string, opts: OpOptions = {}): Promise<void> {
    const s = await this.#snapshot(id, 'startContainer');
    const task = s.task;
    const replicas = s.service.Spec.Mode.Replicated.Replicas;
    if (task !== undefined && !isTerminal(task) && task.DesiredState === 'running' && replicas > 0) {
      return this.#waits.running(s.service.ID, new Set(), opts.signal);
    }
    const before = new Set(s.tasks.map((t) => t.ID));
    await this.#services.update(
      s.service,
      (spec) => {
        spec.Mode.Replicated.Replicas = 1;
        if (replicas > 0) spec.TaskTemplate.ForceUpdate = (spec.TaskTemplate.ForceUpdate ?? 0) + 1;
      },
      'startContainer',
    );
    await this.#waits.running(s.service.ID, before, opts.signal);
  }

  /**
   * {@inheritDoc ContainerDriver.stopContainer}
   *
   * Stops the task's container on its node; a restart-none service keeps its replica and exit code ({@link SwarmStopper}).
   */
  async stopContainer(id: string, opts: StopOptions = {}): Promise<void> {
    validateStopOptions(opts);
    await this.#stopper.stop(await this.#snapshot(id, 'stopContainer'), opts);
  }

  /** {@inheritDoc ContainerDriver.restartContainer} */
  async restartContainer(id: string, opts: StopOptions = {}): Promise<void> {
    validateStopOptions(opts);
    await this.stopContainer(id, opts);
    await this.startContainer(id, opts.signal === undefined ? {} : { signal: opts.signal });
  }

  /** {@inheritDoc ContainerDriver.removeContainer} */
  async removeContainer(id: string, opts: RemoveOptions = {}): Promise<void> {
    opts.signal?.throwIfAborted();
    const s = await this.#snapshot(id, 'removeContainer');
    const state = stateOf(s);
    if ((state === 'running' || (state === 'created' && s.task !== undefined)) && opts.force !== true) {
      throw new ContainerConflictError(`Container ${s.service.ID} is running; stop it first or pass force: true`, {
        containerId: s.service.ID,
        operation: 'removeContainer',
      });
    }
    await this.#services.remove(s.service.ID);
    // Swarm removes the task containers asynchronously: remove the ones on known engines now, so none outlives us.
    await Promise.all(
      s.tasks.map(async (t) => {
        const cid = t.Status?.ContainerStatus?.ContainerID;
        const node = await this.#services.node(t.NodeID).catch(() => undefined);
        if (cid === undefined || cid === '' || node === undefined || !(await this.#nodes.knows(node))) return;
        const engine = await this.#nodes.driverFor(node, 'removeContainer');
        await engine
          .removeContainer(cid, { force: true, removeVolumes: opts.removeVolumes ?? false })
          .catch(() => undefined);
      }),
    );
  }

  /** {@inheritDoc ContainerDriver.waitContainer} */
  async waitContainer(id: string, opts: OpOptions = {}): Promise<ExitStatus> {
    return this.#exitStatus(await this.#waits.exited(id, opts.signal));
  }

  async #exitStatus(s: SwarmSnapshot & { task: SwarmTask }): Promise<ExitStatus> {
    const task = s.task;
    const finished = Date.parse(task.Status?.Timestamp ?? '');
    let oomKilled = false;
    const cid = task.Status?.ContainerStatus?.ContainerID;
    if (
      cid !== undefined &&
      cid !== '' &&
      s.node !== undefined &&
      s.node.Status?.State === 'ready' &&
      (await this.#nodes.knows(s.node))
    ) {
      const engine = await this.#nodes.driverFor(s.node, 'waitContainer');
      const info = await engine.docker
        .getContainer(cid)
        .inspect()
        .catch(() => undefined);
      oomKilled = info?.State.OOMKilled ?? false;
    }
    return {
      exitCode: isTerminal(task) ? exitCodeOf(task) : 255,
      oomKilled,
      finishedAt: new Date(Number.isNaN(finished) ? Date.now() : finished),
    };
  }

  /** {@inheritDoc ContainerDriver.getContainer} */
  async getContainer(id: string): Promise<ContainerInstance | null> {
    try {
      return this.#instance(await this.#snapshot(id, 'getContainer'));
    } catch (err) {
      if (ContainerNotFoundError.is(err)) return null;
      throw err;
    }
  }

  /** {@inheritDoc ContainerDriver.listContainers} */
  async listContainers(f: ContainerFilter = {}): Promise<ContainerInstance[]> {
    await this.ready();
    let services = await this.#services.services(containerLabelFilter(f), 'listContainers');
    const nodes = await this.#services.nodes('listContainers');
    if (f.name !== undefined) services = services.filter((s) => s.Spec.Name === f.name);
    const tasks = await this.#services.tasks(
      services.map((s) => s.ID),
      'listContainers',
    );
    const states = filterStates(f);
    return services
      .map((service) => {
        const task = currentTask(tasks.filter((t) => t.ServiceID === service.ID));
        return toSwarmInstance(
          service,
          task,
          nodes.find((n) => n.ID === task?.NodeID),
          this.name,
        );
      })
      .filter((c) => (states === undefined ? c.state !== 'removed' : states.includes(c.state)));
  }

  // ---- in the task: exec, files, stats -------------------------------------------------------------------

  /** {@inheritDoc ContainerDriver.exec} */
  async exec(id: string, spec: ExecSpec): Promise<ExecResult> {
    validateExecSpec(spec);
    const { engine, containerId } = await this.#taskContainer(id, 'exec');
    return engine.exec(containerId, spec);
  }

  /** {@inheritDoc ContainerDriver.execStream} */
  execStream(id: string, spec: ExecSpec): ExecHandle {
    validateExecSpec(spec);
    return DeferredExecHandle.from(
      this.#taskContainer(id, 'execStream').then(({ engine, containerId }) => engine.execStream(containerId, spec)),
    );
  }

  /** {@inheritDoc ContainerDriver.putFiles} */
  async putFiles(id: string, files: FileEntry[], opts: OpOptions = {}): Promise<void> {
    const { engine, containerId } = await this.#taskContainer(id, 'putFiles');
    return engine.putFiles(containerId, files, opts);
  }

  /** {@inheritDoc ContainerDriver.getFile} */
  async getFile(id: string, path: string, opts: OpOptions = {}): Promise<Uint8Array> {
    const { engine, containerId } = await this.#taskContainer(id, 'getFile');
    return engine.getFile(containerId, path, opts);
  }

  /** {@inheritDoc ContainerDriver.getStats} */
  async getStats(id: string): Promise<StatsSample> {
    const { engine, containerId, serviceId } = await this.#taskContainer(id, 'getStats');
    return { ...(await engine.getStats(containerId)), containerId: serviceId };
  }

  /** {@inheritDoc ContainerDriver.stats$} */
  stats$(id: string, opts: StatsStreamOptions = {}): Observable<StatsSample> {
    return defer(() => this.#taskContainer(id, 'stats$')).pipe(
      switchMap(({ engine, containerId, serviceId }) =>
        engine.stats$(containerId, opts).pipe(map((sample) => ({ ...sample, containerId: serviceId }))),
      ),
      takeUntil(this.#dispose.disposing$),
    );
  }

  /** {@inheritDoc ContainerDriver.isContainerHealthy} */
  async isContainerHealthy(id: string): Promise<boolean> {
    const s = await this.#snapshot(id, 'isContainerHealthy');
    if (stateOf(s) !== 'running' || s.node === undefined) return false;
    const containerId = s.task?.Status?.ContainerStatus?.ContainerID ?? '';
    const engine = await this.#nodes.driverFor(s.node, 'isContainerHealthy');
    return engine.isContainerHealthy(containerId);
  }

  // ---- logs and events -----------------------------------------------------------------------------------

  /** {@inheritDoc ContainerDriver.getContainerLogs} */
  async getContainerLogs(id: string, opts: LogOptions = {}): Promise<string> {
    return logText((o) => this.logs$(id, o), opts);
  }

  /** {@inheritDoc ContainerDriver.logs$} */
  logs$(id: string, opts: LogStreamOptions = {}): Observable<LogLine> {
    return defer(() => this.#services.service(id, 'logs$')).pipe(
      switchMap((service) =>
        serviceLogs$(
          this.docker,
          service.ID,
          async () => service.Spec.TaskTemplate.ContainerSpec.TTY,
          opts,
          (signal) => this.waitContainer(service.ID, { signal }),
        ),
      ),
      // the service logs endpoint has no `until`: applied here, and a followed stream completes at it
      filter((line) => opts.until === undefined || line.timestamp.getTime() < opts.until.getTime()),
      takeUntil(opts.follow === true && opts.until !== undefined ? timer(opts.until) : NEVER),
      takeUntil(this.#dispose.disposing$),
    );
  }

  /**
   * {@inheritDoc ContainerDriver.events$}
   *
   * Its `opened` resolves once the manager's and every node's streams are open (see `swarmEvents$`).
   */
  events$(eventFilter?: EventFilter): OpenableObservable<DriverEvent> {
    const events = swarmEvents$(
      {
        manager: this.docker,
        engines: this.#nodes.all(),
        labelsOf: (serviceId) => this.#services.labelsOf(serviceId),
        servicesOnNode: (nodeId) => this.#services.servicesOnNode(nodeId),
        ...(this.#options.events === undefined ? {} : { options: this.#options.events }),
      },
      eventFilter,
    );
    return withOpened(events.pipe(takeUntil(this.#dispose.disposing$)), events.opened);
  }

  /** Swarm health: the manager answers, the swarm is active, and every node's state and availability ({@link swarmHealth}). */
  healthCheck(): Promise<DriverHealth> {
    return swarmHealth({
      docker: this.docker,
      services: this.#services,
      nodes: this.#nodes,
      securityGaps: this.securityGaps,
    });
  }

  // ---- volumes (node-local), networks (overlay), images (every node) ----------------------------------

  /**
   * Creates a named volume on one node ({@link SwarmDriverOptions.volumeNode}, default the manager's): Swarm
   * volumes are node-local, so a container mounting it is placed on that node.
   */
  async createVolume(spec: VolumeSpec): Promise<Volume> {
    validateVolumeSpec(spec);
    await this.ready();
    if ((await this.#fanOut.volumeConstraint(spec.name)) !== undefined) {
      throw new ContainerConflictError(`Volume ${spec.name} already exists`, { operation: 'createVolume' });
    }
    const name = this.#options.volumeNode;
    const target =
      name === undefined
        ? this.#manager
        : await this.#nodes.driverFor({ ID: name, Description: { Hostname: name } }, 'createVolume');
    return target.createVolume(spec);
  }
  /** {@inheritDoc ContainerDriver.removeVolume} */
  async removeVolume(name: string): Promise<void> {
    await this.ready();
    await this.#services.assertVolumeUnused(name);
    return this.#fanOut.removeVolume(name);
  }
  /** Volumes of every known node (by name; the first node holding a name wins). */
  async listVolumes(): Promise<Volume[]> {
    await this.ready();
    return this.#fanOut.listVolumes();
  }

  /** Creates an attachable overlay network (swarm scope). */
  async createNetwork(spec: NetworkSpec): Promise<Network> {
    await this.ready();
    return this.#networks.createNetwork(spec);
  }
  /** {@inheritDoc ContainerDriver.removeNetwork} */
  async removeNetwork(id: string): Promise<void> {
    await this.ready();
    return this.#networks.removeNetwork(id);
  }
  /** {@inheritDoc ContainerDriver.listNetworks} */
  async listNetworks(): Promise<Network[]> {
    await this.ready();
    return this.#networks.listNetworks();
  }

  /** Pulls the image on every known node's engine (so a task can start wherever Swarm places it). */
  async pullImage(image: string, opts: PullOptions = {}): Promise<void> {
    await this.ready();
    await this.#fanOut.pullImage(image, opts);
  }
  /** Images of every known node, de-duplicated by id. */
  async listImages(): Promise<ImageInfo[]> {
    await this.ready();
    return this.#fanOut.listImages();
  }
  /** Removes the image from every known node holding it (`ImageNotFoundError` when none does). */
  async removeImage(image: string, opts: { force?: boolean } = {}): Promise<void> {
    await this.ready();
    return this.#fanOut.removeImage(image, opts);
  }

  /** Disposes the node engines and the manager's driver (an injected one too: the swarm driver owns it). */
  async dispose(): Promise<void> {
    if (!this.#dispose.fire()) return;
    await this.#nodes.dispose();
    await this.#manager.dispose();
  }
}
